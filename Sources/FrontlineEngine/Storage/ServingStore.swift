import Foundation

/// A handoff waiting to be announced (see `ServingStore.dueOutbox`).
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var handoffId: String
    /// Delivery attempts so far.
    public var attempts: Int
    public var createdAt: Date

    public init(id: Int64, handoffId: String, attempts: Int, createdAt: Date) {
        self.id = id
        self.handoffId = handoffId
        self.attempts = attempts
        self.createdAt = createdAt
    }
}

public struct OutboxCounts: Sendable, Hashable {
    public var pending: Int
    public var delivered: Int

    public init(pending: Int, delivered: Int) {
        self.pending = pending
        self.delivered = delivered
    }
}

/// Everything the server and the assistant need from a durable store beyond the
/// engine's protocols: the handoff outbox, readiness, the review queue, model releases.
/// `SQLiteStore` (one process) and `PostgresStore` (several replicas) implement it.
public protocol ServingStore: ConversationStore, KnowledgeBaseIndex, ConversationFactSource {
    /// Undelivered outbox entries whose next attempt is due, oldest first. A store shared
    /// by several processes *claims* them: another process does not get the same entry
    /// until the claim lapses (so a process that dies mid-delivery leaves it to another).
    func dueOutbox(now: Date, limit: Int) async throws -> [OutboxEntry]
    /// Marks an entry delivered. Durable.
    func markOutboxDelivered(id: Int64) async throws
    /// Records a failed attempt and when to try again. Durable.
    func markOutboxFailed(id: Int64, error: String, retryAt: Date) async throws
    func outboxCounts() async throws -> OutboxCounts
    /// The conversation's open or accepted handoff, if any.
    func activeHandoff(conversationId: String) async throws -> Handoff?
    /// Throws when the store cannot take a write now (for readiness checks). Writes nothing.
    func probeWritable() async throws
    /// Customer messages parsed below `maxConfidence` or out of scope, newest first.
    func unsureMessages(maxConfidence: Double, limit: Int) async throws -> [Message]
    /// Records that `name` was promoted at `promotedAt`, trained with outcomes up to
    /// `lastOutcomeId`. Durable; the same name again updates it.
    func recordRelease(name: String, promotedAt: Date, lastOutcomeId: Int) async throws
    /// Closes the store's connections; calls made afterwards throw.
    func shutdown() async
}

/// Model releases kept in the database, files included, so replicas need no shared disk:
/// `frontline retrain` publishes a promoted release, every replica follows the serving one.
public protocol ModelReleaseStore: Sendable {
    /// Stores the release's files (relative path → bytes) and makes it the serving release,
    /// in one transaction. Publishing a name again replaces its files.
    func publishRelease(name: String, files: [String: Data]) async throws
    /// The serving release's name, nil when none was published.
    func servingRelease() async throws -> String?
    /// The files of a published release (empty when unknown).
    func releaseFiles(name: String) async throws -> [String: Data]
    /// Calls `published` with each release name published from now on, until cancelled or
    /// the connection drops (then it throws; listen again, and poll meanwhile).
    func listenForReleases(_ published: @escaping @Sendable (String) async -> Void) async throws
}

/// A store shared by several processes that can run one conversation's turn at a time
/// across all of them (PostgreSQL: a lock held on the turn's connection). The server
/// wraps each customer message in it; a process that dies releases the lock with its
/// connection.
public protocol ConversationLocking: Sendable {
    func withConversationLock<T: Sendable>(_ conversationId: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T
}
