import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineInsights
import FrontlineStore
import Synchronization

/// A clock the fixture sets before each write, so every stored time is chosen by hand.
final class SettableClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 0))

    func set(_ iso: String) {
        let date = ISO8601DateFormatter().date(from: iso) ?? Date(timeIntervalSince1970: 0)
        current.withLock { $0 = date }
    }

    var storeClock: StoreClock {
        StoreClock { self.current.withLock { $0 } }
    }
}

/// Writes conversations through the store's own API (the engine's write path), turn by
/// turn, at times set by hand.
struct FixtureWriter {
    let store: SQLiteStore
    let clock: SettableClock

    struct Reply {
        var kind: ReplyKind
        var article: String?

        static let text = Reply(kind: .text)
        static let question = Reply(kind: .question)
        static let fallback = Reply(kind: .fallback)
        static let handoff = Reply(kind: .handoff)
        static let action = Reply(kind: .action)
        static func article(_ id: String) -> Reply { Reply(kind: .article, article: id) }
    }

    /// One customer message and the bot's turn answering it. Returns the handoff's id when one was created.
    @discardableResult
    func turn(
        _ conversation: String, channel: String, at time: String, _ text: String, intent: String, confidence: Double,
        outOfScope: Bool = false, replies: [Reply], events: [TurnEvent] = [], handoff: (reason: String, queue: String)? = nil
    ) async throws -> String? {
        clock.set(time)
        let opened = try await store.openTurn(id: conversation, channel: channel, customerId: nil, text: text, clientMessageId: nil)
        let committed = try await store.commitTurn(TurnCommit(
            conversationId: conversation, expectedRevision: opened.conversation.revision,
            replyingTo: opened.appended.message.sequence,
            customerParse: MessageParse(intent: intent, confidence: confidence, outOfScope: outOfScope),
            replies: replies.map { reply in
                OutgoingMessage(role: .bot, text: "reply", details: ReplyDetails(
                    kind: reply.kind, article: reply.article.map { ArticleReference(id: $0, title: "Title of \($0)", url: nil) }))
            },
            state: ConversationState(), status: handoff == nil ? .bot : .handoff,
            handoff: handoff.map { HandoffDraft(reason: $0.reason, queue: $0.queue, summary: "summary") },
            events: events))
        return committed.handoff?.id
    }

    func move(_ handoff: String, to status: HandoffStatus, at time: String) async throws {
        clock.set(time)
        _ = try await store.updateHandoff(id: handoff, to: status, agentId: "agent-1")
    }

    func outcome(_ conversation: String, at time: String, botWasRight: Bool?, corrections: [TurnCorrection] = []) async throws {
        clock.set(time)
        _ = try await store.saveOutcome(OutcomeDraft(conversationId: conversation, corrections: corrections, botWasRight: botWasRight))
    }
}

