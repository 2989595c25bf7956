import Foundation
import FrontlineEngine
import GRDB

/// The handoff outbox: one row per handoff to announce, marked once delivered.
enum OutboxSQL {
    static func enqueue(_ db: Database, handoffId: String, now: Date) throws {
        let ms = StoreClock.milliseconds(now)
        try db.run(
            "INSERT INTO handoff_outbox (handoff_id, created_at, next_attempt_at) VALUES (?, ?, ?)",
            [handoffId, ms, ms])
    }

    static func due(_ db: Database, now: Date, limit: Int) throws -> [OutboxEntry] {
        try db.rows(
            """
            SELECT id, handoff_id, attempts, created_at FROM handoff_outbox
            WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
            """,
            [StoreClock.milliseconds(now), limit]
        ).map(entry)
    }

    static func entry(_ row: Row) throws -> OutboxEntry {
        let reader = RowReader(row: row, what: "outbox entry")
        return OutboxEntry(
            id: try reader.value("id", as: Int64.self), handoffId: try reader.value("handoff_id"),
            attempts: try reader.value("attempts"), createdAt: try reader.date("created_at"))
    }

    static func markDelivered(_ db: Database, id: Int64, now: Date) throws {
        try db.run(
            "UPDATE handoff_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ? AND delivered_at IS NULL",
            [StoreClock.milliseconds(now), id])
    }

    static func markFailed(_ db: Database, id: Int64, error: String, retryAt: Date) throws {
        try db.run(
            "UPDATE handoff_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL",
            [String(error.prefix(500)), StoreClock.milliseconds(retryAt), id])
    }

    static func counts(_ db: Database) throws -> OutboxCounts {
        let row = try db.row(
            "SELECT COUNT(*) - COUNT(delivered_at) AS pending, COUNT(delivered_at) AS delivered FROM handoff_outbox")
        return OutboxCounts(pending: row?["pending"] ?? 0, delivered: row?["delivered"] ?? 0)
    }
}
