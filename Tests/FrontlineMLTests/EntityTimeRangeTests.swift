import Testing

@testable import FrontlineML

/// Clock words, parts of the day and ranges of times; reference Thursday 2026-12-03 09:00.
@Suite struct EntityTimeRangeTests {
    static let cases: [EntityCase] = [
        EntityCase("half past two", ["time|half past two|14:30"]),
        EntityCase("at half past 9", ["time|half past 9|09:30"]),
        EntityCase("a quarter to three", ["time|a quarter to three|14:45"]),
        EntityCase("quarter past 10", ["time|quarter past 10|10:15"]),
        EntityCase("quarter to one", ["time|quarter to one|12:45"]),
        EntityCase("ten past five", ["time|ten past five|17:10"]),
        EntityCase("20 minutes to 6pm", ["time|20 minutes to 6pm|17:40"]),
        EntityCase("half past seven in the morning", ["time|half past seven in the morning|07:30"]),
        EntityCase("at 9 in the evening", ["time|9 in the evening|21:00"]),
        EntityCase("at 5 in the morning", ["time|5 in the morning|05:00"]),
        EntityCase("between 9 and 5", ["time|between 9 and 5|09:00/17:00 [09:00..17:00 hour]"]),
        EntityCase("from 10 till 2", ["time|from 10 till 2|10:00/14:00 [10:00..14:00 hour]"]),
        EntityCase("9am-5pm", ["time|9am-5pm|09:00/17:00 [09:00..17:00 hour]"]),
        EntityCase("9:30 to 11:45", ["time|9:30 to 11:45|09:30/11:45 [09:30..11:45 minute]"]),
        EntityCase("between 1 and 3pm", ["time|between 1 and 3pm|13:00/15:00 [13:00..15:00 hour]"]),
        EntityCase("from noon to 4", ["time|from noon to 4|12:00/16:00 [12:00..16:00 hour]"]),
        EntityCase("between nine and five please", ["time|between nine and five|09:00/17:00 [09:00..17:00 hour]"]),
        EntityCase("in the morning", ["time|in the morning|08:00/12:00 [08:00..12:00 hour]"]),
        EntityCase("during the afternoon", ["time|during the afternoon|12:00/18:00 [12:00..18:00 hour]"]),
        EntityCase(
            "this evening",
            ["datetime|this evening|2026-12-03T18:00/2026-12-03T22:00 [2026-12-03T18:00..2026-12-03T22:00 hour]"]),
        EntityCase(
            "tomorrow morning",
            ["datetime|tomorrow morning|2026-12-04T08:00/2026-12-04T12:00 [2026-12-04T08:00..2026-12-04T12:00 hour]"]),
        EntityCase(
            "monday afternoon",
            ["datetime|monday afternoon|2026-12-07T12:00/2026-12-07T18:00 [2026-12-07T12:00..2026-12-07T18:00 hour]"]),
        EntityCase(
            "between 9 and 5 tomorrow",
            ["datetime|between 9 and 5 tomorrow|2026-12-04T09:00/2026-12-04T17:00 [2026-12-04T09:00..2026-12-04T17:00 hour]"]),
        EntityCase(
            "on friday from 9am to noon",
            ["datetime|friday from 9am to noon|2026-12-04T09:00/2026-12-04T12:00 [2026-12-04T09:00..2026-12-04T12:00 hour]"]),
        EntityCase("tomorrow at half past two", ["datetime|tomorrow at half past two|2026-12-04T14:30"]),
        EntityCase("tomorrow at 9 in the evening", ["datetime|tomorrow at 9 in the evening|2026-12-04T21:00"]),
        // Near misses.
        EntityCase("good morning", []),
        EntityCase("morning", []),
        EntityCase("between 2 and 3 days", ["number|2|2", "number|3|3"]),
        EntityCase("9 to 5", ["number|9|9", "number|5|5"]),
        EntityCase("from 1 to 3 items", ["number|1|1", "number|3|3"]),
        EntityCase("between 2.50 and 3.00", ["number|2.50|2.5", "number|3.00|3"]),
        EntityCase("call 555-123-4567", ["phone|555-123-4567|5551234567"]),
        EntityCase("order A-12345 by 5", ["number|5|5"]),
        EntityCase("version 4.2 or later", []),
        EntityCase("half of them", []),
        EntityCase("five to nine", ["number|five|5", "number|nine|9"]),
        EntityCase("12-15 items", ["number|12|12"]),
    ]

    @Test(arguments: cases) func timeRange(_ row: EntityCase) {
        #expect(spans(row.text) == row.expected)
    }

    @Test func asWrittenHoursStillMakeARange() {
        let asWritten = EntitySettings(hourReading: .asWritten)
        #expect(spans("between 9 and 5", settings: asWritten) == ["time|between 9 and 5|09:00/17:00 [09:00..17:00 hour]"])
        #expect(spans("between 1 and 3pm", settings: asWritten) == ["time|between 1 and 3pm|13:00/15:00 [13:00..15:00 hour]"])
        #expect(spans("from 5 to 2", settings: asWritten) == ["time|from 5 to 2|05:00/14:00 [05:00..14:00 hour]"])
    }
}