/// The hand-built fixture. Expected values in the tests are worked out from this by hand:
///
/// | conv | channel | started (UTC)      | what happens |
/// |------|---------|--------------------|--------------|
/// | A    | web     | 2026-11-02 09:00   | order_status 0.9 → order_lookup form, order number filled, completed. Contained. |
/// | B    | web     | 2026-11-02 10:00   | return_policy → article kb-returns; "no" (not helpful, fallback offer); "yes" → handoff human_request/support at 10:02 (120 s); accepted, handed back; "thanks" answered by the bot. Outcome: bot wrong, message 1 corrected. |
/// | C    | sms     | 2026-11-03 12:00   | two out-of-scope "asdf qwerty" (fallbacks), "blah" order_status 0.3 → handoff fallbacks/general at 12:05 (300 s). Outcome: bot right. |
/// | D    | web     | 2026-11-10 08:00   | address_change 0.9 → form started; "dunno" 0.5 → delivery_address asked again; the customer leaves (abandoned). |
/// | E    | sms     | 2026-11-10 09:00   | return_policy → article kb-returns; "yes" (helpful). Contained. |
///
/// Release model-a promoted 2026-11-05 00:00, trained with outcomes up to id 1 (B's), so C's outcome waits.
enum ReportFixture {
    static func write(_ store: SQLiteStore, clock: SettableClock) async throws {
        let w = FixtureWriter(store: store, clock: clock)
        // A
        try await w.turn("A", channel: "web", at: "2026-11-02T09:00:00Z", "where is my order", intent: "order_status", confidence: 0.9,
                         replies: [.question], events: [TurnEvent(.formStarted, "order_lookup")])
        try await w.turn("A", channel: "web", at: "2026-11-02T09:00:30Z", "A-12345", intent: "order_status", confidence: 0.8,
                         replies: [.action], events: [TurnEvent(.slotFilled, "order_lookup", slot: "order_number"), TurnEvent(.formCompleted, "order_lookup")])
        // B
        try await w.turn("B", channel: "web", at: "2026-11-02T10:00:00Z", "how do returns work", intent: "return_policy", confidence: 0.85,
                         replies: [.article("kb-returns"), .question])
        try await w.turn("B", channel: "web", at: "2026-11-02T10:01:00Z", "no", intent: "deny", confidence: 0.9,
                         replies: [.fallback], events: [TurnEvent(.articleNotHelpful, "kb-returns")])
        let handoff = try await w.turn("B", channel: "web", at: "2026-11-02T10:02:00Z", "yes", intent: "affirm", confidence: 0.95,
                                       replies: [.handoff], handoff: ("human_request", "support"))
        try await w.move(handoff ?? "", to: .accepted, at: "2026-11-02T10:03:00Z")
        try await w.move(handoff ?? "", to: .returned, at: "2026-11-02T10:10:00Z")
        try await w.turn("B", channel: "web", at: "2026-11-02T10:11:00Z", "thanks", intent: "thanks", confidence: 0.9, replies: [.text])
        try await w.outcome("B", at: "2026-11-02T11:00:00Z", botWasRight: false, corrections: [TurnCorrection(sequence: 1, intent: "refund_policy")])
        // C
        try await w.turn("C", channel: "sms", at: "2026-11-03T12:00:00Z", "asdf qwerty", intent: "out_of_scope", confidence: 0.2,
                         outOfScope: true, replies: [.fallback])
        try await w.turn("C", channel: "sms", at: "2026-11-03T12:01:00Z", "ASDF qwerty!", intent: "out_of_scope", confidence: 0.3,
                         outOfScope: true, replies: [.fallback])
        try await w.turn("C", channel: "sms", at: "2026-11-03T12:05:00Z", "blah", intent: "order_status", confidence: 0.3,
                         replies: [.handoff], handoff: ("fallbacks", "general"))
        try await w.outcome("C", at: "2026-11-03T13:00:00Z", botWasRight: true, corrections: [TurnCorrection(sequence: 5)])
        clock.set("2026-11-05T00:00:00Z")
        try await store.recordRelease(name: "model-a", promotedAt: ISO8601DateFormatter().date(from: "2026-11-05T00:00:00Z") ?? Date(), lastOutcomeId: 1)
        // D
        try await w.turn("D", channel: "web", at: "2026-11-10T08:00:00Z", "change my address", intent: "address_change", confidence: 0.9,
                         replies: [.question], events: [TurnEvent(.formStarted, "address_change")])
        try await w.turn("D", channel: "web", at: "2026-11-10T08:01:00Z", "dunno", intent: "address_change", confidence: 0.5,
                         replies: [.question], events: [TurnEvent(.slotReasked, "address_change", slot: "delivery_address")])
        // E
        try await w.turn("E", channel: "sms", at: "2026-11-10T09:00:00Z", "returns?", intent: "return_policy", confidence: 0.9,
                         replies: [.article("kb-returns"), .question])
        try await w.turn("E", channel: "sms", at: "2026-11-10T09:01:00Z", "yes", intent: "affirm", confidence: 0.9,
                         replies: [.text], events: [TurnEvent(.articleHelpful, "kb-returns")])
    }

    /// A fresh database with the fixture, and the store over it (close it, then `folder.remove()`).
    static func make() async throws -> (store: SQLiteStore, folder: TemporaryFolder, clock: SettableClock) {
        let folder = try TemporaryFolder()
        let clock = SettableClock()
        var options = SQLiteStore.Options()
        options.clock = clock.storeClock
        options.checkpointInterval = nil
        let store = try SQLiteStore(path: folder.databasePath, options: options)
        try await write(store, clock: clock)
        return (store, folder, clock)
    }

    static func report(_ store: SQLiteStore, since: String? = nil, until: String? = nil, channel: String? = nil) async throws -> ConversationReport {
        try await ConversationInsights.report(from: store, range: try ReportRange(since: since, until: until, channel: channel))
    }
}
