import Foundation
import FrontlineEngine
import FrontlineTestSupport
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
        #expect(second.handoff?.reason == .fallbacks)
    }

    @Test("asking for a person hands off with the queue, wait, summary and transcript")
    func humanRequest() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("where is my order A-12345?")
        let reply = try await chat.say("I want to talk to a human")
        #expect(reply.status == .handoff)
        let notice = try #require(reply.handoff)
        #expect(notice.reason == .humanRequest)
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

    @Test("the handoff summary names the conversation's topic, not a closing yes or no")
    func summaryTopic() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("where is my order A-12345?")
        _ = try await chat.say("no")
        let reply = try await chat.say("I want to talk to a human")
        #expect(reply.handoff?.summary.contains("help with order status") == true)
        #expect(reply.handoff?.summary.contains("help with deny") == false)
    }

    @Test("the wait pace is the median time agents took per customer, counting from when one could be taken")
    func waitPace() {
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        let acceptances = [
            HandoffAcceptance(createdAt: t0, acceptedAt: t0.addingTimeInterval(120)),
            // Created while the first waited: could be taken only once the first was accepted.
            HandoffAcceptance(createdAt: t0.addingTimeInterval(10), acceptedAt: t0.addingTimeInterval(180)),
            HandoffAcceptance(createdAt: t0.addingTimeInterval(500), acceptedAt: t0.addingTimeInterval(530)),
        ]
        // Gaps 120, 60, 30 → median 60.
        #expect(QueueWaitEstimator.pace(acceptances) == 60)
        #expect(QueueWaitEstimator.pace([]) == nil)
    }

    @Test("a frustrated customer is handed off")
    func frustration() async throws {
        let chat = Chat(engine: Assistant.engine())
        let reply = try await chat.say("THIS IS RIDICULOUS!!! WHERE IS MY ORDER")
        #expect(reply.status == .handoff)
        #expect(reply.handoff?.reason == .frustration)
    }

    @Test("the same message three times in a row hands off")
    func repeated() async throws {
        let chat = Chat(engine: Assistant.engine())
        _ = try await chat.say("where is my order")
        _ = try await chat.say("where is my order")
        let third = try await chat.say("where is my order")
        #expect(third.handoff?.reason == .frustration)
    }

    @Test("while waiting the bot only says where the customer is in the queue; silent with an agent; answers once handed back")
    func silenceUntilReturned() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("where is my order")
        let handed = try await chat.say("I want to talk to a human")
        let waiting = try await chat.say("hello?")
        #expect(waiting.messages.map(\.details?.kind) == [.waiting])
        #expect(waiting.status == .handoff)
        #expect(waiting.parse?.intent == "greeting")
        // Within two minutes of that update: nothing more.
        let silent = try await chat.say("hello??")
        #expect(silent.replies.isEmpty)
        #expect(silent.status == .handoff)

        _ = try await store.updateHandoff(id: try #require(handed.handoff?.id), to: .returned, agentId: nil)
        let back = try await chat.say("hello")
        #expect(back.status == .bot)
        #expect(back.replies.count == 1)
        let state = try #require(try await store.conversation(id: chat.conversationId)?.state)
        #expect(state.activeForm == nil)
    }
}
