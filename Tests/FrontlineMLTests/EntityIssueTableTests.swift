import Testing

@testable import FrontlineML

/// Thursday 3 December 2026, 09:00: the reference of the table customers' messages were tried with.
let thursdayMorning = ReferenceTime(date: CalendarDate(year: 2026, month: 12, day: 3), time: ClockTime(hour: 9))

/// Entities as "kind|raw|value", with " [from..to grain]" for those with a range.
func spans(_ text: String, _ ref: ReferenceTime = thursdayMorning, settings: EntitySettings = EntitySettings()) -> [String] {
    guard let recognizer = try? BuiltinEntityRecognizer(settings: settings) else {
        Issue.record("recognizer did not build")
        return []
    }
    _ = entities(text, ref, settings: settings)  // checks the offsets
    return recognizer.recognize(text, reference: ref).map { m in
        let base = "\(m.kind)|\(m.raw)|\(m.value)"
        guard let r = m.range else { return base }
        return base + " [\(r.from)..\(r.to) \(r.grain.rawValue)]"
    }
}

/// One row: a text and exactly the entities it must give.
struct EntityCase: CustomTestStringConvertible, Sendable {
    let text: String
    let expected: [String]
    init(_ text: String, _ expected: [String]) {
        self.text = text
        self.expected = expected
    }
    var testDescription: String { text }
}

@Suite struct EntityIssueTableTests {
    /// The table of the issue that asked for ranges, parts of day, clock words, months and decimal commas.
    static let table: [EntityCase] = [
        EntityCase(
            "can you deliver it next weekend",
            ["date|next weekend|2026-12-12/2026-12-13 [2026-12-12..2026-12-13 day]"]),
        EntityCase(
            "deliver tomorrow between 9 and 5",
            ["datetime|tomorrow between 9 and 5|2026-12-04T09:00/2026-12-04T17:00 [2026-12-04T09:00..2026-12-04T17:00 hour]"]),
        EntityCase("call me at half past two", ["time|half past two|14:30"]),
        EntityCase("i ordered it in may", ["date|may|2026-05-01 [2026-05-01..2026-05-31 month]"]),
        EntityCase("it cost 12,50 euros", ["money|12,50 euros|12.50 EUR"]),
        EntityCase(
            "the day after tomorrow in the morning",
            ["datetime|the day after tomorrow in the morning|2026-12-05T08:00/2026-12-05T12:00 [2026-12-05T08:00..2026-12-05T12:00 hour]"]),
    ]

    @Test(arguments: table) func issueRow(_ row: EntityCase) {
        #expect(spans(row.text) == row.expected)
    }

    @Test func halfPastTwoAsWrittenIsNight() {
        #expect(spans("call me at half past two", settings: EntitySettings(hourReading: .asWritten)) == ["time|half past two|02:30"])
    }
}
