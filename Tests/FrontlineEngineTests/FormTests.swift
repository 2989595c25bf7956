import FrontlineEngine
import FrontlineTestSupport
import Testing

@Suite("Engine: forms")
struct EngineFormTests {
    @Test("a form asks for each missing slot, one at a time, then answers")
    func asksOneAtATime() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        let first = try await chat.say("I want to return something I bought")
        #expect(first.parse?.intent == "return_item")
        #expect(first.replies.count == 1)
        #expect(first.replies[0].contains("order number"))
        let second = try await chat.say("A-12345")
        #expect(second.replies[0].contains("A-12345"))
        #expect(try await store.conversation(id: chat.conversationId)?.state.requestedSlot == "product")
        let third = try await chat.say("the acme buds 2")
        #expect(third.replies.count == 1)
        #expect(third.replies[0].contains("acme buds 2"))
        #expect(third.replies[0].contains("A-12345"))
        #expect(try await store.conversation(id: chat.conversationId)?.state.activeForm == nil)
    }

    @Test("one answer can fill several slots")
    func multiSlotAnswer() async throws {
        let chat = Chat(engine: Assistant.engine())
        _ = try await chat.say("I want to return something I bought")
        let reply = try await chat.say("order A-12345, it's the acme buds 2")
        #expect(reply.replies.count == 1)
        #expect(reply.replies[0].contains("acme buds 2"))
        #expect(reply.replies[0].contains("30 days"))
    }

    @Test("slots in the first message are not asked for")
    func prefilledFromFirstMessage() async throws {
        let chat = Chat(engine: Assistant.engine())
        let reply = try await chat.say("where is my order A-12345?")
        #expect(reply.replies.count == 1)
        #expect(reply.replies[0].contains("shipped"))
    }

    @Test("an invalid answer is re-asked with help, then the form gives up and hands off")
    func reAskThenGiveUp() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("I forgot my password")
        let invalid = Assistant.domain.slot("email")!.invalid
        // Different answers: the same one three times would count as frustration.
        for answer in ["jane at example", "it's jane at example dot com"] {
            let reply = try await chat.say(answer)
            #expect(reply.status == .bot)
            #expect(invalid.contains(reply.replies.first ?? ""))
        }
        let last = try await chat.say("jane, at example")
        #expect(last.status == .handoff)
        #expect(last.handoff?.reason == .formGiveUp)
    }

    @Test("a confident different intent leaves the form and is answered")
    func topicChange() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("where is my order")
        #expect(try await store.conversation(id: chat.conversationId)?.state.activeForm == "order_lookup")
        let reply = try await chat.say("hello")
        #expect(reply.parse?.intent == "greeting")
        #expect(try await store.conversation(id: chat.conversationId)?.state.activeForm == nil)
        #expect(reply.replies.first?.contains("Acme") == true)
    }

    @Test("\"never mind\" cancels the form")
    func cancel() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        _ = try await chat.say("where is my order")
        let reply = try await chat.say("no")
        #expect(reply.replies.first?.contains("confirmation email") == true)
        #expect(try await store.conversation(id: chat.conversationId)?.state.activeForm == nil)
    }

    @Test("a slot remembered for the customer is not asked again on another channel")
    func rememberedAcrossChannels() async throws {
        let store = InMemoryConversationStore()
        let engine = Assistant.engine(store: store)
        let web = Chat(engine: engine, channel: "web", customerId: "cust-1")
        _ = try await web.say("I forgot my password")
        let done = try await web.say("jane.doe@example.com")
        #expect(done.replies.first?.contains("jane.doe@example.com") == true)
        #expect(try await store.customerProfile(id: "cust-1")?.slots["email"]?.value == "jane.doe@example.com")

        let sms = Chat(engine: engine, channel: "sms", customerId: "cust-1")
        let reply = try await sms.say("I forgot my password")
        #expect(reply.replies.count == 1)
        #expect(reply.replies[0].contains("jane.doe@example.com"))
    }

    @Test("an unknown order is reported and its number asked again next time")
    func actionNotFound() async throws {
        let store = InMemoryConversationStore()
        let chat = Chat(engine: Assistant.engine(store: store))
        let reply = try await chat.say("where is my order A-99999?")
        #expect(reply.replies.first?.contains("couldn't find order A-99999") == true)
        #expect(try await store.conversation(id: chat.conversationId)?.state.filledSlots["order_number"] == nil)
    }
}
