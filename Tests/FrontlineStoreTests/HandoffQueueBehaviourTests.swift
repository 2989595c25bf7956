import Foundation
import FrontlineEngine
import FrontlineStore
import Testing

/// What the handoff documents and the wait estimate read from a store, over every implementation.
@Suite("ConversationStore behaviour: the handoff queue")
struct HandoffQueueBehaviourTests {
    /// Hands conversation `id` off in `queue` with `priority`; returns the handoff.
    static func handOff(_ store: any ConversationStore, _ id: String, queue: String = "general", priority: Int = 0) async throws -> Handoff {
        let conversation = try await store.createOrLoad(id: id, channel: "web", customerId: nil)
        let asked = try await store.appendCustomerMessage(conversationId: id, text: "a person please", clientMessageId: "m-\(id)")
        let turn = try await store.commitTurn(TurnCommit(
            conversationId: id, expectedRevision: conversation.revision, replyingTo: asked.message.sequence,
            replies: [OutgoingMessage(text: "Connecting you")], state: ConversationState(), status: .handoff,
            handoff: HandoffDraft(reason: "human_request", queue: queue, summary: "", priority: priority,
                                  priorityReasons: priority > 0 ? ["gold customer (+\(priority))"] : [])))
        return try #require(turn.handoff)
    }

    @Test(arguments: StoreKind.allCases)
    func queueOrderIsPriorityThenWait(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let first = try await Self.handOff(store, "c1")
            let urgent = try await Self.handOff(store, "c2", priority: 2)
            let last = try await Self.handOff(store, "c3")
            #expect(try await store.handoffs(status: .open, queue: "general", limit: 10).map(\.id) == [urgent.id, first.id, last.id])
            let stored = try #require(try await store.handoff(id: urgent.id))
            #expect(stored.priority == 2 && stored.priorityReasons == ["gold customer (+2)"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func handoffsAreFoundByTheMessageThatCreatedThem(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let handoff = try await Self.handOff(store, "c1")
            #expect(handoff.replyTo == 1)
            #expect(try await store.handoff(conversationId: "c1", replyingTo: 1)?.id == handoff.id)
            #expect(try await store.handoff(conversationId: "c1", replyingTo: 2) == nil)
            #expect(try await store.activeHandoff(conversationId: "c1")?.id == handoff.id)
            _ = try await store.updateHandoff(id: handoff.id, to: .closed, agentId: nil)
            #expect(try await store.activeHandoff(conversationId: "c1") == nil)
            #expect(try await store.handoff(conversationId: "c1", replyingTo: 1)?.status == .closed)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func acceptanceIsStampedAndListedPerQueue(kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let a = try await Self.handOff(store, "c1")
            let b = try await Self.handOff(store, "c2", queue: "billing")
            let c = try await Self.handOff(store, "c3")
            #expect(try await store.recentAcceptances(queue: "general", limit: 10).isEmpty)
            let acceptedC = try await store.updateHandoff(id: c.id, to: .accepted, agentId: "ann")
            let acceptedA = try await store.updateHandoff(id: a.id, to: .accepted, agentId: "bo")
            _ = try await store.updateHandoff(id: b.id, to: .accepted, agentId: "cy")
            let acceptedAt = try #require(acceptedA.acceptedAt)
            #expect(acceptedAt >= a.createdAt)
            // Oldest acceptance first, this queue only.
            let general = try await store.recentAcceptances(queue: "general", limit: 10)
            #expect(general.map(\.acceptedAt) == [acceptedC.acceptedAt, acceptedA.acceptedAt].compactMap { $0 })
            #expect(try await store.recentAcceptances(queue: "general", limit: 1).map(\.acceptedAt) == [acceptedAt])
            // Closing keeps the acceptance time: it is when the wait ended.
            let closed = try await store.updateHandoff(id: a.id, to: .closed, agentId: nil)
            #expect(closed.acceptedAt == acceptedAt)
            #expect(closed.waited(now: Date.distantFuture) == acceptedAt.timeIntervalSince(a.createdAt))
        }
    }
}
