import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct InlineAnnotationTests {
    @Test func plainTextHasNoSlots() throws {
        let parsed = try InlineAnnotation.parse("has my order shipped yet")
        #expect(parsed.text == "has my order shipped yet")
        #expect(parsed.slots.isEmpty)
    }

    @Test func slotWithAndWithoutCanonicalValue() throws {
        let parsed = try InlineAnnotation.parse("move [A12345](order_number) to [next tuesday](date:2024-05-07)")
        #expect(parsed.text == "move A12345 to next tuesday")
        #expect(parsed.slots == [
            SlotSpan(slot: "order_number", start: 5, end: 11),
            SlotSpan(slot: "date", start: 15, end: 27, value: "2024-05-07"),
        ])
    }

    @Test func offsetsAreUnicodeScalars() throws {
        let parsed = try InlineAnnotation.parse("café [A-1](order)")
        #expect(parsed.text == "café A-1")
        #expect(parsed.slots == [SlotSpan(slot: "order", start: 5, end: 8)])

        // Emoji with a skin-tone modifier: one Character, two scalars.
        let emoji = try InlineAnnotation.parse("👍🏽 [Zürich](city:zurich) ok")
        #expect(emoji.text == "👍🏽 Zürich ok")
        #expect(emoji.slots == [SlotSpan(slot: "city", start: 3, end: 9, value: "zurich")])
        let scalars = Array(emoji.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[3..<9])) == "Zürich")
    }

    @Test func escapedBracketsAreLiteral() throws {
        let parsed = try InlineAnnotation.parse(#"press \[enter\] on [the box](device)"#)
        #expect(parsed.text == "press [enter] on the box")
        #expect(parsed.slots == [SlotSpan(slot: "device", start: 17, end: 24)])
    }

    @Test(arguments: [
        ("where is [A12345", "unclosed '[' in annotation: expected ']' at character 10"),
        ("where is [A1](order", "unclosed '(' in annotation: expected ')'"),
        ("where is [A1] now", "expected '(slot)' or '(slot:value)' after ']'"),
        ("where is [A1]{\"entity\": \"order\"}", "expected '(slot)' or '(slot:value)' after ']'"),
        ("where is [](order)", "empty annotation: expected text between '[' and ']'"),
        ("where is [A1]()", "empty slot name in annotation"),
        ("where is [A1](order:)", "empty value after ':'"),
        ("where is [A1](my order)", "invalid slot name \"my order\""),
        ("where is [a [b](x)](y)", "unexpected '[' inside an annotation"),
        ("smile :]", "unexpected ']' without a matching '['"),
    ])
    func malformedAnnotations(example: String, message: String) {
        #expect(throws: InlineAnnotation.ParseError.self) { try InlineAnnotation.parse(example) }
        do {
            _ = try InlineAnnotation.parse(example)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.message.contains("\"\(example)\""))
        }
    }
}
