import Foundation
import FrontlineTestFiles
import FrontlineData
import FrontlineEngine
import FrontlineTestSupport
import FrontlineStore
import Synchronization
import Testing

/// Counts the order lookups and records, at each, whether the customer message that asked
/// for it was already stored; `during` runs inside the first lookup (to race the turn).
private final class WatchingOrders: ActionRunner, Sendable {
    private struct State {
        var calls: [(slots: [String: String], messageStored: Bool)] = []
        var store: (any ConversationStore)?
        var conversationId = ""
        var during: (@Sendable () async throws -> Void)?
    }
    private let state = Mutex(State())

    var store: (any ConversationStore)? {
        get { state.withLock { $0.store } }
        set { state.withLock { $0.store = newValue } }
    }
    var conversationId: String {
        get { state.withLock { $0.conversationId } }
        set { state.withLock { $0.conversationId = newValue } }
    }
    var during: (@Sendable () async throws -> Void)? {
        get { state.withLock { $0.during } }
        set { state.withLock { $0.during = newValue } }
    }

    var recorded: [(slots: [String: String], messageStored: Bool)] { state.withLock { $0.calls } }

    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome {
        let (store, conversationId) = state.withLock { ($0.store, $0.conversationId) }
        let messages = (try? await store?.messages(conversationId: conversationId, after: 0, limit: 100)) ?? []
        let stored = messages.contains { $0.role == .customer && $0.text.contains("A-12345") }
        let first = state.withLock { $0.calls.append((slots, stored)); return $0.calls.count == 1 }
        if first { try? await during?() }
        return .success(["status": "shipped", "estimated_delivery": "on Friday", "carrier": "DHL",
                         "tracking_url": "https://track.example/A-12345"])
    }
}

@Suite("Engine: a turn's actions and its commit")
struct TurnActionsTests {
    static func stores(in folder: TemporaryFolder) throws -> [any ConversationStore] {
        [InMemoryConversationStore(), try SQLiteStore(path: folder.databasePath)]
    }

    @Test("the customer message is durable before an action runs; without one, it commits with its answer")
    func messageBeforeAction() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for store in try Self.stores(in: folder) {
            let orders = WatchingOrders()
            let chat = Chat(engine: Assistant.engine(store: store, actions: orders))
            orders.store = store
            orders.conversationId = chat.conversationId

            let hello = try await chat.say("hello")
            #expect(orders.recorded.isEmpty)
            #expect(hello.messages.map(\.sequence) == [2])
            let reply = try await chat.say("where is my order A-12345?")
            #expect(reply.replies.first?.contains("shipped") == true)
            #expect(orders.recorded.map(\.messageStored) == [true], "stored before the lookup ran")
            let messages = try await store.messages(conversationId: chat.conversationId, after: 0, limit: 100)
            #expect(messages.filter { $0.role == .customer }.map(\.text) == ["hello", "where is my order A-12345?"])
            #expect(messages.filter { $0.role == .customer }.allSatisfy { $0.parse != nil }, "each stored with its parse")
        }
    }

    @Test("a turn decided again after losing a race does not run its action twice")
    func actionRunsOnce() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for store in try Self.stores(in: folder) {
            let orders = WatchingOrders()
            let engine = Assistant.engine(store: store, actions: orders)
            let chat = Chat(engine: engine)
            orders.store = store
            orders.conversationId = chat.conversationId
            try await chat.say("hello")
            // While the lookup runs, another writer moves the conversation on (a new revision):
            // the turn's commit conflicts and the turn is decided again.
            let id = chat.conversationId
            orders.during = {
                _ = try await engine.openProactive(
                    conversationId: id, channel: "web", customerId: nil, text: "Shall I look up your order?", intent: "order_status")
            }
            let reply = try await chat.say("where is my order A-12345?", clientMessageId: "m-2")
            #expect(orders.recorded.count == 1, "the lookup's outcome is reused, not asked for again")
            #expect(reply.replies.first?.contains("shipped") == true)
            #expect(!reply.duplicate, "the message was stored by this turn, not by an earlier attempt of the chat server")
            let messages = try await store.messages(conversationId: id, after: 0, limit: 100)
            #expect(messages.filter { $0.role == .customer }.count == 2, "the message is stored once")
            let answered = try #require(messages.first { $0.clientMessageId == "m-2" })
            #expect(messages.filter { $0.replyTo == answered.sequence }.map(\.text) == reply.replies)
        }
    }
}
