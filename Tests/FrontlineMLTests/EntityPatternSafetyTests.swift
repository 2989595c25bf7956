import Foundation
import Synchronization
import Testing

@testable import FrontlineML

/// Patterns that can stall a turn are refused at load; the rest run under a budget.
@Suite struct EntityPatternSafetyTests {
    /// Classic exponential patterns, and the kind of mistake a domain author makes.
    static let evil: [String] = [
        #"(a+)+"#, #"(a+)+b"#, #"(a*)*b"#, #"(a|a)*b"#, #"(a|aa)+"#, #"(a|a?)+b"#, #"(.*a){12}"#,
        #"(\w+\s?)*!$"#, #"^(\d+)*x$"#, #"([a-zA-Z]+)*1"#, #"(x+x+)+y"#, #"(\w|\d)+z"#, #"(?:[A-Z]+\d*)+-"#,
        #"((ab)*)+c"#, #"(a+b?)+"#, #"(\d+){2,5}x"#, #"(.+)+"#, #"(?i)([a-z]+[A-Z]?)+"#,
        #"(\w+)\1"#, #"(?<x>a)\k<x>"#, #"^(([a-z])+.)+[A-Z]([a-z])+$"#,
    ]

    /// Ordinary patterns, including repeated groups that are unambiguous.
    static let safe: [String] = [
        #"[A-Z]-?\d{4,6}"#, #"\bA\s?[-–]?\s?(\d{5})\b"#,
        #"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|(?<!\bA[-–\s]?)\d{5}(?:-\d{4})?)\b"#,
        #"(\d{3}-)+\d{4}"#, #"(\d{1,3},)*\d{1,3}"#, #"([a-z]+\.)+com"#, #"(\w+\s)+end"#, #"(foo|bar)+"#,
        #"(a+)++"#, #"(?>a+)+b"#, #"(?:ab|cd)+x"#, #"[A-Z]{2}\d{2}[A-Z]{3}"#, #"\d+\.\d+"#, #"SKU-[0-9A-F]{8}"#,
        #"(?i)inv-\d{6}"#, #"\p{Lu}{2}\d+"#, #"[^\s@]+@[^\s@]+"#, #"(\d+)-(\d+)"#, #"a{2,}b"#, #"(?:\+\d{1,3} )?\d{6,}"#,
    ]

    @Test(arguments: evil) func refusesCatastrophicPatterns(_ pattern: String) {
        #expect(PatternSafety.problem(in: pattern) != nil, "\(pattern) passed")
        do {
            _ = try BuiltinEntityRecognizer(patterns: [PatternEntity(name: "code", pattern: pattern)])
            Issue.record("\(pattern) was accepted")
        } catch {
            guard case .catastrophicBacktracking = error.reason else {
                Issue.record("\(pattern): \(error)")
                return
            }
            #expect(error.description.contains("pattern entity 'code'") && error.description.contains(pattern))
        }
    }

    @Test(arguments: safe) func acceptsOrdinaryPatterns(_ pattern: String) throws {
        #expect(PatternSafety.problem(in: pattern) == nil, "\(PatternSafety.problem(in: pattern) ?? "")")
        _ = try BuiltinEntityRecognizer(patterns: [PatternEntity(name: "code", pattern: pattern)])
    }

    @Test func explainsWhatRepeatsWhat() throws {
        let why = try #require(PatternSafety.problem(in: #"x(\w+\s?)*y"#))
        #expect(why.contains("nested quantifier") && why.contains(#"(\w+\s?)*"#) && why.contains(#"\w+"#))
        let alternatives = try #require(PatternSafety.problem(in: #"(ab|ac)+"#))
        #expect(alternatives.contains("overlapping alternatives") && alternatives.contains("ab|ac"))
        #expect(try #require(PatternSafety.problem(in: #"(a)\1"#)).contains("backreference"))
    }

    /// A pattern that passes the analysis (it is only polynomial) but takes minutes on
    /// 4,000 digits: the budget stops it. The fake clock moves 1 ms per reading, so the
    /// search stops after about as many progress callbacks as the budget has milliseconds,
    /// whatever the machine's speed.
    @Test func budgetStopsASlowPattern() throws {
        let slow = #"\d+\d+\d+x"#
        #expect(PatternSafety.problem(in: slow) == nil)
        final class FakeClock: Sendable {
            let count = Mutex<UInt64>(0)
            var readings: UInt64 { count.withLock { $0 } }
            func read() -> UInt64 {
                count.withLock {
                    $0 += 1
                    return $0 * 1_000_000
                }
            }
        }
        let clock = FakeClock()
        let recognizer = try BuiltinEntityRecognizer(
            patterns: [PatternEntity(name: "code", pattern: slow)], budget: PatternBudget(milliseconds: 40) { clock.read() })
        let text = String(repeating: "7", count: 4000)
        let matches = recognizer.recognize(text, reference: mondayMorning)
        #expect(!matches.contains { $0.kind == "code" })
        // One reading for the deadline, one per callback until 40 ms have "passed".
        #expect(clock.readings == 41)
    }

    /// With the real clock: a hostile 4,000-character message costs the default budget
    /// (20 ms) plus the built-ins, far below the bound; without the budget it takes minutes.
    @Test func hostileMessageStaysWithinATurn() throws {
        let recognizer = try BuiltinEntityRecognizer(patterns: [
            PatternEntity(name: "slow", pattern: #"\d+\d+\d+x"#),
            PatternEntity(name: "order_number", pattern: #"[A-Z]-?\d{4,6}"#),
        ])
        let texts = [
            String(repeating: "7", count: 4000),
            String(repeating: "a", count: 4000) + "!",
            String(repeating: "A-1234 ", count: 570),
            String(repeating: "tomorrow between 9 and 5 ", count: 160),
        ]
        for text in texts {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = recognizer.recognize(text, reference: mondayMorning)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            #expect(ms < 1000, "\(ms) ms on \(text.prefix(20))…")
            print(String(format: "hostile message %@…: %.1f ms for entity recognition", String(text.prefix(12)), ms))
        }
        // Matches before the budget ran out are kept.
        let orders = recognizer.recognize("A-1234 and B-98765", reference: mondayMorning)
        #expect(orders.map(\.raw) == ["A-1234", "B-98765"])
    }
}
