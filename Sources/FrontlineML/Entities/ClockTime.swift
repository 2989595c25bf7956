/// A time of day to the minute, free of dates and time zones.
public struct ClockTime: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// 0–23.
    public var hour: Int
    /// 0–59.
    public var minute: Int

    /// A time as given, not validated.
    public init(hour: Int, minute: Int = 0) {
        self.hour = hour
        self.minute = minute
    }

    /// Hour 0–23 and minute 0–59.
    public var isValid: Bool { (0...23).contains(hour) && (0...59).contains(minute) }

    /// "15:00".
    public var iso8601: String {
        var s = ""
        s.reserveCapacity(5)
        appendPadded(&s, hour, width: 2)
        s.append(":")
        appendPadded(&s, minute, width: 2)
        return s
    }

    public var description: String { iso8601 }

    public static func < (a: ClockTime, b: ClockTime) -> Bool {
        (a.hour, a.minute) < (b.hour, b.minute)
    }
}
