import Foundation
import FrontlineData

/// Where a customer stands in a queue and how long they are likely to wait.
public struct QueueWait: Sendable, Hashable {
    /// 1 = next to be picked up.
    public var position: Int
    public var expectedWaitMinutes: Int
    /// `history` (recent acceptances in this queue) or `default` (the queue's configured wait,
    /// used until there is enough history).
    public var basis: String
}

/// Estimates the wait from the queue's live length and how fast its agents recently picked
/// up handoffs, so the figure told to the customer follows the real queue rather than a
/// constant.
///
/// The time an agent needs per customer is read from recent acceptances: for each, the time
/// from when it could have been picked up (its creation, or the previous acceptance if that
/// came later: an agent was busy until then) to its acceptance. The median of those is the
/// pace; the wait is the position in the queue times the pace. Before `minimumHistory`
/// acceptances, the queue's configured `expected_wait_minutes` is the pace.
public struct QueueWaitEstimator: Sendable {
    let store: any ConversationStore
    let escalation: EscalationPolicy
    var history = 10
    var minimumHistory = 3

    public init(store: any ConversationStore, escalation: EscalationPolicy) {
        self.store = store
        self.escalation = escalation
    }

    /// The wait of an open handoff already in its queue (nil once it is no longer open).
    public func wait(for handoff: Handoff) async throws -> QueueWait? {
        guard handoff.status == .open else { return nil }
        let waiting = try await store.handoffs(status: .open, queue: handoff.queue, limit: 500)
        let position = (waiting.firstIndex { $0.id == handoff.id } ?? waiting.count) + 1
        return try await wait(queue: handoff.queue, position: position)
    }

    /// The wait of a handoff about to join `queue` with `priority`: behind every open handoff
    /// of at least that priority.
    public func waitForNew(queue: String, priority: Int) async throws -> QueueWait {
        let waiting = try await store.handoffs(status: .open, queue: queue, limit: 500)
        return try await wait(queue: queue, position: waiting.filter { $0.priority >= priority }.count + 1)
    }

    /// The wait from `position` (1 = next) in `queue`.
    public func wait(queue: String, position: Int) async throws -> QueueWait {
        let acceptances = try await store.recentAcceptances(queue: queue, limit: history)
        if acceptances.count >= minimumHistory, let pace = Self.pace(acceptances) {
            let minutes = Int((Double(position) * pace / 60).rounded(.up))
            return QueueWait(position: position, expectedWaitMinutes: max(1, minutes), basis: "history")
        }
        let configured = escalation.queues.first { $0.name == queue }?.expectedWaitMinutes
            ?? escalation.queues.first { $0.name == escalation.defaultQueue }?.expectedWaitMinutes ?? escalation.defaultWaitMinutes
        return QueueWait(position: position, expectedWaitMinutes: max(1, configured * position), basis: "default")
    }

    /// The median seconds an agent took per customer over `acceptances` (oldest first).
    public static func pace(_ acceptances: [HandoffAcceptance]) -> Double? {
        var previous: Date?
        var gaps: [Double] = []
        for acceptance in acceptances {
            let available = previous.map { max($0, acceptance.createdAt) } ?? acceptance.createdAt
            gaps.append(max(0, acceptance.acceptedAt.timeIntervalSince(available)))
            previous = acceptance.acceptedAt
        }
        guard !gaps.isEmpty else { return nil }
        let sorted = gaps.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}
