import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct DomainCrossCheckTests {
    static let intents = ["greet", "deny", "order_status", "refund", "move", "help", "human", "oos"]

    /// One plain example per fixture intent, plus `extra`.
    static func nlu(_ extra: [Utterance] = [], dropping dropped: String? = nil) throws -> Dataset {
        let base = intents.filter { $0 != dropped }.map { Utterance(text: "example for \($0)", intent: $0) }
        return try Dataset(source: "nlu", format: .frontline, splits: ["train": base + extra])
    }

    static func span(_ text: String, _ raw: String, _ slot: String, _ value: String? = nil) -> SlotSpan {
        let start = text.unicodeScalars.count - text.components(separatedBy: raw)[1].unicodeScalars.count - raw.unicodeScalars.count
        return SlotSpan(slot: slot, start: start, end: start + raw.unicodeScalars.count, value: value)
    }

    static func example(_ text: String, _ raw: String, _ slot: String, _ value: String? = nil, intent: String = "order_status") -> Utterance {
        Utterance(text: text, intent: intent, slots: [span(text, raw, slot, value)])
    }

    @Test func agreeingDataHasNoProblems() throws {
        let domain = try DomainFixture.load(DomainFixture.folder())
        let examples = [
            Self.example("where is a12345", "a12345", "order_number", "A-12345"),
            Self.example("where is A 12345", "A 12345", "order_number"),
            Self.example("is the 15 PRO in stock", "15 PRO", "product", intent: "help"),
            Self.example("is the 15 pro in stock", "15 pro", "product", "iphone 15 pro", intent: "help"),
            Self.example("mail me at a@example.com", "a@example.com", "email", intent: "refund"),
            Self.example("send it to 1 Main St", "1 Main St", "address", intent: "move"),
        ]
        #expect(DomainLoader.crossCheck(domain, against: try Self.nlu(examples)).isEmpty)
    }

    @Test func intentsMustMatchBothWays() throws {
        let domain = try DomainFixture.load(DomainFixture.folder())
        let problems = DomainLoader.crossCheck(domain, against: try Self.nlu([Utterance(text: "hey", intent: "gret")], dropping: "human"))
        #expect(problems.map(\.description) == [
            "nlu: intent 'gret' has 1 examples but is not declared in \(domain.file) (did you mean 'greet'?): expected it under 'intents'",
            "\(domain.file):\(DomainFixture.line(of: "human: {}")): intent 'human' has no examples in nlu: expected NLU examples for it, or delete it",
        ])
    }

    @Test func slotAnnotationsMustFitTheDomain() throws {
        let domain = try DomainFixture.load(DomainFixture.folder())
        let problems = DomainLoader.crossCheck(domain, against: try Self.nlu([
            Self.example("order A12345 please", "A12345", "order_numbr"),
            Self.example("order A12345 again", "A12345", "order_numbr"),  // reported once
            Self.example("the pixel 9 please", "pixel 9", "product", intent: "help"),
            Self.example("the pixel please", "pixel", "product", "pixel 9", intent: "help"),
            Self.example("order 12345", "12345", "order_number"),
            Self.example("order a-12345", "a-12345", "order_number", "A-12346"),
        ])).map(\.message)
        #expect(problems.count == 5)
        #expect(problems[0].contains("annotates slot 'order_numbr', which is not declared"))
        #expect(problems[0].contains("(did you mean 'order_number'?)"))
        #expect(problems[1].contains("'pixel 9' is not a value or synonym of slot 'product'"))
        #expect(problems[2].contains("'pixel 9' is not a value of slot 'product' (did you mean 'pixel 8'?)"))
        #expect(problems[3].contains("'12345' does not match the pattern of slot 'order_number'"))
        #expect(problems[4].contains("value 'A-12346' for 'a-12345' differs from the canonical form 'A-12345'"))
        #expect(problems.allSatisfy { $0.hasPrefix("example \"") })
    }
}
