import Testing

@testable import FrontlineML

/// Spans of days, weeks, months and years; reference Thursday 2026-12-03 unless the case says.
@Suite struct EntityDateRangeTests {
    static let cases: [EntityCase] = [
        EntityCase("this weekend", ["date|this weekend|2026-12-05/2026-12-06 [2026-12-05..2026-12-06 day]"]),
        EntityCase("next weekend", ["date|next weekend|2026-12-12/2026-12-13 [2026-12-12..2026-12-13 day]"]),
        EntityCase("last weekend", ["date|last weekend|2026-11-28/2026-11-29 [2026-11-28..2026-11-29 day]"]),
        EntityCase("over the weekend", ["date|the weekend|2026-12-05/2026-12-06 [2026-12-05..2026-12-06 day]"]),
        EntityCase("it arrived over the weekend", ["date|the weekend|2026-11-28/2026-11-29 [2026-11-28..2026-11-29 day]"]),
        EntityCase("next week", ["date|next week|2026-12-07 [2026-12-07..2026-12-13 week]"]),
        EntityCase("this week", ["date|this week|2026-11-30 [2026-11-30..2026-12-06 week]"]),
        EntityCase("next month", ["date|next month|2027-01-01 [2027-01-01..2027-01-31 month]"]),
        EntityCase("last year", ["date|last year|2025-01-01 [2025-01-01..2025-12-31 year]"]),
        EntityCase(
            "from monday to wednesday",
            ["date|from monday to wednesday|2026-12-07/2026-12-09 [2026-12-07..2026-12-09 day]"]),
        EntityCase("monday to wednesday", ["date|monday to wednesday|2026-12-07/2026-12-09 [2026-12-07..2026-12-09 day]"]),
        EntityCase("friday to monday", ["date|friday to monday|2026-12-04/2026-12-07 [2026-12-04..2026-12-07 day]"]),
        EntityCase(
            "between monday and friday",
            ["date|between monday and friday|2026-12-07/2026-12-11 [2026-12-07..2026-12-11 day]"]),
        EntityCase(
            "from the 10th to the 12th",
            ["date|from the 10th to the 12th|2026-12-10/2026-12-12 [2026-12-10..2026-12-12 day]"]),
        EntityCase(
            "from 5 march to 8 march", ["date|from 5 march to 8 march|2027-03-05/2027-03-08 [2027-03-05..2027-03-08 day]"]),
        EntityCase("deliver it in may", ["date|may|2027-05-01 [2027-05-01..2027-05-31 month]"]),
        EntityCase("i ordered it in may", ["date|may|2026-05-01 [2026-05-01..2026-05-31 month]"]),
        EntityCase("it was paid in december", ["date|december|2026-12-01 [2026-12-01..2026-12-31 month]"]),
        EntityCase("bought in january", ["date|january|2026-01-01 [2026-01-01..2026-01-31 month]"]),
        EntityCase("will it arrive in january", ["date|january|2027-01-01 [2027-01-01..2027-01-31 month]"]),
        EntityCase("last may", ["date|last may|2026-05-01 [2026-05-01..2026-05-31 month]"]),
        EntityCase("next march", ["date|next march|2027-03-01 [2027-03-01..2027-03-31 month]"]),
        EntityCase("may 2025", ["date|may 2025|2025-05-01 [2025-05-01..2025-05-31 month]"]),
        EntityCase("since march 2024", ["date|march 2024|2024-03-01 [2024-03-01..2024-03-31 month]"]),
        EntityCase("in 2025", ["date|2025|2025-01-01 [2025-01-01..2025-12-31 year]"]),
        EntityCase("by the 3rd", ["date|the 3rd|2026-12-03"]),
        EntityCase("until the 21st.", ["date|the 21st|2026-12-21"]),
        EntityCase("before the 2nd of january", ["date|the 2nd of january|2027-01-02"]),
        // Near misses.
        EntityCase("may I return it", []),
        EntityCase("in may I ask", []),
        EntityCase("we march in march", ["date|march|2027-03-01 [2027-03-01..2027-03-31 month]"]),
        EntityCase("the weekends are busy", []),
        EntityCase("weekend", []),
        EntityCase("the 3rd", ["ordinal|3rd|3"]),
        EntityCase("send it to the 3rd floor", ["ordinal|3rd|3"]),
        EntityCase("in 2025 euros", ["money|2025 euros|2025 EUR"]),
        EntityCase("for 2000 units", ["number|2000|2000"]),
        EntityCase("order A-12345 from monday", ["date|monday|2026-12-07"]),
        EntityCase("version 4.2", []),
        EntityCase("call +44 20 7946 0958", ["phone|+44 20 7946 0958|+442079460958"]),
        EntityCase("pages 3 to 5", ["number|3|3", "number|5|5"]),
    ]

    @Test(arguments: cases) func dateRange(_ row: EntityCase) {
        #expect(spans(row.text) == row.expected)
    }

    @Test func weekendsFromTheWeekend() {
        let saturday = reference(2026, 12, 5)
        #expect(spans("this weekend", saturday) == ["date|this weekend|2026-12-05/2026-12-06 [2026-12-05..2026-12-06 day]"])
        #expect(spans("next weekend", saturday) == ["date|next weekend|2026-12-12/2026-12-13 [2026-12-12..2026-12-13 day]"])
        #expect(spans("last weekend", reference(2026, 12, 6)) == ["date|last weekend|2026-11-28/2026-11-29 [2026-11-28..2026-11-29 day]"])
        #expect(spans("i got it over the weekend", reference(2026, 12, 6)) == ["date|the weekend|2026-12-05/2026-12-06 [2026-12-05..2026-12-06 day]"])
    }

    @Test func structuredRange() throws {
        let r = try BuiltinEntityRecognizer()
        let m = try #require(r.recognize("from monday to wednesday", reference: thursdayMorning).first)
        #expect(m.kind == .date && m.date == CalendarDate(year: 2026, month: 12, day: 7) && m.grain == .day)
        #expect(m.range == EntityRange(from: "2026-12-07", to: "2026-12-09", grain: .day))
        let week = try #require(r.recognize("next week", reference: thursdayMorning).first)
        #expect(week.value == "2026-12-07" && week.range?.to == "2026-12-13")
        #expect(try #require(r.recognize("tomorrow", reference: thursdayMorning).first).range == nil)
    }
}
