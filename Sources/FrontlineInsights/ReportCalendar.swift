import Foundation

/// UTC days and ISO weeks (Monday first) as "YYYY-MM-DD" keys, computed from epoch days
/// without a formatter or a locale, so the same data gives the same keys everywhere.
public enum ReportCalendar {
    static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 (UTC) of `date`.
    static func epochDay(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(secondsPerDay)).rounded(.down))
    }

    /// The Monday starting the ISO week of `day` (1970-01-01 was a Thursday).
    static func weekStart(_ day: Int64) -> Int64 {
        let weekday = ((day + 3) % 7 + 7) % 7  // 0 = Monday
        return day - weekday
    }

    /// "YYYY-MM-DD" of an epoch day (Howard Hinnant's civil-from-days).
    static func key(_ day: Int64) -> String {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// The epoch day of "YYYY-MM-DD", nil when it is not a valid date.
    static func day(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let day = era * 146_097 + doe - 719_468
        return key(day) == text ? day : nil  // rejects 2026-02-30
    }

    static func date(ofDay day: Int64) -> Date {
        Date(timeIntervalSince1970: Double(day * secondsPerDay))
    }

    /// UTC, to the second, e.g. "2026-11-30T09:15:00Z".
    static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let day = Int64((Double(seconds) / Double(secondsPerDay)).rounded(.down))
        let rest = seconds - day * secondsPerDay
        return key(day) + "T" + pad(rest / 3600, 2) + ":" + pad(rest / 60 % 60, 2) + ":" + pad(rest % 60, 2) + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
