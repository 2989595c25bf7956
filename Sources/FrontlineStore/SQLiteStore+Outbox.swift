import Foundation
import FrontlineEngine
import GRDB

/// A handoff waiting to be announced (see `SQLiteStore.dueOutbox`).
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var handoffId: String
    /// Delivery attempts so far.
    public var attempts: Int
    public var createdAt: Date
}

public struct OutboxCounts: Sendable, Hashable {
    public var pending: Int
    public var delivered: Int
}

/// The handoff outbox and the server's other needs beyond `ConversationStore`.
extension SQLiteStore {
    /// Undelivered entries whose next attempt is due, oldest first.
    public func dueOutbox(now: Date = Date(), limit: Int = 32) async throws -> [OutboxEntry] {
        try await read { db in try OutboxSQL.due(db, now: now, limit: max(1, limit)) }
    }

    /// Marks an entry delivered. Durable.
    public func markOutboxDelivered(id: Int64) async throws {
        let clock = clock
        try await write { db in try OutboxSQL.markDelivered(db, id: id, now: clock.now()) }
    }

    /// Records a failed attempt and when to try again. Durable.
    public func markOutboxFailed(id: Int64, error: String, retryAt: Date) async throws {
        try await write { db in try OutboxSQL.markFailed(db, id: id, error: error, retryAt: retryAt) }
    }

    public func outboxCounts() async throws -> OutboxCounts {
        try await read { db in try OutboxSQL.counts(db) }
    }

    /// Whether the database takes a write lock now (for readiness checks). Writes nothing.
    public func probeWritable() async throws {
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: "ROLLBACK")
        }
    }
}
