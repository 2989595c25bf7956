import Foundation
import FrontlineEngine
import GRDB

/// Handoffs: creation (from a committed turn), queue listing and the lifecycle.
enum HandoffSQL {
    static func insert(
        _ db: Database, id: String, conversationId: String, draft: HandoffDraft, transcript: [Message], now: Date
    ) throws -> Handoff {
        let handoff = Handoff(
            id: id, conversationId: conversationId, reason: draft.reason, queue: draft.queue, summary: draft.summary,
            slots: draft.slots, transcript: transcript, status: .open, agentId: nil, createdAt: now, updatedAt: now
        )
        do {
            try db.run(
                """
                INSERT INTO handoffs
                    (id, conversation_id, reason, queue, summary, slots, transcript, status, agent_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'open', NULL, ?, ?)
                """,
                [id, conversationId, draft.reason, draft.queue, draft.summary, try StoreJSON.encode(draft.slots),
                 try StoreJSON.encode(transcript), StoreClock.milliseconds(now), StoreClock.milliseconds(now)])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw StoreError.conflict("conversation \(conversationId) already has an active handoff")
        }
        return handoff
    }

    static func handoff(_ db: Database, id: String) throws -> Handoff? {
        try db.row("SELECT \(Columns.handoff) FROM handoffs WHERE id = ?", [id]).map(Handoff.init(row:))
    }

    static func handoffs(_ db: Database, status: HandoffStatus?, queue: String?, limit: Int) throws -> [Handoff] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let queue {
            conditions.append("queue = ?")
            arguments += [queue]
        }
        arguments += [limit]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        // rowid breaks ties in creation order, as a queue should.
        return try db.rows("SELECT \(Columns.handoff) FROM handoffs \(filter) ORDER BY created_at, rowid LIMIT ?", arguments)
            .map(Handoff.init(row:))
    }

    static func update(_ db: Database, id: String, to status: HandoffStatus, agentId: String?, now: Date) throws -> Handoff {
        guard let current = try handoff(db, id: id) else {
            throw StoreError.notFound("handoff \(id)")
        }
        try StoreValidation.checkTransition(from: current.status, to: status, agentId: agentId)
        try db.run(
            "UPDATE handoffs SET status = ?, agent_id = COALESCE(?, agent_id), updated_at = ? WHERE id = ?",
            [status.rawValue, StoreValidation.nonEmpty(agentId), StoreClock.milliseconds(now), id])
        try db.run(
            "UPDATE conversations SET status = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
            [status.conversationStatus.rawValue, StoreClock.milliseconds(now), current.conversationId])
        guard let updated = try handoff(db, id: id) else {
            throw StoreError.notFound("handoff \(id)")
        }
        return updated
    }
}
