import Foundation
import FrontlineEngine
import FrontlineInsights
import FrontlineStore
import Testing

/// Every measure against `ReportFixture`, whose answers are worked out by hand in its comment.
@Suite("Conversation report measures")
struct ConversationReportTests {
    /// Runs `body` over the full-range report of a fresh fixture database.
    func withFixture(_ body: (ConversationReport, SQLiteStore) async throws -> Void) async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.folder.remove() }
        defer { try? fixture.store.close() }
        try await body(try await ReportFixture.report(fixture.store), fixture.store)
    }

    @Test("containment, handoff rate, fallbacks and low confidence overall")
    func overall() async throws {
        try await withFixture { report, _ in
            let o = report.overall
            #expect(o.conversations == 5)
            #expect(o.contained == 3)  // A, D, E
            #expect(o.handedOff == 2)  // B, C
            #expect(o.returnedToBot == 1)  // B
            #expect(o.containmentRate.value == 0.6)
            #expect(o.handoffRate.value == 0.4)
            #expect(o.customerMessages == 13)  // A 2, B 4, C 3, D 2, E 2
            #expect(o.fallbackMessages == 3)  // B "no", C's two out-of-scope messages
            #expect(o.fallbackRate.value == 0.230769)
            #expect(o.lowConfidenceMessages == 1)  // C "blah" 0.3; out-of-scope ones are not low-confidence
            #expect(o.lowConfidenceRate.value == 0.076923)
            #expect(o.handoffsByReason.map(\.name) == HandoffReason.allCases.map(\.rawValue))
            #expect(o.handoffsByReason.first { $0.name == "human_request" }?.count == 1)
            #expect(o.handoffsByReason.first { $0.name == "fallbacks" }?.count == 1)
            #expect(o.handoffsByReason.first { $0.name == "fallbacks" }?.share.value == 0.2)
            #expect(o.handoffsByReason.filter { $0.count == 0 }.count == HandoffReason.allCases.count - 2)
        }
    }

    @Test("a conversation handed back to the bot and finished by it counts as handed off, not contained")
    func handedBack() async throws {
        try await withFixture { report, _ in
            let day = try #require(report.byDay.first { $0.period == "2026-11-02" })
            // A (contained) and B (handed off, returned, then answered by the bot).
            #expect(day.summary.conversations == 2)
            #expect(day.summary.contained == 1)
            #expect(day.summary.handedOff == 1)
            #expect(day.summary.returnedToBot == 1)
            #expect(day.summary.containmentRate.value == 0.5)
        }
    }

    @Test("per day, per week and per channel")
    func overTime() async throws {
        try await withFixture { report, _ in
            #expect(report.byDay.map(\.period) == (2...10).map { String(format: "2026-11-%02d", $0) })
            #expect(report.byDay.map(\.summary.conversations) == [2, 1, 0, 0, 0, 0, 0, 0, 2])
            #expect(report.byDay[2].summary.containmentRate.value == nil)  // no conversations: no rate
            #expect(report.byWeek.map(\.period) == ["2026-11-02", "2026-11-09"])
            #expect(report.byWeek.map(\.summary.conversations) == [3, 2])
            #expect(report.byWeek.map(\.summary.contained) == [1, 2])
            #expect(report.byChannel.map(\.channel) == ["sms", "web"])
            let sms = report.byChannel[0], web = report.byChannel[1]
            #expect(sms.summary.conversations == 2 && sms.summary.contained == 1 && sms.summary.fallbackMessages == 2)
            #expect(web.summary.conversations == 3 && web.summary.contained == 2 && web.summary.customerMessages == 8)
            #expect(sms.byDay.map(\.summary.conversations) == [0, 1, 0, 0, 0, 0, 0, 0, 1])
            #expect(web.byWeek.map(\.summary.handedOff) == [1, 0])
        }
    }

    @Test("handoffs by reason and queue, time to handoff")
    func handoffs() async throws {
        try await withFixture { report, _ in
            let h = report.handoffs
            #expect(h.handedOff == 2)
            #expect(h.byQueue.map(\.name) == ["general", "support"])
            #expect(h.byQueue.map(\.count) == [1, 1])
            #expect(h.timeToHandoff.count == 2)
            #expect(h.timeToHandoff.meanSeconds.value == 210)  // (120 + 300) / 2
            #expect(h.timeToHandoff.medianSeconds.value == 210)
            #expect(h.timeToHandoff.p90Seconds.value == 300)
        }
    }

    @Test("intents by volume, topic containment, weekly trend and corrections")
    func intents() async throws {
        try await withFixture { report, _ in
            #expect(report.intents.map(\.intent) == [
                "order_status", "address_change", "affirm", "out_of_scope", "return_policy", "deny", "thanks",
            ])
            #expect(report.intents.map(\.messages) == [3, 2, 2, 2, 2, 1, 1])
            let returns = try #require(report.intents.first { $0.intent == "return_policy" })
            #expect(returns.conversations == 2 && returns.contained == 1 && returns.containmentRate.value == 0.5)
            #expect(returns.corrections == 1)
            #expect(returns.messagesByWeek == [1, 1])
            let orders = try #require(report.intents.first { $0.intent == "order_status" })
            // C's "blah" was too unsure to be C's topic: only A is about order status.
            #expect(orders.conversations == 1 && orders.contained == 1 && orders.messagesByWeek == [3, 0])
            #expect(report.intents.first { $0.intent == "affirm" }?.conversations == 0)
        }
    }

    @Test("review queue: unplaced texts grouped by normalised text")
    func reviewQueue() async throws {
        try await withFixture { report, _ in
            #expect(report.reviewQueue.map(\.example) == ["asdf qwerty", "blah"])
            #expect(report.reviewQueue.map(\.count) == [2, 1])
            #expect(report.reviewQueue[0].intent == "out_of_scope")
            #expect(report.reviewQueue[0].meanConfidence == 0.25)
            #expect(report.reviewQueue[1].intent == "order_status")
        }
    }

    @Test("knowledge base: shown, yes / no, led to a handoff")
    func articles() async throws {
        try await withFixture { report, _ in
            #expect(report.articles.count == 1)
            let a = try #require(report.articles.first)
            #expect(a.articleId == "kb-returns" && a.title == "Title of kb-returns")
            #expect(a.shown == 2 && a.helpful == 1 && a.notHelpful == 1 && a.ledToHandoff == 1)
            #expect(a.helpfulRate.value == 0.5)
        }
    }

    @Test("form funnels: started, filled, asked again, completed, abandoned")
    func forms() async throws {
        try await withFixture { report, _ in
            #expect(report.forms.map(\.form) == ["address_change", "order_lookup"])
            let address = report.forms[0], lookup = report.forms[1]
            #expect(address.started == 1 && address.completed == 0 && address.abandoned == 1 && address.completionRate.value == 0)
            #expect(address.slots.map(\.slot) == ["delivery_address"])
            #expect(address.slots.map(\.filled) == [0] && address.slots.map(\.reasked) == [1])
            #expect(lookup.started == 1 && lookup.completed == 1 && lookup.abandoned == 0 && lookup.completionRate.value == 1)
            #expect(lookup.slots.map(\.slot) == ["order_number"])
            #expect(lookup.slots.map(\.filled) == [1] && lookup.slots.map(\.reasked) == [0])
        }
    }

    @Test("agents' outcomes: bot right share, corrections per intent, waiting for a retrain")
    func outcomes() async throws {
        try await withFixture { report, _ in
            let o = report.outcomes
            #expect(o.outcomes == 2 && o.handedOffWithOutcome == 2 && o.withVerdict == 2 && o.botWasRight == 1)
            #expect(o.botWasRightShare.value == 0.5)
            #expect(o.correctionsByIntent.map(\.name) == ["return_policy"])
            #expect(o.correctionsByIntent.map(\.count) == [1])
            #expect(o.waitingForRetrain == 1)  // C's outcome (id 2) came after model-a's last outcome (id 1)
        }
    }

    @Test("a release with containment and fallback rate before and after")
    func releases() async throws {
        try await withFixture { report, _ in
            #expect(report.releases.count == 1)
            let r = try #require(report.releases.first)
            #expect(r.name == "model-a" && r.promotedAt == "2026-11-05T00:00:00Z")
            #expect(r.before.from == "2026-10-29T00:00:00Z" && r.before.to == "2026-11-05T00:00:00Z")
            #expect(r.before.conversations == 3 && r.before.containmentRate.value == 0.333333)
            #expect(r.before.fallbackRate.value == 0.333333)  // 3 fallbacks in 9 messages (A, B, C)
            #expect(r.after.conversations == 2 && r.after.containmentRate.value == 1 && r.after.fallbackRate.value == 0)
            #expect(r.after.to == "2026-11-12T00:00:00Z")
        }
    }

    @Test("a single-day range holds that day's conversations only")
    func singleDay() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.folder.remove() }
        defer { try? fixture.store.close() }
        let report = try await ReportFixture.report(fixture.store, since: "2026-11-02", until: "2026-11-02")
        #expect(report.overall.conversations == 2)
        #expect(report.byDay.map(\.period) == ["2026-11-02"])
        #expect(report.byWeek.map(\.period) == ["2026-11-02"])
        #expect(report.releases.isEmpty)  // model-a was promoted on the 5th
        #expect(report.forms.map(\.form) == ["order_lookup"])
        #expect(report.range.since == "2026-11-02" && report.range.until == "2026-11-02")
        // A release inside a range is cut at its ends.
        let around = try await ReportFixture.report(fixture.store, since: "2026-11-03", until: "2026-11-10")
        #expect(around.releases.first?.before.from == "2026-11-03T00:00:00Z")
        #expect(around.releases.first?.before.conversations == 1)
        #expect(around.releases.first?.after.to == "2026-11-11T00:00:00Z")
    }

    @Test("an empty range: zero counts, null rates, empty lists, a page that still renders")
    func emptyRange() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.folder.remove() }
        defer { try? fixture.store.close() }
        let report = try await ReportFixture.report(fixture.store, since: "2025-01-01", until: "2025-01-31")
        #expect(report.overall.conversations == 0)
        #expect(report.overall.containmentRate.value == nil && report.overall.fallbackRate.value == nil)
        #expect(report.byDay.isEmpty && report.byWeek.isEmpty && report.byChannel.isEmpty)
        #expect(report.intents.isEmpty && report.reviewQueue.isEmpty && report.articles.isEmpty && report.forms.isEmpty)
        #expect(report.handoffs.timeToHandoff.count == 0 && report.handoffs.timeToHandoff.medianSeconds.value == nil)
        #expect(report.outcomes.waitingForRetrain == 1)  // not tied to the range
        let json = String(decoding: try ConversationInsights.json(report), as: UTF8.self)
        #expect(json.contains("\"containment_rate\" : null"))
        let html = ConversationsPage.render(report)
        #expect(html.contains("No conversations in this range."))
    }

    @Test("a channel filter")
    func channel() async throws {
        let fixture = try await ReportFixture.make()
        defer { fixture.folder.remove() }
        defer { try? fixture.store.close() }
        let report = try await ReportFixture.report(fixture.store, channel: "sms")
        #expect(report.overall.conversations == 2)  // C, E
        #expect(report.byChannel.map(\.channel) == ["sms"])
        #expect(report.articles.first?.shown == 1 && report.articles.first?.helpful == 1 && report.articles.first?.ledToHandoff == 0)
        #expect(report.outcomes.outcomes == 1 && report.outcomes.botWasRight == 1)
    }
}
