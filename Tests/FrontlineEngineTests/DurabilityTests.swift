import FrontlineEngine
import FrontlineTestFiles
import FrontlineTestSupport
import FrontlineStore
import Testing

@Suite("Engine: retries and restarts")
struct EngineDurabilityTests {
    @Test("a retried message gets the original replies, not a second answer")
    func idempotentRetry() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        let first = try await chat.say("I want to return something I bought", clientMessageId: "m-1")
        let retry = try await chat.say("I want to return something I bought", clientMessageId: "m-1")
        #expect(!first.duplicate)
        #expect(retry.duplicate)
        #expect(retry.replies == first.replies)
        #expect(try await store.messages(conversationId: chat.conversationId, after: 0, limit: 100).count == 2)
    }

    @Test("a conversation survives a restart mid-form (SQLite, new engine)")
    func resumesAfterRestart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.databasePath
        let conversationId = "restart-1"
        do {
            let store = try SQLiteStore(path: path)
            let chat = Chat(engine: Assistant.engine(store: store), conversationId: conversationId)
            let asked = try await chat.say("I want to return something I bought")
            #expect(asked.replies.first?.contains("order number") == true)
            try store.close()
        }
        let store = try SQLiteStore(path: path)
        defer { try? store.close() }
        let chat = Chat(engine: Assistant.engine(store: store), conversationId: conversationId)
        let next = try await chat.say("A-12345")
        #expect(next.replies.first?.contains("A-12345") == true)
        #expect(try await store.conversation(id: conversationId)?.state.requestedSlot == "product")
    }

    @Test("an agent's outcome is stored")
    func outcome() async throws {
        let store = InMemoryConversationStore()
        let engine = Assistant.engine(store: store)
        let chat = Chat(engine: engine)
        _ = try await chat.say("where is my order A-12345?")
        let saved = try await engine.recordOutcome(OutcomeDraft(
            conversationId: chat.conversationId, corrections: [TurnCorrection(sequence: 1, intent: "track_shipment")],
            botWasRight: false))
        #expect(saved.corrections.first?.text == "where is my order A-12345?")
    }
}

@Suite("Engine: a retry whose original never committed")
struct EngineUncommittedRetryTests {
    @Test("the retry answers the stored message instead of storing it again")
    func answersStoredMessage() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        // The first attempt stored the message and died before its turn committed.
        _ = try await store.createOrLoad(id: chat.conversationId, channel: "web", customerId: nil)
        _ = try await store.appendCustomerMessage(conversationId: chat.conversationId, text: "hello", clientMessageId: "m-9")
        let retry = try await chat.say("hello", clientMessageId: "m-9")
        #expect(retry.duplicate)
        #expect(retry.replies.count == 1)
        let messages = try await store.messages(conversationId: chat.conversationId, after: 0, limit: 10)
        #expect(messages.map(\.role) == [.customer, .bot])
        #expect(messages.first?.parse?.intent == "greeting")
    }
}
