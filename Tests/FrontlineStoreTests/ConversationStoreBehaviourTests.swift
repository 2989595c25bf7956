import Foundation
import FrontlineEngine
import FrontlineStore
import Testing

/// The contract of `ConversationStore`, run over every implementation.
@Suite("ConversationStore behaviour")
struct ConversationStoreBehaviourTests {
    @Test(arguments: StoreKind.available)
    func createsThenLoadsAndAttachesACustomerOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let created = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            #expect(created.status == .bot)
            #expect(created.revision == 0 && created.lastSequence == 0)
            #expect(created.state == ConversationState())

            let attached = try await store.createOrLoad(id: "c1", channel: "sms", customerId: "cust-1")
            #expect(attached.customerId == "cust-1")
            #expect(attached.channel == "web", "the channel is fixed at creation")
            let kept = try await store.createOrLoad(id: "c1", channel: "web", customerId: "someone-else")
            #expect(kept.customerId == "cust-1", "createOrLoad never re-assigns a customer")
            let moved = try await store.setCustomer(conversationId: "c1", customerId: "cust-2")
            #expect(moved.customerId == "cust-2")
            #expect(try await store.conversation(id: "c1") == moved)
            #expect(try await store.conversation(id: "nope") == nil)

            let anonymous = try await store.createOrLoad(id: "c2", channel: "web", customerId: "")
            #expect(anonymous.customerId == nil, "an empty customer id means anonymous")
            #expect(errorKind(await thrownError { _ = try await store.createOrLoad(id: " ", channel: "web", customerId: nil) }) == .invalidArgument)
            #expect(errorKind(await thrownError { _ = try await store.createOrLoad(id: "c3", channel: "", customerId: nil) }) == .invalidArgument)
        }
    }

    @Test(arguments: StoreKind.available)
    func messagesKeepTheirOrderAndPage(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            for i in 1...5 {
                let appended = try await store.appendCustomerMessage(conversationId: "c1", text: "message \(i)", clientMessageId: nil)
                #expect(appended.message.sequence == i)
                #expect(appended.message.channel == "web")
                #expect(!appended.isDuplicate)
            }
            let agent = try await store.appendMessage(conversationId: "c1", role: .agent, text: "hello, Sam here", clientMessageId: "a-1")
            #expect(agent.message.sequence == 6 && agent.message.role == .agent)

            let all = try await store.messages(conversationId: "c1", after: 0, limit: 100)
            #expect(all.map(\.sequence) == Array(1...6))
            #expect(all.prefix(5).map(\.text) == (1...5).map { "message \($0)" })
            #expect(all.map(\.createdAt) == all.map(\.createdAt).sorted())
            #expect(try await store.messages(conversationId: "c1", after: 2, limit: 2).map(\.sequence) == [3, 4])
            #expect(try await store.messages(conversationId: "c1", after: 0, limit: -3).isEmpty)
            #expect(try await store.conversation(id: "c1")?.lastSequence == 6)

            #expect(errorKind(await thrownError { _ = try await store.appendCustomerMessage(conversationId: "ghost", text: "hi", clientMessageId: nil) }) == .notFound)
            #expect(errorKind(await thrownError { _ = try await store.appendMessage(conversationId: "c1", role: .customer, text: "hi", clientMessageId: nil) }) == .invalidArgument)
        }
    }

    @Test(arguments: StoreKind.available)
    func aRetriedMessageIsStoredOnceAndGetsTheOriginalReplies(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let conversation = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            let first = try await store.appendCustomerMessage(conversationId: "c1", text: "where is my order", clientMessageId: "m-1")

            // Retried before the turn committed: the original, no replies yet.
            let early = try await store.appendCustomerMessage(conversationId: "c1", text: "where is my order", clientMessageId: "m-1")
            #expect(early.isDuplicate && !early.turnCommitted && early.replies.isEmpty)
            #expect(early.message == first.message)

            let turn = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: conversation.revision, replyingTo: first.message.sequence,
                customerParse: sampleParse(), replies: [OutgoingMessage(text: "Which order?"), OutgoingMessage(text: "It starts with A-")],
                state: midFormState(sourceSequence: 1), status: .bot))

            // Retried after: the same replies, and nothing new stored.
            let late = try await store.appendCustomerMessage(conversationId: "c1", text: "different text, same id", clientMessageId: "m-1")
            #expect(late.isDuplicate && late.turnCommitted)
            #expect(late.replies == turn.replies)
            #expect(late.message.parse == sampleParse())
            #expect(try await store.messages(conversationId: "c1", after: 0, limit: 10).count == 3)

            // A second engine instance answering the same message is refused.
            let again = await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "c1", expectedRevision: turn.conversation.revision, replyingTo: first.message.sequence,
                    replies: [OutgoingMessage(text: "Which order?")], state: ConversationState(), status: .bot))
            }
            #expect(errorKind(again) == .conflict)

            // Client ids are per conversation.
            _ = try await store.createOrLoad(id: "c2", channel: "web", customerId: nil)
            #expect(try await !store.appendCustomerMessage(conversationId: "c2", text: "hi", clientMessageId: "m-1").isDuplicate)
        }
    }

    @Test(arguments: StoreKind.available)
    func aTurnCommitsEverythingTogether(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let conversation = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            let customer = try await store.appendCustomerMessage(conversationId: "c1", text: "I want to return my headphones", clientMessageId: nil)
            let committed = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: conversation.revision, replyingTo: customer.message.sequence,
                customerParse: sampleParse(), replies: [OutgoingMessage(text: "Sure. What is the order number?")],
                state: midFormState(sourceSequence: customer.message.sequence), status: .bot))
            #expect(committed.replies.map(\.sequence) == [2])
            #expect(committed.replies.first?.replyTo == 1 && committed.replies.first?.role == .bot)
            #expect(committed.conversation.revision == 1)
            #expect(committed.conversation.lastSequence == 2)
            #expect(committed.handoff == nil)

            let loaded = try #require(try await store.conversation(id: "c1"))
            #expect(loaded == committed.conversation)
            #expect(loaded.state == midFormState(sourceSequence: 1))
            let stored = try await store.messages(conversationId: "c1", after: 0, limit: 10)
            #expect(stored.first?.parse == sampleParse())
            #expect(Array(stored.dropFirst()) == committed.replies)

            // A stale revision changes nothing.
            let stale = await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "c1", expectedRevision: 0, replyingTo: nil, replies: [OutgoingMessage(text: "lost update")],
                    state: ConversationState(), status: .closed))
            }
            #expect(errorKind(stale) == .conflict)
            #expect(try await store.conversation(id: "c1") == loaded)
            #expect(try await store.messages(conversationId: "c1", after: 0, limit: 10) == stored)

            // replyingTo must be a customer message of this conversation.
            for bad in [0, 2, 99] {
                let error = await thrownError {
                    _ = try await store.commitTurn(TurnCommit(
                        conversationId: "c1", expectedRevision: 1, replyingTo: bad, replies: [], state: ConversationState(), status: .bot))
                }
                #expect(errorKind(error) == .notFound, "replyingTo \(bad)")
            }
            let noHandoffStatus = await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "c1", expectedRevision: 1, replyingTo: nil, replies: [], state: ConversationState(), status: .bot,
                    handoff: HandoffDraft(reason: "r", queue: "q", summary: "s")))
            }
            #expect(errorKind(noHandoffStatus) == .invalidArgument)
            let ghost = await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "ghost", expectedRevision: 0, replyingTo: nil, replies: [], state: ConversationState(), status: .bot))
            }
            #expect(errorKind(ghost) == .notFound)
        }
    }

    @Test(arguments: StoreKind.available)
    func aTurnThatFailsLateLeavesNoTrace(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            let first = try await store.appendCustomerMessage(conversationId: "c1", text: "agent please", clientMessageId: nil)
            let handedOff = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: 0, replyingTo: first.message.sequence, replies: [OutgoingMessage(text: "Connecting you")],
                state: ConversationState(), status: .handoff, handoff: HandoffDraft(reason: "customer_asked", queue: "general", summary: "wants a person")))
            let second = try await store.appendCustomerMessage(conversationId: "c1", text: "hello??", clientMessageId: nil)
            let before = try await store.messages(conversationId: "c1", after: 0, limit: 100)
            let conversationBefore = try await store.conversation(id: "c1")

            // The second handoff is refused only after the replies and state were written
            // (SQLite: by the one-active-handoff index), so this checks the rollback.
            let error = await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "c1", expectedRevision: handedOff.conversation.revision, replyingTo: second.message.sequence,
                    customerParse: sampleParse(), replies: [OutgoingMessage(text: "Still connecting"), OutgoingMessage(role: .system, text: "queued")],
                    state: midFormState(sourceSequence: 3), status: .handoff,
                    handoff: HandoffDraft(reason: "again", queue: "general", summary: "second")))
            }
            #expect(errorKind(error) == .conflict)
            #expect(try await store.messages(conversationId: "c1", after: 0, limit: 100) == before, "no reply, no parse, no answered mark")
            #expect(try await store.conversation(id: "c1") == conversationBefore)
            #expect(try await store.handoffs(status: nil, queue: nil, limit: 10).count == 1)

            // The message is still unanswered: a later turn may answer it.
            let retry = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: handedOff.conversation.revision, replyingTo: second.message.sequence,
                replies: [], state: ConversationState(), status: .handoff))
            #expect(retry.conversation.revision == handedOff.conversation.revision + 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func concurrentWritersGetDistinctSequencesAndOneCopyPerClientId(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<64 {
                    group.addTask { _ = try await store.appendCustomerMessage(conversationId: "c1", text: "m\(i)", clientMessageId: "id-\(i)") }
                    // Retries of one message racing each other.
                    group.addTask { _ = try await store.appendCustomerMessage(conversationId: "c1", text: "dup", clientMessageId: "same") }
                    // Writes that fail share batches with ones that succeed.
                    group.addTask {
                        let error = await thrownError { _ = try await store.appendCustomerMessage(conversationId: "ghost", text: "x", clientMessageId: nil) }
                        #expect(errorKind(error) == .notFound)
                    }
                }
                try await group.waitForAll()
            }
            let stored = try await store.messages(conversationId: "c1", after: 0, limit: 1000)
            #expect(stored.map(\.sequence) == Array(1...65))
            #expect(Set(stored.map(\.text)) == Set((0..<64).map { "m\($0)" } + ["dup"]))
            #expect(stored.filter { $0.clientMessageId == "same" }.count == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func recentHistoryFollowsTheCustomerAcrossChannels(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            _ = try await store.createOrLoad(id: "web-1", channel: "web", customerId: "cust-1")
            _ = try await store.createOrLoad(id: "sms-1", channel: "sms", customerId: "cust-1")
            _ = try await store.createOrLoad(id: "other", channel: "web", customerId: "cust-2")
            _ = try await store.appendCustomerMessage(conversationId: "web-1", text: "my order A-1 is late", clientMessageId: nil)
            _ = try await store.appendCustomerMessage(conversationId: "other", text: "not mine", clientMessageId: nil)
            _ = try await store.appendMessage(conversationId: "web-1", role: .bot, text: "It ships tomorrow", clientMessageId: nil)
            _ = try await store.appendCustomerMessage(conversationId: "sms-1", text: "any news?", clientMessageId: nil)
            _ = try await store.appendCustomerMessage(conversationId: "web-1", text: "thanks", clientMessageId: nil)

            let fromSMS = try await store.recentMessages(customerId: "cust-1", excludingConversation: "sms-1", limit: 10)
            #expect(fromSMS.map(\.text) == ["my order A-1 is late", "It ships tomorrow", "thanks"])
            #expect(Set(fromSMS.map(\.channel)) == ["web"])
            let everything = try await store.recentMessages(customerId: "cust-1", excludingConversation: nil, limit: 2)
            #expect(everything.map(\.text) == ["any news?", "thanks"], "the newest, oldest first")
            #expect(try await store.recentMessages(customerId: "nobody", excludingConversation: nil, limit: 5).isEmpty)

            let conversations = try await store.conversations(customerId: "cust-1", limit: 10)
            #expect(conversations.map(\.id) == ["web-1", "sms-1"], "most recently updated first")
            #expect(try await store.conversations(customerId: "cust-1", limit: 1).map(\.id) == ["web-1"])
        }
    }

    @Test(arguments: StoreKind.available)
    func openingATurnCreatesStoresAndReturnsTheConversationAsStored(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let first = try await store.openTurn(id: "c1", channel: "web", customerId: "cust-1", text: "hi", clientMessageId: "m-1")
            #expect(!first.appended.isDuplicate && first.appended.message.sequence == 1)
            #expect(first.conversation.lastSequence == 1 && first.conversation.customerId == "cust-1")
            #expect(try await store.conversation(id: "c1") == first.conversation, "what it returns is what is stored")

            let second = try await store.openTurn(id: "c1", channel: "sms", customerId: nil, text: "order A-12345", clientMessageId: "m-2")
            #expect(second.appended.message.sequence == 2 && second.conversation.lastSequence == 2)
            #expect(second.conversation.channel == "web" && second.conversation.customerId == "cust-1")
            #expect(try await store.conversation(id: "c1") == second.conversation)

            // A retry: nothing written, the original message back.
            let retry = try await store.openTurn(id: "c1", channel: "web", customerId: nil, text: "hi again", clientMessageId: "m-1")
            #expect(retry.appended.isDuplicate && retry.appended.message == first.appended.message)
            #expect(retry.conversation.lastSequence == 2)
            #expect(try await store.messages(conversationId: "c1", after: 0, limit: 10).map(\.text) == ["hi", "order A-12345"])
            #expect(errorKind(await thrownError { _ = try await store.openTurn(id: "", channel: "web", customerId: nil, text: "x", clientMessageId: nil) }) == .invalidArgument)
        }
    }

    @Test(arguments: StoreKind.available)
    func profileUpdatesCommitWithTheTurnOrNotAtAll(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let opened = try await store.openTurn(id: "c1", channel: "web", customerId: "cust-1", text: "jane@example.com", clientMessageId: nil)
            let update = ProfileUpdate(customerId: "cust-1", slot: "email", value: "jane@example.com", channel: "web")
            // A stale revision: the turn is refused and the profile stays empty.
            let stale = await thrownError {
                _ = try await store.commitTurn(TurnCommit(
                    conversationId: "c1", expectedRevision: opened.conversation.revision + 1, replyingTo: 1,
                    replies: [OutgoingMessage(text: "Thanks")], state: ConversationState(), status: .bot, remember: [update]))
            }
            #expect(errorKind(stale) == .conflict)
            #expect(try await store.customerProfile(id: "cust-1") == nil)

            _ = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: opened.conversation.revision, replyingTo: 1,
                replies: [OutgoingMessage(text: "Thanks")], state: ConversationState(), status: .bot, remember: [update]))
            let profile = try #require(try await store.customerProfile(id: "cust-1"))
            #expect(profile.slots["email"]?.value == "jane@example.com" && profile.slots["email"]?.channel == "web")
        }
    }

    @Test(arguments: StoreKind.available)
    func profilesRememberAndOverwrite(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            #expect(try await store.customerProfile(id: "cust-1") == nil)
            try await store.remember(customerId: "cust-1", slot: "email", value: "old@example.com", channel: "web")
            try await store.remember(customerId: "cust-1", slot: "postcode", value: "SW1A 1AA", channel: "web")
            try await store.remember(customerId: "cust-1", slot: "email", value: "new@example.com", channel: "sms")
            let profile = try #require(try await store.customerProfile(id: "cust-1"))
            #expect(profile.slots.count == 2)
            #expect(profile.slots["email"]?.value == "new@example.com")
            #expect(profile.slots["email"]?.channel == "sms")
            #expect(profile.slots["email"]!.updatedAt > profile.slots["postcode"]!.updatedAt)
            #expect(try await store.customerProfile(id: "cust-2") == nil)
            #expect(errorKind(await thrownError { try await store.remember(customerId: "", slot: "email", value: "x", channel: "web") }) == .invalidArgument)
        }
    }

    @Test(arguments: StoreKind.available)
    func handoffsCarryTheStoryThroughTheirLifecycle(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: "cust-1")
            _ = try await store.createOrLoad(id: "c2", channel: "sms", customerId: nil)
            let asked = try await store.appendCustomerMessage(conversationId: "c1", text: "my refund never arrived", clientMessageId: nil)
            let turn = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: 0, replyingTo: asked.message.sequence, customerParse: sampleParse(),
                replies: [OutgoingMessage(text: "Let me get a colleague"), OutgoingMessage(role: .system, text: "handoff to billing")],
                state: midFormState(sourceSequence: 1), status: .handoff,
                handoff: HandoffDraft(reason: "kb_miss", queue: "billing", summary: "refund missing", slots: ["order_number": "A-1"])))
            let handoff = try #require(turn.handoff)
            #expect(handoff.status == .open && handoff.agentId == nil)
            #expect(handoff.transcript.map(\.text) == ["my refund never arrived", "Let me get a colleague", "handoff to billing"])
            #expect(handoff.transcript.first?.parse == sampleParse())
            #expect(handoff.slots == ["order_number": "A-1"])
            #expect(try await store.handoff(id: handoff.id) == handoff)
            #expect(turn.conversation.status == .handoff)

            let other = try await store.appendCustomerMessage(conversationId: "c2", text: "agent", clientMessageId: nil)
            let otherTurn = try await store.commitTurn(TurnCommit(
                conversationId: "c2", expectedRevision: 0, replyingTo: other.message.sequence, replies: [], state: ConversationState(),
                status: .handoff, handoff: HandoffDraft(reason: "customer_asked", queue: "general", summary: "")))
            #expect(try await store.handoffs(status: .open, queue: nil, limit: 10).map(\.id) == [handoff.id, otherTurn.handoff!.id])
            #expect(try await store.handoffs(status: .open, queue: "billing", limit: 10).map(\.id) == [handoff.id])
            #expect(try await store.handoffs(status: nil, queue: nil, limit: 1).map(\.id) == [handoff.id])

            #expect(errorKind(await thrownError { _ = try await store.updateHandoff(id: handoff.id, to: .accepted, agentId: nil) }) == .invalidArgument)
            let accepted = try await store.updateHandoff(id: handoff.id, to: .accepted, agentId: "agent-7")
            #expect(accepted.status == .accepted && accepted.agentId == "agent-7")
            #expect(try await store.conversation(id: "c1")?.status == .agent)
            #expect(try await store.handoffs(status: .accepted, queue: nil, limit: 10).map(\.id) == [handoff.id])

            let returned = try await store.updateHandoff(id: handoff.id, to: .returned, agentId: nil)
            #expect(returned.status == .returned && returned.agentId == "agent-7")
            let conversation = try #require(try await store.conversation(id: "c1"))
            #expect(conversation.status == .bot)
            #expect(conversation.revision == turn.conversation.revision + 2, "each handoff change bumps the revision")

            let wrong = await thrownError { _ = try await store.updateHandoff(id: handoff.id, to: .accepted, agentId: "agent-7") }
            #expect(errorKind(wrong) == .invalidTransition)
            #expect(errorKind(await thrownError { _ = try await store.updateHandoff(id: "nope", to: .closed, agentId: nil) }) == .notFound)

            // Once returned, the conversation may be handed off again.
            let again = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: conversation.revision, replyingTo: nil, replies: [],
                state: ConversationState(), status: .handoff, handoff: HandoffDraft(reason: "again", queue: "billing", summary: "")))
            let closed = try await store.updateHandoff(id: again.handoff!.id, to: .closed, agentId: "agent-9")
            #expect(closed.agentId == "agent-9")
            #expect(try await store.conversation(id: "c1")?.status == .closed)
        }
    }

    @Test(arguments: StoreKind.available)
    func outcomesAreKeptForRetraining(kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
            _ = try await store.appendCustomerMessage(conversationId: "c1", text: "cancel my subscription", clientMessageId: nil)
            _ = try await store.appendMessage(conversationId: "c1", role: .bot, text: "Here is how to return an item", clientMessageId: nil)

            let first = try await store.saveOutcome(OutcomeDraft(
                conversationId: "c1",
                corrections: [TurnCorrection(sequence: 1, intent: "cancel_subscription", slots: [])],
                resolution: "cancelled by agent", kbArticleId: "kb-cancel", botWasRight: false, agentId: "agent-7"))
            #expect(first.corrections.first?.text == "cancel my subscription")
            let cutoff = clock.next()
            let second = try await store.saveOutcome(OutcomeDraft(conversationId: "c1", botWasRight: true))
            #expect(second.id > first.id)

            #expect(try await store.outcomes(since: .distantPast, limit: 10) == [first, second])
            #expect(try await store.outcomes(since: cutoff, limit: 10) == [second])
            #expect(try await store.outcomes(since: .distantPast, limit: 1) == [first])

            let botMessage = await thrownError {
                _ = try await store.saveOutcome(OutcomeDraft(conversationId: "c1", corrections: [TurnCorrection(sequence: 2, intent: "x")]))
            }
            #expect(errorKind(botMessage) == .notFound, "only customer messages can be corrected")
            #expect(errorKind(await thrownError { _ = try await store.saveOutcome(OutcomeDraft(conversationId: "ghost")) }) == .notFound)
            #expect(try await store.outcomes(since: .distantPast, limit: 10).count == 2)
        }
    }
}
