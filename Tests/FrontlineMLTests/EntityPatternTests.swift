import Testing

@testable import FrontlineML

@Suite struct EntityPatternTests {
    let orderNumber = PatternEntity(name: "order_number", pattern: #"[A-Z]-?\d{4,6}"#)

    @Test func matchesAtWordBoundaries() {
        #expect(entities("where is A-48213?", patterns: [orderNumber]) == ["order_number|A-48213|A-48213"])
        #expect(entities("where is B48213", patterns: [orderNumber]) == ["order_number|B48213|B48213"])
        #expect(entities("XA-48213", patterns: [orderNumber]) == [])
        #expect(entities("A-4821390", patterns: [orderNumber]) == [])  // seven digits: no boundary after six
        #expect(entities("a-48213", patterns: [orderNumber]) == [])
    }

    @Test func caseInsensitive() {
        var p = orderNumber
        p.caseInsensitive = true
        #expect(entities("a-48213", patterns: [p]) == ["order_number|a-48213|a-48213"])
    }

    @Test func offsetsAfterNonBMPScalars() {
        // The emoji is one scalar but two UTF-16 units; offsets must count scalars.
        #expect(entities("👋 order A-48213 👍", patterns: [orderNumber]) == ["order_number|A-48213|A-48213"])
        let r = try? BuiltinEntityRecognizer(patterns: [orderNumber])
        let m = r?.recognize("👋👋 A-48213", reference: mondayMorning).first
        #expect(m?.start == 3 && m?.end == 10)
    }

    @Test func patternBeatsBuiltinOnTheSameText() {
        let tracking = PatternEntity(name: "tracking", pattern: #"\d{10}"#)
        #expect(entities("5551234567", patterns: [tracking]) == ["tracking|5551234567|5551234567"])
        // A longer built-in still wins.
        #expect(
            entities("(555) 123-4567", patterns: [PatternEntity(name: "p", pattern: #"\d{3}"#)]) == [
                "phone|(555) 123-4567|5551234567"
            ])
    }

    @Test func invalidPatternThrowsAClearError() {
        let bad = PatternEntity(name: "order_number", pattern: "[A-Z")
        do {
            _ = try BuiltinEntityRecognizer(patterns: [bad])
            Issue.record("an invalid pattern was accepted")
        } catch {
            #expect(error.name == "order_number")
            #expect(error.pattern == "[A-Z")
            guard case .invalidExpression(let why) = error.reason else {
                Issue.record("wrong reason \(error.reason)")
                return
            }
            #expect(why.contains("]"))  // says what is missing
            #expect(
                error.description.contains("order_number") && error.description.contains("invalid regular expression"))
        }
    }

    @Test func refusedDeclarations() {
        func reason(_ patterns: [PatternEntity]) -> PatternEntityError.Reason? {
            do {
                _ = try BuiltinEntityRecognizer(patterns: patterns)
                return nil
            } catch {
                return error.reason
            }
        }
        #expect(reason([PatternEntity(name: "date", pattern: #"\d+"#)]) == .reservedName)
        #expect(reason([orderNumber, orderNumber]) == .duplicateName)
        #expect(reason([PatternEntity(name: "x", pattern: "")]) == .emptyPattern)
        #expect(reason([PatternEntity(name: " ", pattern: "a")]) == .emptyName)
        #expect(reason([PatternEntity(name: "x", pattern: "a*")]) == .matchesEmptyText)
        #expect(reason([PatternEntity(name: "x", pattern: "a)(b")]) != nil)
        #expect(reason([orderNumber]) == nil)
    }
}
