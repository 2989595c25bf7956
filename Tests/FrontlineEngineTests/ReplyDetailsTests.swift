import FrontlineEngine
import FrontlineML
import FrontlineStore
import Foundation
import FrontlineTestFiles
import Testing

@Suite("Engine: how replies are shown")
struct ReplyDetailsTests {
    @Test("a form question is a question; the action's answer an action; a handoff's acknowledgement a handoff")
    func kinds() async throws {
        let chat = Chat(engine: Assistant.engine())
        let ask = try await chat.say("where is my order")
        #expect(ask.messages.map(\.details?.kind) == [.question])
        let answer = try await chat.say("A-12345")
        #expect(answer.messages.map(\.details?.kind) == [.action])
        #expect(answer.replies.first?.contains("shipped") == true)
        let human = try await chat.say("I want to talk to a person")
        #expect(human.messages.map(\.details?.kind) == [.handoff])
    }

    @Test("an article reply names its article; the follow-up offers yes/no buttons; stored and returned alike on retry")
    func articleAndRetry() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(path: folder.databasePath)
        defer { try? store.close() }
        let engine = Assistant.engine(store: store, knowledgeBase: store)
        try await engine.indexKnowledgeBase()
        let chat = Chat(engine: engine)
        let reply = try await chat.say("what are your store opening hours", clientMessageId: "m-1")
        #expect(reply.messages.map(\.details?.kind) == [.article, .question])
        let article = try #require(reply.messages[0].details?.article)
        let indexed = Assistant.domain.articles.first { $0.id == article.id }
        #expect(indexed?.title == article.title)
        #expect(reply.messages[1].details?.buttons == ["Yes", "No"])

        let retry = try await chat.say("what are your store opening hours", clientMessageId: "m-1")
        #expect(retry.duplicate)
        #expect(retry.messages == reply.messages)
        let stored = try await store.messages(conversationId: chat.conversationId, after: 0, limit: 10)
        #expect(stored.filter { $0.role == .bot }.map(\.details) == reply.messages.map(\.details))
    }

    @Test("nonsense gets a fallback reply")
    func fallback() async throws {
        let chat = Chat(engine: Assistant.engine())
        let reply = try await chat.say("purple monkey dishwasher")
        #expect(reply.messages.map(\.details?.kind) == [.fallback])
    }
}

@Suite("Engine: short follow-ups")
struct FollowUpTests {
    @Test("\"and A-48213?\" after an order-status answer looks that order up, though the classifier is unsure")
    func continuesLastIntent() async throws {
        let chat = Chat(engine: Assistant.engine())
        _ = try await chat.say("status of order A-12345 please")
        // The premise: on its own the follow-up is a low-confidence turn.
        let followUp = try #require(Assistant.unsure(["and A-48213?", "and this one A-48213", "same for A-48213"]))
        let parse = MessageParse(Assistant.model.parse(followUp))
        #expect(parse.intent == "order_status")
        let reply = try await chat.say(followUp)
        #expect(reply.messages.map(\.details?.kind) == [.action])
        #expect(reply.status == .bot)
    }

    @Test("the same unsure message with no slot of the last intent is still a low-confidence turn")
    func noSlotNoContinuation() async throws {
        let chat = Chat(engine: Assistant.engine())
        _ = try await chat.say("status of order A-12345 please")
        let text = try #require(Assistant.unsure(["hmm", "the one from before", "as i said before", "it's about that"]))
        let reply = try await chat.say(text)
        #expect(reply.messages.map(\.details?.kind) == [.fallback])
    }
}
