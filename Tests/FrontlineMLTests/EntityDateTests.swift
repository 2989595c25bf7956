import Testing

@testable import FrontlineML

@Suite struct EntityDateTests {
    @Test func relativeDays() {
        #expect(entities("today") == ["date|today|2026-11-23"])
        #expect(entities("Tomorrow") == ["date|Tomorrow|2026-11-24"])
        #expect(entities("yesterday") == ["date|yesterday|2026-11-22"])
        #expect(entities("the day after tomorrow") == ["date|the day after tomorrow|2026-11-25"])
        #expect(entities("day after tomorrow") == ["date|day after tomorrow|2026-11-25"])
        #expect(entities("the day before yesterday") == ["date|the day before yesterday|2026-11-21"])
        #expect(values("tomorrow", .date, reference(2026, 12, 31)) == ["2027-01-01"])
        #expect(values("yesterday", .date, reference(2027, 1, 1)) == ["2026-12-31"])
    }

    @Test func weekdaysFromAMonday() {
        // Reference: Monday 2026-11-23.
        #expect(values("monday", .date) == ["2026-11-30"])  // bare weekday: strictly after today
        #expect(values("next monday", .date) == ["2026-11-30"])
        #expect(values("this monday", .date) == ["2026-11-23"])  // "this" includes today
        #expect(values("last monday", .date) == ["2026-11-16"])
        #expect(values("friday", .date) == ["2026-11-27"])
        #expect(values("next friday", .date) == ["2026-11-27"])
        #expect(values("last friday", .date) == ["2026-11-20"])
        #expect(entities("on Friday") == ["date|Friday|2026-11-27"])
    }

    @Test func weekdaysFromOtherDays() {
        let sunday = reference(2026, 11, 22)
        #expect(values("next monday", .date, sunday) == ["2026-11-23"])
        #expect(values("monday", .date, sunday) == ["2026-11-23"])
        let tuesday = reference(2026, 11, 24)
        #expect(values("last tuesday", .date, tuesday) == ["2026-11-17"])
        #expect(values("tuesday", .date, tuesday) == ["2026-12-01"])
        // Across the year end: Wednesday 30 December.
        #expect(values("next monday", .date, reference(2026, 12, 30)) == ["2027-01-04"])
        #expect(values("last thursday", .date, reference(2027, 1, 2)) == ["2026-12-31"])
    }

    @Test func abbreviatedWeekdaysNeedAQualifier() {
        #expect(entities("I sat down") == [])
        #expect(values("next sat", .date) == ["2026-11-28"])
        #expect(values("on wed", .date) == ["2026-11-25"])
    }

    @Test func offsets() {
        #expect(values("in 3 days", .date, reference(2026, 12, 30)) == ["2027-01-02"])
        #expect(entities("in 3 days") == ["date|in 3 days|2026-11-26"])
        #expect(entities("3 days ago") == ["date|3 days ago|2026-11-20"])
        #expect(values("in two weeks", .date) == ["2026-12-07"])
        #expect(values("in a week", .date) == ["2026-11-30"])
        #expect(values("a week ago", .date) == ["2026-11-16"])
        #expect(values("2 weeks from now", .date) == ["2026-12-07"])
        #expect(values("in 2 months", .date) == ["2027-01-23"])
        #expect(values("in a month", .date, reference(2026, 1, 31)) == ["2026-02-28"])
        #expect(values("in a month", .date, reference(2028, 1, 31)) == ["2028-02-29"])
        #expect(values("in a year", .date, reference(2024, 2, 29)) == ["2025-02-28"])
        #expect(values("3 days ago", .date, reference(2026, 3, 1)) == ["2026-02-26"])
        #expect(values("3 days ago", .date, reference(2028, 3, 1)) == ["2028-02-27"])
        #expect(values("in 400 days", .date) == ["2027-12-28"])
    }

