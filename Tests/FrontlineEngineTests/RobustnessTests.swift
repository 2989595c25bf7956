import Foundation
import FrontlineEngine
import FrontlineTestSupport
import Testing

@Suite("Engine: odd input, concurrency and lifecycle")
struct EngineRobustnessTests {
    @Test("empty, emoji-only, huge and control-character messages get an answer, not a crash",
          arguments: ["", "   ", "🙂🙂", String(repeating: "where is my order ", count: 2000), "\u{0}\u{7}{order_number}}{{", "A-1234567890"])
    func oddInput(text: String) async throws {
        let reply = try await Chat(engine: Assistant.engine()).say(text)
        #expect(reply.status == .bot)
        #expect(!reply.replies.isEmpty)
    }

    @Test("two unsure turns in a row hand off for low confidence")
    func lowConfidence() async throws {
        let chat = Chat(engine: Assistant.engine())
        let text = try #require(Assistant.unsure(["hmm", "the one from before", "as i said before", "it's about that"]))
        let first = try await chat.say(text)
        #expect(first.status == .bot)
        let second = try await chat.say(text)
        #expect(second.handoff?.reason == .lowConfidence)
    }

    @Test("a human-only intent fills its form, then hands off with its own acknowledgement")
    func humanOnlyAfterForm() async throws {
        let chat = Chat(engine: Assistant.engine())
        _ = try await chat.say("I need to change my delivery address")
        _ = try await chat.say("A-12345")
        _ = try await chat.say("12 High Street, Leeds")
        let reply = try await chat.say("LS1 4AP")
        #expect(reply.handoff?.reason == .humanOnly)
        #expect(reply.handoff?.queue == "orders")
        #expect(reply.replies.first?.contains("12 High Street, Leeds") == true)
        #expect(reply.replies.first?.contains("LS1 4AP") == true)
    }

    @Test("a human-only intent without a form hands off at once")
    func humanOnly() async throws {
        let reply = try await Chat(engine: Assistant.engine()).say("I want to make a complaint")
        #expect(reply.handoff?.reason == .humanOnly)
    }

    @Test("a closed conversation re-opens to the bot on the next message")
    func reopens() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        let handed = try await chat.say("I want to talk to a human")
        _ = try await store.updateHandoff(id: try #require(handed.handoff?.id), to: .closed, agentId: nil)
        let reply = try await chat.say("hello")
        #expect(reply.status == .bot)
        #expect(reply.replies.count == 1)
    }

    @Test("concurrent messages to one conversation are all answered, each exactly once")
    func concurrent() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("hello")
        let texts = ["where is my order", "what are your store opening hours", "thanks"]
        let replies = try await withThrowingTaskGroup(of: EngineReply.self) { group in
            for text in texts { group.addTask { try await chat.say(text) } }
            return try await group.reduce(into: [EngineReply]()) { $0.append($1) }
        }
        #expect(replies.count == 3)
        let messages = try await store.messages(conversationId: chat.conversationId, after: 0, limit: 100)
        #expect(messages.filter { $0.role == .customer }.count == 4)
        #expect(messages.filter { $0.role == .customer && $0.parse != nil }.count == 4)
    }
}
