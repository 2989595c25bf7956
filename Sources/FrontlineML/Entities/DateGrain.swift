/// How much of the calendar a date entity stands for: "tomorrow" is a day,
/// "next week" a week (value: its Monday), "next month" a month (value: its first day).
public enum DateGrain: String, Sendable, Hashable, Codable {
    case day, week, month, year
}