    @Test func leapDays() {
        #expect(values("in 1 day", .date, reference(2028, 2, 28)) == ["2028-02-29"])
        #expect(values("in 1 day", .date, reference(2027, 2, 28)) == ["2027-03-01"])
        #expect(values("in 1 day", .date, reference(2100, 2, 28)) == ["2100-03-01"])  // not a leap year
        #expect(values("in 1 day", .date, reference(2000, 2, 28)) == ["2000-02-29"])  // is one
        #expect(values("29 feb", .date) == ["2028-02-29"])  // next 29 February
        #expect(values("29 feb 2028", .date) == ["2028-02-29"])
        #expect(values("29 feb 2027", .date) == [])
        #expect(values("31 april", .date) == [])
    }

    @Test func calendarUnits() {
        #expect(entities("next week") == ["date|next week|2026-11-30"])
        #expect(values("this week", .date, reference(2026, 11, 26)) == ["2026-11-23"])
        #expect(values("last week", .date) == ["2026-11-16"])
        #expect(values("next week", .date, reference(2026, 12, 29)) == ["2027-01-04"])
        #expect(values("next month", .date) == ["2026-12-01"])
        #expect(values("next month", .date, reference(2026, 12, 15)) == ["2027-01-01"])
        #expect(values("last month", .date, reference(2026, 1, 10)) == ["2025-12-01"])
        #expect(values("next year", .date) == ["2027-01-01"])
    }

    @Test func dayAndMonth() {
        #expect(entities("on 5 march") == ["date|5 march|2027-03-05"])
        #expect(entities("march 5th") == ["date|march 5th|2027-03-05"])
        #expect(entities("5th of March") == ["date|5th of March|2027-03-05"])
        #expect(entities("march the 5th") == ["date|march the 5th|2027-03-05"])
        #expect(entities("the fifth of march") == ["date|the fifth of march|2027-03-05"])
        #expect(entities("Dec 1") == ["date|Dec 1|2026-12-01"])
        #expect(entities("5 march 2027") == ["date|5 march 2027|2027-03-05"])
        #expect(entities("march 5, 2027") == ["date|march 5, 2027|2027-03-05"])
        #expect(entities("Monday, 30 November") == ["date|Monday, 30 November|2026-11-30"])
        // On or after today: today itself, and a passed day goes to next year.
        #expect(values("23 november", .date) == ["2026-11-23"])
        #expect(values("22 november", .date) == ["2027-11-22"])
    }

    @Test func dayOfMonthAlone() {
        #expect(entities("on the 5th") == ["date|the 5th|2026-12-05"])
        #expect(entities("on the 23rd") == ["date|the 23rd|2026-11-23"])
        #expect(entities("on the thirty-first") == ["date|the thirty-first|2026-12-31"])
        #expect(entities("friday the 13th") == ["date|friday the 13th|2027-08-13"])
        #expect(entities("on the 5") == ["number|5|5"])
        #expect(entities("the 5th") == ["ordinal|5th|5"])
    }

    @Test func mayAndMarchOnlyNextToADay() {
        #expect(entities("may 5") == ["date|may 5|2027-05-05"])
        #expect(entities("5 May") == ["date|5 May|2027-05-05"])
        #expect(entities("may I return it") == [])
        #expect(entities("May I return it?") == [])
        #expect(entities("we march on") == [])
        #expect(entities("march 3") == ["date|march 3|2027-03-03"])
    }

    @Test func numericDates() {
        #expect(entities("2026-12-01") == ["date|2026-12-01|2026-12-01"])
        #expect(entities("2026/12/01") == ["date|2026/12/01|2026-12-01"])
        #expect(entities("5/3") == ["date|5/3|2027-03-05"])
        #expect(values("5/3", .date, settings: EntitySettings(numericDateOrder: .monthFirst)) == ["2027-05-03"])
        #expect(values("12/25", .date) == ["2026-12-25"])  // impossible day-first, read month-first
        #expect(values("25/12", .date, settings: EntitySettings(numericDateOrder: .monthFirst)) == ["2026-12-25"])
        #expect(values("05/03/26", .date) == ["2026-03-05"])
        #expect(values("5/3/2027", .date) == ["2027-03-05"])
        #expect(values("2026-13-01", .date) == [])
        #expect(values("45/99", .date) == [])
        #expect(values("1/2/3/4", .date) == [])
        #expect(values("24/7 support", .date) == [])
    }

