/// How much of the calendar a date entity stands for: "tomorrow" is a day,
/// "next week" a week (value: its Monday), "next month" a month (value: its first day).
/// Ranges of times ("between 9 and 5", "in the morning") have grain hour or minute:
/// the finest unit their ends were written to.
public enum DateGrain: String, Sendable, Hashable, Codable {
    case day, week, month, year, hour, minute
}
