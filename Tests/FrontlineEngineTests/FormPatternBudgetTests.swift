import Foundation
import FrontlineTestFiles
import Synchronization
import Testing
import FrontlineData
@testable import FrontlineEngine
import FrontlineML

/// A form step's pattern runs on the customer's raw text; it gets the same time limit as pattern entities.
@Suite struct FormPatternBudgetTests {
    /// Counts readings; every reading moves the clock 1 ms, so a search stops after a known
    /// number of progress callbacks whatever the machine's speed.
    final class FakeClock: Sendable {
        private let count = Mutex<UInt64>(0)
        var readings: UInt64 { count.withLock { $0 } }
        func read() -> UInt64 { count.withLock { $0 += 1; return $0 * 1_000_000 } }
    }

    /// A domain whose one form asks for a slot with a polynomial (not catastrophic) pattern:
    /// the loader accepts it, and on 4,000 digits it would search for minutes.
    func slowDomain() throws -> Domain {
        let dir = try TemporaryFolder()
        try dir.write("domain.yml", """
        version: "1"
        slots:
          code:
            pattern: '\\d+\\d+\\d+x'
            ask: What's the code?
            invalid: Codes are digits followed by an x.
        intents:
          check_code: {form: [code], response: done}
          deny: {response: ok}
          human: {}
        responses:
          done: Thanks.
          ok: OK.
          handoff_ack: A person will be with you in {wait_minutes} minutes.
          rephrase: Could you rephrase that?
        escalation:
          human_request_intents: [human]
          queues:
            general:
              expected_wait_minutes: 3
          default_queue: general
          acknowledgement: handoff_ack
          rephrase: rephrase
        """)
        return try DomainLoader.load(path: dir.path, environment: [:])
    }

    @Test func slowPatternOnAHostileAnswerStopsAtTheBudget() throws {
        let domain = try slowDomain()
        let form = try #require(domain.forms.first)
        let clock = FakeClock()
        let filler = FormSlotFiller(
            domain: domain, maxFreeTextLength: 200, budget: PatternBudget(milliseconds: 30) { clock.read() })
        let hostile = String(repeating: "7", count: 4000)
        let parse = MessageParse(intent: "check_code", confidence: 1, ranking: [], slots: [], entities: [])
        let found = filler.values(for: form, parse: parse, text: hostile, requestedStep: 0)
        #expect(found["code"] == nil)
        // One reading for the deadline, then one per callback until 30 ms have "passed".
        #expect(clock.readings == 31)
        // The same filler still finds a real answer.
        let ok = filler.values(for: form, parse: parse, text: "it's 123x", requestedStep: 0)
        #expect(ok["code"]?.value == "123x")
    }

    @Test func budgetedMatchKeepsCanonicalTemplates() throws {
        let regex = try NSRegularExpression(pattern: #"\bA\s?[-–]?\s?(\d{5})\b"#, options: [.caseInsensitive])
        let budget = PatternBudget()
        #expect(budget.replacement(of: regex, in: "order a 48213 please", template: "A-$1") == "A-48213")
        #expect(budget.replacement(of: regex, in: "no order here", template: "A-$1") == nil)
    }
}
