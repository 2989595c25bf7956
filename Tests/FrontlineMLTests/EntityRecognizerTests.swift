import Foundation
import Testing

@testable import FrontlineML

// Shared by the Entity*Tests suites.

/// Monday 23 November 2026, 09:00.
let mondayMorning = ReferenceTime(date: CalendarDate(year: 2026, month: 11, day: 23), time: ClockTime(hour: 9))

func reference(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 9, _ minute: Int = 0) -> ReferenceTime {
    ReferenceTime(date: CalendarDate(year: year, month: month, day: day), time: ClockTime(hour: hour, minute: minute))
}

/// Entities as "kind|raw|value", in text order; also checks every match's offsets
/// point at its raw text.
func entities(
    _ text: String, _ ref: ReferenceTime = mondayMorning, settings: EntitySettings = EntitySettings(),
    patterns: [PatternEntity] = []
) -> [String] {
    guard let recognizer = try? BuiltinEntityRecognizer(patterns: patterns, settings: settings) else {
        Issue.record("recognizer did not build")
        return []
    }
    let matches = recognizer.recognize(text, reference: ref)
    let scalars = Array(text.unicodeScalars)
    var previousEnd = 0
    for m in matches {
        #expect(m.start >= previousEnd && m.start < m.end && m.end <= scalars.count, "bad span in \(text)")
        if m.start >= 0 && m.start < m.end && m.end <= scalars.count {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[m.start..<m.end])
            #expect(String(view) == m.raw, "offsets of \(m.raw) in \(text)")
        }
        previousEnd = m.end
    }
    return matches.map { "\($0.kind)|\($0.raw)|\($0.value)" }
}

/// The values of the matches of one kind.
func values(
    _ text: String, _ kind: EntityKind, _ ref: ReferenceTime = mondayMorning,
    settings: EntitySettings = EntitySettings()
) -> [String] {
    entities(text, ref, settings: settings).compactMap {
        let parts = $0.split(separator: "|", omittingEmptySubsequences: false)
        return parts.first.map(String.init) == kind.rawValue ? parts.last.map(String.init) : nil
    }
}

@Suite struct EntityRecognizerTests {
    @Test func leftmostLongestWithoutOverlaps() {
        #expect(entities("deliver tomorrow at 3pm please") == ["datetime|tomorrow at 3pm|2026-11-24T15:00"])
        #expect(entities("$12.50") == ["money|$12.50|12.50 USD"])
        #expect(entities("15% off 2 items") == ["percentage|15%|15%", "number|2|2"])
        #expect(entities("the 5th of march") == ["date|the 5th of march|2027-03-05"])
    }

    @Test func structuredFields() throws {
        let r = try BuiltinEntityRecognizer()
        let money = try #require(r.recognize("it was €30", reference: mondayMorning).first)
        #expect(money.kind == .money && money.number == 30 && money.currency == "EUR")
        let date = try #require(r.recognize("next week", reference: mondayMorning).first)
        #expect(date.date == CalendarDate(year: 2026, month: 11, day: 30) && date.grain == .week)
        let dt = try #require(r.recognize("tomorrow at 3pm", reference: mondayMorning).first)
        #expect(dt.time == ClockTime(hour: 15) && dt.date == CalendarDate(year: 2026, month: 11, day: 24))
        #expect(dt.grain == nil)
    }

    @Test func offsetsCountUnicodeScalars() {
        // "é" precomposed is one scalar, decomposed two; the emoji is one scalar (two UTF-16 units).
        #expect(entities("Café: call +44 20 7946 0958") == ["phone|+44 20 7946 0958|+442079460958"])
        let decomposed = "Cafe\u{301}: call +44 20 7946 0958"
        let r = try? BuiltinEntityRecognizer()
        #expect(r?.recognize("Café: call +44 20 7946 0958", reference: mondayMorning).first?.start == 11)
        #expect(r?.recognize(decomposed, reference: mondayMorning).first?.start == 12)
        #expect(r?.recognize("👋🏽 tomorrow", reference: mondayMorning).first?.start == 3)
    }

