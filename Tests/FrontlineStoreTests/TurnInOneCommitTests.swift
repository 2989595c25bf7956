import Foundation
import FrontlineEngine
import FrontlineStore
import Testing

/// `beginTurn` and a `TurnCommit` that carries its customer message: the message and its
/// answer in one transaction, on every store.
extension ConversationStoreBehaviourTests {
    static let onePassKinds = StoreKind.available

    @Test(arguments: onePassKinds)
    func beginTurnReadsWithoutWriting(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let fresh = try await store.beginTurn(id: "c1", channel: "web", customerId: "cust-1", text: "hi", clientMessageId: "m-1")
            #expect(fresh.conversation == nil && fresh.stored == nil && fresh.profile == nil)
            #expect(try await store.conversation(id: "c1") == nil, "beginTurn wrote nothing")

            try await store.remember(customerId: "cust-1", slot: "email", value: "sam@example.com", channel: "web")
            _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            let original = try await store.appendCustomerMessage(conversationId: "c1", text: "hi", clientMessageId: "m-1")
            let known = try await store.beginTurn(id: "c1", channel: "web", customerId: "cust-1", text: "hi", clientMessageId: "m-1")
            #expect(known.conversation?.lastSequence == 1)
            #expect(known.profile?.slots["email"]?.value == "sam@example.com", "the message's customer, for a conversation without one")
            #expect(known.stored?.isDuplicate == true && known.stored?.turnCommitted == false)
            #expect(known.stored?.message == original.message)
            #expect(try await store.messages(conversationId: "c1", after: 0, limit: 10).count == 1)
        }
    }

    @Test(arguments: onePassKinds)
    func aCommitStoresItsCustomerMessageWithTheAnswer(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let parse = MessageParse(intent: "greet", confidence: 0.9)
            let committed = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: 0, replyingTo: 1,
                customerMessage: NewCustomerMessage(channel: "sms", customerId: "cust-1", text: "hello", clientMessageId: "m-1"),
                customerParse: parse, replies: [OutgoingMessage(text: "Hi! How can I help?")],
                state: ConversationState(), status: .bot))
            #expect(committed.conversation.channel == "sms" && committed.conversation.customerId == "cust-1")
            #expect(committed.conversation.revision == 1 && committed.conversation.lastSequence == 2)
            #expect(committed.replies.map(\.sequence) == [2] && committed.replies.first?.replyTo == 1)

            let messages = try await store.messages(conversationId: "c1", after: 0, limit: 10)
            #expect(messages.map(\.role) == [.customer, .bot])
            #expect(messages.first?.text == "hello" && messages.first?.parse == parse && messages.first?.clientMessageId == "m-1")
            #expect(try await store.conversation(id: "c1") == committed.conversation)

            // A retry of that message is a duplicate whose turn is committed, with its reply.
            let retry = try await store.beginTurn(id: "c1", channel: "sms", customerId: nil, text: "hello", clientMessageId: "m-1")
            #expect(retry.stored?.turnCommitted == true && retry.stored?.replies.map(\.text) == ["Hi! How can I help?"])
            // Its answer can't be committed twice.
            #expect(errorKind(await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "c1", expectedRevision: 1, replyingTo: 1, replies: [], state: ConversationState(), status: .bot))
            }) == .conflict)
        }
    }

    @Test(arguments: onePassKinds)
    func aCommitWithItsMessageRefusesWhatMovedOn(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            func commit(sequence: Int, revision: Int = 0, clientMessageId: String? = nil, text: String = "hello") async -> ErrorKind? {
                errorKind(await thrownError {
                    _ = try await store.commitTurn(TurnCommit(
                        conversationId: "c1", expectedRevision: revision, replyingTo: sequence,
                        customerMessage: NewCustomerMessage(channel: "web", customerId: nil, text: text, clientMessageId: clientMessageId),
                        replies: [OutgoingMessage(text: "ok")], state: ConversationState(), status: .bot))
                })
            }
            _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            _ = try await store.appendCustomerMessage(conversationId: "c1", text: "first", clientMessageId: "m-1")
            _ = try await store.appendMessage(conversationId: "c1", role: .agent, text: "an agent wrote", clientMessageId: nil)
            #expect(await commit(sequence: 2) == .conflict, "an agent's message took sequence 2")
            #expect(await commit(sequence: 3, revision: 1) == .conflict, "stale revision")
            #expect(await commit(sequence: 3, clientMessageId: "m-1") == .conflict, "m-1 is stored already")
            #expect(try await store.messages(conversationId: "c1", after: 0, limit: 10).count == 2, "a refused turn stores nothing")
            #expect(await commit(sequence: 3, clientMessageId: "m-2") == nil)
            #expect(errorKind(await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "c1", expectedRevision: 1, replyingTo: nil,
                    customerMessage: NewCustomerMessage(channel: "web", customerId: nil, text: "x", clientMessageId: nil),
                    replies: [], state: ConversationState(), status: .bot))
            }) == .invalidArgument, "a carried message needs its sequence")
        }
    }
}
