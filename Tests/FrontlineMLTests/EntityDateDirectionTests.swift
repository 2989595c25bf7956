import Testing

@testable import FrontlineML

/// An undated month or weekend with no tense word takes the direction the intent gives
/// (the domain's `dates:`); a tense word in the text still wins. Reference: Thursday 2026-12-03.
@Suite struct EntityDateDirectionTests {
    let recognizer = try! BuiltinEntityRecognizer()  // no patterns: nothing to refuse

    func firstDate(_ text: String, _ direction: DateDirection?) -> String? {
        var reference = ReferenceTime(date: CalendarDate(year: 2026, month: 12, day: 3), time: ClockTime(hour: 9))
        reference.direction = direction
        return recognizer.recognize(text, reference: reference).first { $0.kind == .date }?.value
    }

    @Test(arguments: [
        ("my order from may", DateDirection.past, "2026-05-01"),
        ("my order from may", .future, "2027-05-01"),
        ("the parcel in march", .past, "2026-03-01"),
        ("the parcel in march", .future, "2027-03-01"),
        ("over the weekend", .past, "2026-11-28/2026-11-29"),
        ("over the weekend", .future, "2026-12-05/2026-12-06"),
        // This month counts either way.
        ("the one in december", .past, "2026-12-01"),
        ("the one in december", .future, "2026-12-01"),
    ])
    func directionDecidesWithoutATenseWord(text: String, direction: DateDirection, expected: String) {
        #expect(firstDate(text, direction) == expected)
    }

    @Test func withoutADirectionTheFutureIsAssumedAsBefore() {
        #expect(firstDate("my order from may", nil) == "2027-05-01")
    }

    @Test(arguments: [
        ("i ordered it in may", DateDirection.future, "2026-05-01"),
        ("can you deliver it in may", .past, "2027-05-01"),
        ("it arrived over the weekend", .future, "2026-11-28/2026-11-29"),
    ])
    func aTenseWordInTheTextWins(text: String, direction: DateDirection, expected: String) {
        #expect(firstDate(text, direction) == expected)
    }
}