    @Test func disabledKindsLetShorterMatchesThrough() throws {
        var settings = EntitySettings()
        settings.kinds.remove(.date)
        #expect(entities("on 5 march", settings: settings) == ["number|5|5"])
        let r = try BuiltinEntityRecognizer(settings: settings)
        #expect(!r.isEnabled(.date) && r.isEnabled(.number))
        #expect(!r.kinds.contains(.date) && r.kinds.count == EntityKind.builtins.count - 1)
    }

    @Test func enabledKindsIncludePatterns() throws {
        let r = try BuiltinEntityRecognizer(patterns: [PatternEntity(name: "order_number", pattern: #"[A-Z]-?\d{4,6}"#)]
        )
        #expect(r.kinds == EntityKind.builtins + [EntityKind("order_number")])
        #expect(r.isEnabled("order_number") && !r.isEnabled("sku"))
    }

    @Test func invalidReferenceSkipsDatesButKeepsTimes() {
        let bad = reference(2026, 2, 30)
        #expect(entities("tomorrow at 5pm", bad) == ["time|5pm|17:00"])
    }

    @Test func survivesOddInput() throws {
        let r = try BuiltinEntityRecognizer(patterns: [PatternEntity(name: "code", pattern: #"\d+"#)])
        let inputs = [
            "", " ", "$", "%", "+", "(", "@", "@@", ".", "http://", "www.", "a@", "@b.com", "5:", ":5", "5/",
            "/5", "12/", "2026-", "2026-12-", "99999999999999999999999999 dollars", "+((((5", "- - -",
            "twenty-", "-one", "and and and", "the the day after", "in", "in a", "next", "at", "at 99",
            "29/02", "31/02/2027", "0/0", "00:00", "24:00", "99:99", "1st 2nd 3rd", "0th", "\u{0}\u{FFFF}",
            String(repeating: "9", count: 500), String(repeating: "a.", count: 300), "٣٤ ٥٦", "１２時",
        ]
        for text in inputs { _ = r.recognize(text, reference: mondayMorning) }
        #expect(entities("0th") == [])
        #expect(entities("at 99") == ["number|99|99"])
    }

    @Test func randomTextKeepsTheInvariants() {
        // Tricky pieces glued at random: spans must stay ordered, in range and on their raw text.
        let pieces = [
            "1", "2", "0", "9", "12", "2026", ".", ",", ":", "/", "-", "+", "(", ")", "$", "€", "%", "@", "a",
            "am", "pm", "p", "m", "x", " ", " ", " ", "é", "e\u{301}", "👋", "may", "5th", "next", "monday",
            "at", "in", "days", "ago", "www.", "com", "http://", "twenty", "one", "hundred", "and", "'", "the",
            "of", "march", "tomorrow", "percent", "dollars", "USD", "T", "\u{2019}", "\n",
        ]
        let values = SlotValueSet([SlotValue("iphone 15 pro", synonyms: ["15 pro"]), SlotValue("monday blues")])
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3000 {
            let length = Int.random(in: 0...16, using: &generator)
            let text = (0..<length).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
            _ = entities(text, patterns: [PatternEntity(name: "code", pattern: #"[A-Z]\d+"#)])
            var previousEnd = 0
            let scalarCount = text.unicodeScalars.count
            for m in values.matches(in: text) {
                #expect(m.start >= previousEnd && m.start < m.end && m.end <= scalarCount)
                previousEnd = m.end
            }
        }
    }

    @Test func matchesAreCodable() throws {
        let r = try BuiltinEntityRecognizer()
        let matches = r.recognize("tomorrow at 3pm for $20", reference: mondayMorning)
        let data = try JSONEncoder().encode(matches)
        #expect(try JSONDecoder().decode([EntityMatch].self, from: data) == matches)
        #expect(String(decoding: data, as: UTF8.self).contains(#""kind":"datetime""#))
    }
}
