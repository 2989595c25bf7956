/// The extent of a date, time or datetime entity that stands for more than one point:
/// a week, month or year ("next week", "in may"), a span of days ("this weekend",
/// "from monday to wednesday"), of times ("between 9 and 5", "in the morning") or of
/// both ("tomorrow between 9 and 5"). Both ends are included and written like the
/// entity's value: "2026-12-12", "09:00", "2026-12-04T09:00".
public struct EntityRange: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    /// Day, week, month or year for days; hour or minute for times.
    public var grain: DateGrain

    public init(from: String, to: String, grain: DateGrain) {
        self.from = from
        self.to = to
        self.grain = grain
    }

    /// ISO 8601 interval notation, "from/to": the `value` of a span that is not one calendar unit.
    public var interval: String { from + "/" + to }

    /// A whole week, month or year starting on `first`.
    static func calendarUnit(_ first: CalendarDate, _ grain: DateGrain) -> EntityRange? {
        let last: CalendarDate?
        switch grain {
        case .week: last = first.adding(days: 6)
        case .month: last = first.adding(months: 1)?.adding(days: -1)
        case .year: last = CalendarDate(year: first.year, month: 12, day: 31)
        case .day, .hour, .minute: return nil
        }
        guard let last else { return nil }
        return EntityRange(from: first.iso8601, to: last.iso8601, grain: grain)
    }

    /// Hour grain when both times are whole hours, else minute.
    static func timeGrain(_ a: ClockTime, _ b: ClockTime) -> DateGrain {
        a.minute == 0 && b.minute == 0 ? .hour : .minute
    }
}
