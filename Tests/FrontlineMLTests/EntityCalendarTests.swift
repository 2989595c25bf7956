import Foundation
import Testing

@testable import FrontlineML

@Suite struct EntityCalendarTests {
    @Test func dayArithmeticMatchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let start = CalendarDate(year: 1999, month: 12, day: 25)
        var day = start
        for offset in 0..<3000 {
            let expected = try #require(calendar.date(from: DateComponents(year: 1999, month: 12, day: 25 + offset)))
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: expected)
            #expect(day == CalendarDate(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0))
            // Foundation: Sunday = 1; ISO: Monday = 1.
            #expect(day.weekday == ((c.weekday ?? 0) + 5) % 7 + 1)
            #expect(start.adding(days: offset) == day)
            day = try #require(day.adding(days: 1))
        }
    }

    @Test func monthArithmeticClamps() {
        let jan31 = CalendarDate(year: 2026, month: 1, day: 31)
        #expect(jan31.adding(months: 1) == CalendarDate(year: 2026, month: 2, day: 28))
        #expect(jan31.adding(months: -2) == CalendarDate(year: 2025, month: 11, day: 30))
        #expect(jan31.adding(months: 13) == CalendarDate(year: 2027, month: 2, day: 28))
        #expect(
            CalendarDate(year: 2028, month: 1, day: 31).adding(months: 1) == CalendarDate(year: 2028, month: 2, day: 29)
        )
        #expect(CalendarDate(year: 9999, month: 12, day: 31).adding(days: 1) == nil)
        #expect(CalendarDate(year: 2026, month: 2, day: 30).adding(days: 1) == nil)
    }

    @Test func isoStrings() {
        #expect(CalendarDate(year: 987, month: 3, day: 4).iso8601 == "0987-03-04")
        #expect(ClockTime(hour: 7, minute: 5).iso8601 == "07:05")
    }

    @Test func referenceFromDateAndTimeZone() throws {
        // 2026-11-23T23:30Z is already the 24th in Tokyo.
        let instant = Date(timeIntervalSince1970: 1_795_476_600)
        let utc = ReferenceTime(instant, timeZone: try #require(TimeZone(identifier: "UTC")))
        #expect(utc.date == CalendarDate(year: 2026, month: 11, day: 23) && utc.time == ClockTime(hour: 23, minute: 30))
        let tokyo = ReferenceTime(instant, timeZone: try #require(TimeZone(identifier: "Asia/Tokyo")))
        #expect(
            tokyo.date == CalendarDate(year: 2026, month: 11, day: 24) && tokyo.time == ClockTime(hour: 8, minute: 30))
        let r = try BuiltinEntityRecognizer()
        #expect(
            r.recognize("tomorrow", now: instant, timeZone: try #require(TimeZone(identifier: "Asia/Tokyo"))).first?
                .value == "2026-11-25")
    }
}
