import Foundation

/// The moment relative expressions ("tomorrow", "in 3 days", "next monday") are
/// resolved against: a calendar date and a time of day in the customer's time zone.
public struct ReferenceTime: Sendable, Hashable {
    public var date: CalendarDate
    public var time: ClockTime
    /// The direction undated months and weekends take when the text has no tense word
    /// (set from the recognised intent); a tense word in the text always wins.
    public var direction: DateDirection?

    /// A reference given as wall-clock date and time (midnight unless told).
    public init(date: CalendarDate, time: ClockTime = ClockTime(hour: 0)) {
        self.date = date
        self.time = time
    }

    /// The wall-clock date and time of `instant` in `timeZone` (Gregorian calendar).
    public init(_ instant: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        self.init(
            date: CalendarDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1),
            time: ClockTime(hour: c.hour ?? 0, minute: c.minute ?? 0))
    }

    /// Both the date and the time exist.
    public var isValid: Bool { date.isValid && time.isValid }
}
