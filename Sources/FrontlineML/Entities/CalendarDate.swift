/// A day in the proleptic Gregorian calendar, free of time zones.
///
/// Arithmetic goes through a day count (days since 1970-01-01), which keeps month
/// and year ends and leap days right without a `Calendar` (and is much faster).
/// The initialiser does not validate; `isValid` tells whether the day exists.
public struct CalendarDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A date as given, not validated.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Years this type computes with; outside them the day count could overflow.
    public static let supportedYears = 1...9999

    /// True when the date exists (month 1–12, day within the month, year 1–9999).
    public var isValid: Bool {
        Self.supportedYears.contains(year) && (1...12).contains(month)
            && day >= 1 && day <= Self.daysInMonth(month, year: year)
    }

    /// Gregorian rule: every 4th year, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days in `month` (1–12) of `year`; 0 for a month out of range.
    public static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// ISO weekday: Monday = 1 … Sunday = 7.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = ((dayNumber % 7) + 7) % 7
        return (r + 3) % 7 + 1
    }

    /// The date `days` later (earlier when negative); nil outside the supported years.
    public func adding(days: Int) -> CalendarDate? {
        guard isValid, abs(days) <= 4_000_000 else { return nil }
        let result = CalendarDate(dayNumber: dayNumber + days)
        return result.isValid ? result : nil
    }

    /// The same day `months` later, clamped to the month's length (31 January + 1 → 28/29 February).
    public func adding(months: Int) -> CalendarDate? {
        guard isValid, abs(months) <= 120_000 else { return nil }
        let total = (year * 12 + (month - 1)) + months
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let result = CalendarDate(year: y, month: m, day: min(day, Self.daysInMonth(m, year: y)))
        return result.isValid ? result : nil
    }

    /// "2026-11-24".
    public var iso8601: String {
        var s = ""
        s.reserveCapacity(10)
        appendPadded(&s, year, width: 4)
        s.append("-")
        appendPadded(&s, month, width: 2)
        s.append("-")
        appendPadded(&s, day, width: 2)
        return s
    }

    public var description: String { iso8601 }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil algorithm).
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }
}

/// Appends a non-negative number left-padded with zeros (cheaper than `String(format:)`).
func appendPadded(_ s: inout String, _ value: Int, width: Int) {
    let digits = String(max(value, 0))
    if digits.count < width { s.append(String(repeating: "0", count: width - digits.count)) }
    s.append(digits)
}
