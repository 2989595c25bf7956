import FrontlineEngine
import FrontlineStore
import Foundation
import FrontlineTestFiles
import Testing

@Suite("Engine: knowledge-base answers")
struct EngineKnowledgeBaseTests {
    /// An engine over a fresh SQLite file whose FTS index holds the shipped articles.
    private func engine(in folder: TemporaryFolder) async throws -> (ConversationEngine, SQLiteStore) {
        let store = try SQLiteStore(path: folder.databasePath)
        let engine = Assistant.engine(store: store, knowledgeBase: store)
        try await engine.indexKnowledgeBase()
        return (engine, store)
    }

    @Test("the best article is sent with its link, then \"did that help?\"; yes thanks the customer")
    func answerAndYes() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (engine, store) = try await engine(in: folder)
        defer { try? store.close() }
        let chat = Chat(engine: engine)
        let reply = try await chat.say("what are your store opening hours")
        #expect(reply.replies.count == 2)
        #expect(reply.replies[0].contains("http"))
        #expect(Assistant.domain.response("kb_follow_up")!.variants.contains(reply.replies[1]))
        #expect(try await store.conversation(id: chat.conversationId)?.state.awaitingKBFeedback != nil)

        let thanks = try await chat.say("yes")
        #expect(Assistant.domain.response("thanks")!.variants.contains(thanks.replies.first ?? ""))
        #expect(try await store.conversation(id: chat.conversationId)?.state.awaitingKBFeedback == nil)
    }

    @Test("\"no\" to the follow-up counts a miss and offers a person; \"yes\" then hands off")
    func noThenOffer() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (engine, store) = try await engine(in: folder)
        defer { try? store.close() }
        let chat = Chat(engine: engine)
        _ = try await chat.say("what are your store opening hours")
        let no = try await chat.say("no")
        #expect(no.status == .bot)
        #expect(Assistant.domain.response("kb_no_match")!.variants.contains(no.replies.first ?? ""))
        #expect(try await store.conversation(id: chat.conversationId)?.state.kbMisses == 1)
        let yes = try await chat.say("yes")
        #expect(yes.status == .handoff)
        #expect(yes.handoff?.reason == .humanRequest)
    }
}
