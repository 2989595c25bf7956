import Foundation
import FrontlineEngine
import GRDB

/// The handoff outbox and the server's other needs beyond `ConversationStore`.
extension SQLiteStore: ServingStore {
    /// Undelivered entries whose next attempt is due, oldest first. One process owns the
    /// file, so there is nothing to claim.
    public func dueOutbox(now: Date, limit: Int) async throws -> [OutboxEntry] {
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

    public func shutdown() async {
        try? close()
    }
}
