import Foundation
import FrontlineEngine
import GRDB

/// Turn events (form progress, article feedback) and model releases: facts the
/// conversation report reads that the messages alone don't hold.
enum EventSQL {
    static func insert(_ db: Database, conversationId: String, sequence: Int?, events: [TurnEvent], now: Date) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO turn_events (conversation_id, sequence, kind, subject, slot, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        for event in events {
            try statement.execute(arguments: [
                conversationId, sequence, event.kind.rawValue, event.subject, event.slot, StoreClock.milliseconds(now),
            ])
        }
    }

    static func recordRelease(_ db: Database, name: String, promotedAt: Date, lastOutcomeId: Int) throws {
        try db.execute(
            sql: """
                INSERT INTO model_releases (name, promoted_at, last_outcome_id) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET promoted_at = excluded.promoted_at, last_outcome_id = excluded.last_outcome_id
                """,
            arguments: [name, StoreClock.milliseconds(promotedAt), lastOutcomeId])
    }
}
