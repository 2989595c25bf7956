import FrontlineEngine
import Testing

@Suite("Engine: escalation and handoff")
struct EngineEscalationTests {
    @Test("two messages in a row the bot can't place hand off")
    func fallbacks() async throws {
        let chat = Chat(engine: Assistant.engine())
        let first = try await chat.say("what's the weather in paris")
        #expect(first.status == .bot)
        #expect(first.replies.count == 1)
        let second = try await chat.say("what is the capital of france")
        #expect(second.status == .handoff)
        #expect(second.handoff?.reason == "fallbacks")
    }

    @Test("asking for a person hands off with the queue, wait, summary and transcript")
    func humanRequest() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("where is my order A-12345?")
        let reply = try await chat.say("I want to talk to a human")
        #expect(reply.status == .handoff)
        let notice = try #require(reply.handoff)
        #expect(notice.reason == "human_request")
        #expect(notice.queue == "orders")
        #expect(notice.expectedWaitMinutes == 4)
        #expect(reply.replies.first?.contains("4") == true)
        #expect(notice.summary.contains("order_number A-12345"))
        let handoff = try #require(try await store.handoff(id: notice.id))
        #expect(handoff.transcript.map(\.text).contains("I want to talk to a human"))
        #expect(handoff.transcript.first?.parse?.intent == "order_status")
        #expect(handoff.slots["order_number"] == "A-12345")
    }

    @Test("the handoff summary includes the customer's messages on other channels")
    func otherChannels() async throws {
        let store = InMemoryConversationStore()
        let engine = Assistant.engine(store: store)
        _ = try await Chat(engine: engine, channel: "sms", customerId: "cust-7").say("where is my order A-12345?")
        let reply = try await Chat(engine: engine, channel: "web", customerId: "cust-7").say("I want to talk to a human")
        #expect(reply.handoff?.summary.contains("[sms] \"where is my order A-12345?\"") == true)
    }

    @Test("a frustrated customer is handed off")
    func frustration() async throws {
        let chat = Chat(engine: Assistant.engine())
        let reply = try await chat.say("THIS IS RIDICULOUS!!! WHERE IS MY ORDER")
        #expect(reply.status == .handoff)
        #expect(reply.handoff?.reason == "frustration")
    }

    @Test("the same message three times in a row hands off")
    func repeated() async throws {
        let chat = Chat(engine: Assistant.engine())
        _ = try await chat.say("where is my order")
        _ = try await chat.say("where is my order")
        let third = try await chat.say("where is my order")
        #expect(third.handoff?.reason == "frustration")
    }

    @Test("the bot is silent after a handoff and answers again once handed back")
    func silenceUntilReturned() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("where is my order")
        let handed = try await chat.say("I want to talk to a human")
        let silent = try await chat.say("hello?")
        #expect(silent.replies.isEmpty)
        #expect(silent.status == .handoff)
        #expect(silent.parse?.intent == "greeting")

        _ = try await store.updateHandoff(id: try #require(handed.handoff?.id), to: .returned, agentId: nil)
        let back = try await chat.say("hello")
        #expect(back.status == .bot)
        #expect(back.replies.count == 1)
        let state = try #require(try await store.conversation(id: chat.conversationId)?.state)
        #expect(state.activeForm == nil)
    }
}
