import Foundation
import FrontlineEngine
import PostgresNIO

/// The server's needs beyond the engine's protocols: the outbox (claimed, so each row
/// goes to one replica at a time), readiness, the review queue and model releases.
extension PostgresStore: ServingStore {
    /// How long a claimed outbox row is left to the replica that claimed it: longer than
    /// a webhook call may take, short enough that a dead replica's rows move on soon.
    static let outboxLease: Duration = .seconds(30)

    public func dueOutbox(now: Date, limit: Int) async throws -> [OutboxEntry] {
        try await transaction { try await self.handoffs($0).claimDue(now: now, limit: max(1, limit), lease: Self.outboxLease) }
    }

    public func markOutboxDelivered(id: Int64) async throws {
        let now = clock.now().storedMilliseconds
        let logger = logger
        try await connection { connection in
            try await connection.query("""
                UPDATE handoff_outbox SET delivered_at = \(now), attempts = attempts + 1, last_error = NULL
                WHERE id = \(id) AND delivered_at IS NULL
                """, logger: logger)
        }
    }

    public func markOutboxFailed(id: Int64, error: String, retryAt: Date) async throws {
        let logger = logger
        let message = String(error.prefix(500))
        try await connection { connection in
            try await connection.query("""
                UPDATE handoff_outbox SET attempts = attempts + 1, last_error = \(message), next_attempt_at = \(retryAt.storedMilliseconds)
                WHERE id = \(id) AND delivered_at IS NULL
                """, logger: logger)
        }
    }

    public func outboxCounts() async throws -> OutboxCounts {
        let logger = logger
        return try await connection { connection in
            let rows = try await connection.query(
                "SELECT COUNT(*) - COUNT(delivered_at) AS pending, COUNT(delivered_at) AS delivered FROM handoff_outbox",
                logger: logger).collect()
            guard let row = rows.first else { return OutboxCounts(pending: 0, delivered: 0) }
            let r = PGRow(row, "outbox counts")
            return OutboxCounts(pending: try r.int("pending"), delivered: try r.int("delivered"))
        }
    }

    public func activeHandoff(conversationId: String) async throws -> Handoff? {
        try await connection { try await self.handoffs($0).activeHandoff(conversationId: conversationId) }
    }

    /// A write transaction that writes nothing: the primary answers and is not read-only.
    public func probeWritable() async throws {
        let logger = logger
        try await connection { connection in
            let rows = try await connection.query(
                "SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') AS read_only", logger: logger).collect()
            guard let row = rows.first else { throw StoreError.unavailable("no answer to the readiness probe") }
            let r = PGRow(row, "readiness probe")
            if try r.value("standby", as: Bool.self) || (try r.value("read_only", as: String.self)) == "on" {
                throw StoreError.unavailable("the database is read-only (a standby?)")
            }
        }
    }

    public func unsureMessages(maxConfidence: Double, limit: Int) async throws -> [Message] {
        let logger = logger
        return try await connection { connection in
            try await connection.query("""
                SELECT \(unescaped: PGColumns.message) FROM messages
                WHERE role = 'customer' AND parse IS NOT NULL
                  AND ((parse->>'confidence')::float8 < \(maxConfidence) OR (parse->>'outOfScope')::boolean)
                ORDER BY created_at DESC LIMIT \(max(0, limit))
                """, logger: logger).collect().map(Message.init(pg:))
        }
    }

    public func recordRelease(name: String, promotedAt: Date, lastOutcomeId: Int) async throws {
        try StoreValidation.requireId(name, "name")
        let logger = logger
        try await connection { connection in
            try await connection.query("""
                INSERT INTO model_releases (name, promoted_at, last_outcome_id) VALUES (\(name), \(promotedAt.storedMilliseconds), \(lastOutcomeId))
                ON CONFLICT (name) DO UPDATE SET promoted_at = excluded.promoted_at, last_outcome_id = excluded.last_outcome_id
                """, logger: logger)
        }
    }

    /// The migration the database is at (for `/readyz` and `frontline migrate`).
    public func schemaVersionInDatabase() async throws -> Int {
        let logger = logger
        return try await connection { try await PostgresSchema.appliedVersion($0, logger: logger) }
    }
}