    @Test func holidays() {
        #expect(entities("christmas") == ["date|christmas|2026-12-25"])
        #expect(entities("christmas eve") == ["date|christmas eve|2026-12-24"])
        #expect(values("christmas", .date, reference(2026, 12, 26)) == ["2027-12-25"])
        #expect(values("new year's eve", .date) == ["2026-12-31"])
        #expect(values("new year's day", .date) == ["2027-01-01"])
    }
}

@Suite struct EntityTimeTests {
    @Test func clockTimes() {
        #expect(entities("at 5pm") == ["time|5pm|17:00"])
        #expect(entities("5 pm") == ["time|5 pm|17:00"])
        #expect(entities("5 p.m.") == ["time|5 p.m.|17:00"])
        #expect(entities("9am") == ["time|9am|09:00"])
        #expect(entities("5:30pm") == ["time|5:30pm|17:30"])
        #expect(entities("17:45") == ["time|17:45|17:45"])
        #expect(entities("noon") == ["time|noon|12:00"])
        #expect(entities("midnight") == ["time|midnight|00:00"])
        #expect(entities("12am") == ["time|12am|00:00"])
        #expect(entities("12pm") == ["time|12pm|12:00"])
        #expect(entities("10:30:15") == ["time|10:30:15|10:30"])
        #expect(entities("5 o'clock") == ["time|5 o'clock|17:00"])
        #expect(entities("9.30am") == ["time|9.30am|09:30"])
    }

    @Test func hoursWithoutMeridiem() {
        #expect(values("5:30", .time) == ["17:30"])  // business hours: 1–6 are afternoon
        #expect(values("9:30", .time) == ["09:30"])
        #expect(values("05:30", .time) == ["05:30"])  // leading zero: 24-hour
        #expect(values("5:30", .time, settings: EntitySettings(hourReading: .asWritten)) == ["05:30"])
        #expect(entities("call me at 5") == ["time|5|17:00"])
        #expect(entities("at 5, please") == ["time|5|17:00"])
    }

    @Test func notTimes() {
        #expect(entities("look at 5 items") == ["number|5|5"])
        #expect(entities("13pm") == [])
        #expect(values("25:00", .time) == [])
        #expect(entities("I am 5") == ["number|5|5"])
        #expect(entities("5.30") == ["number|5.30|5.3"])
        #expect(entities("sold at 2.50") == ["number|2.50|2.5"])  // a dotted time needs am/pm
    }

    @Test func datetimes() {
        #expect(entities("tomorrow at 3pm") == ["datetime|tomorrow at 3pm|2026-11-24T15:00"])
        #expect(entities("next friday 10am") == ["datetime|next friday 10am|2026-11-27T10:00"])
        #expect(entities("5pm on monday") == ["datetime|5pm on monday|2026-11-30T17:00"])
        #expect(entities("at 5 tomorrow") == ["datetime|5 tomorrow|2026-11-24T17:00"])
        #expect(entities("tonight at 8") == ["datetime|tonight at 8|2026-11-23T20:00"])
        #expect(entities("5 march at 17:45") == ["datetime|5 march at 17:45|2027-03-05T17:45"])
        #expect(entities("2026-12-01T15:00") == ["datetime|2026-12-01T15:00|2026-12-01T15:00"])
        #expect(entities("in 2 hours") == ["datetime|in 2 hours|2026-11-23T11:00"])
        #expect(values("in 3 hours", .datetime, reference(2026, 12, 31, 23, 0)) == ["2027-01-01T02:00"])
        #expect(values("30 minutes ago", .datetime, reference(2027, 1, 1, 0, 10)) == ["2026-12-31T23:40"])
    }
}
