import Foundation

/// Where a reader of the outcome feed stands: the outcomes after it are still to come.
/// The store's own order (PostgreSQL: the id of the outcome's transaction, then its id).
public struct OutcomeFeedPosition: Sendable, Hashable, Comparable {
    public var transaction: Int64
    public var id: Int64

    public init(transaction: Int64, id: Int64) {
        self.transaction = transaction
        self.id = id
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.transaction, a.id) < (b.transaction, b.id)
    }
}

/// A page of the outcome feed and the position to read the next one from.
public struct OutcomeFeedPage: Sendable {
    public var outcomes: [Outcome]
    public var next: OutcomeFeedPosition

    public init(outcomes: [Outcome], next: OutcomeFeedPosition) {
        self.outcomes = outcomes
        self.next = next
    }
}

/// Outcomes in the order they became visible, for processes sharing one store (replicas
/// learning what an agent taught another). Unlike `outcomes(since:)`, a time window, the
/// feed misses none: not one committed late, nor one whose id is lower than an outcome
/// already read, nor one stamped by a clock that is off.
public protocol OutcomeFeed: Sendable {
    /// The outcomes committed after `position` (nil: since this store was opened), at most
    /// `limit`, oldest first, and where to read from next. An outcome whose transaction
    /// is still open is not returned yet and not skipped.
    func outcomes(after position: OutcomeFeedPosition?, limit: Int) async throws -> OutcomeFeedPage
    /// Calls `saved` after an outcome is committed (by any process), until cancelled or
    /// the connection drops (then it throws: listen again, and read the feed meanwhile).
    func listenForOutcomes(_ saved: @escaping @Sendable () async -> Void) async throws
}
