import Foundation
import FrontlineEngine

/// The one place handoff documents are built, so the message response, the agents' queue,
/// the webhook, the conversation endpoint and `frontline chat --json` say the same thing.
public struct HandoffDocuments: Sendable {
    let store: any ConversationStore
    let waits: QueueWaitEstimator
    let clock: StoreClock
    /// How many of the customer's messages on other channels a document carries.
    let otherChannelLimit: Int

    public init(store: any ConversationStore, waits: QueueWaitEstimator, clock: StoreClock, otherChannelLimit: Int) {
        self.store = store
        self.waits = waits
        self.clock = clock
        self.otherChannelLimit = otherChannelLimit
    }

    /// The document for `handoff` as it stands now (status, wait, position).
    public func document(_ handoff: Handoff) async throws -> HandoffBody {
        try await document(handoff, wait: try await waits.wait(for: handoff))
    }

    private func document(_ handoff: Handoff, wait: QueueWait?) async throws -> HandoffBody {
        let conversation = try await store.conversation(id: handoff.conversationId)
        var history: [Message] = []
        if let customerId = conversation?.customerId {
            history = try await store.recentMessages(
                customerId: customerId, excludingConversation: handoff.conversationId, limit: otherChannelLimit)
        }
        // A conversation row always exists for its handoffs (foreign key); the transcript's
        // channel is the fallback for a store that lost it.
        let channel = conversation?.channel ?? handoff.transcript.first?.channel ?? "unknown"
        return HandoffBody(
            handoff, customerId: conversation?.customerId, channel: channel, now: clock.now(),
            wait: wait, otherChannels: history)
    }

    /// Documents for a queue listing, in the listing's order.
    public func documents(_ handoffs: [Handoff]) async throws -> [HandoffBody] {
        // Each queue's order is read once, not once per entry.
        var positions: [String: [String: Int]] = [:]
        for queue in Set(handoffs.filter { $0.status == .open }.map(\.queue)) {
            let open = try await store.handoffs(status: .open, queue: queue, limit: 500)
            positions[queue] = Dictionary(open.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        }
        var documents: [HandoffBody] = []
        documents.reserveCapacity(handoffs.count)
        for handoff in handoffs {
            var wait: QueueWait?
            if handoff.status == .open {
                let position = positions[handoff.queue]?[handoff.id] ?? (positions[handoff.queue]?.count ?? 0) + 1
                wait = try await waits.wait(queue: handoff.queue, position: position)
            }
            documents.append(try await document(handoff, wait: wait))
        }
        return documents
    }
}
