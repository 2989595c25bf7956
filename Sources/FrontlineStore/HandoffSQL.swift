import Foundation
import FrontlineEngine
import GRDB

/// Handoffs: creation (from a committed turn), queue listing and the lifecycle.
enum HandoffSQL {
    static func insert(
        _ db: Database, id: String, conversationId: String, draft: HandoffDraft, transcript: [Message], replyTo: Int?,
        now: Date
    ) throws -> Handoff {
        let handoff = Handoff(
            id: id, conversationId: conversationId, reason: draft.reason, queue: draft.queue, summary: draft.summary,
            slots: draft.slots, transcript: transcript, status: .open, agentId: nil, createdAt: now, updatedAt: now,
            replyTo: replyTo, priority: draft.priority, priorityReasons: draft.priorityReasons
        )
        do {
            try db.run(
                """
                INSERT INTO handoffs
                    (id, conversation_id, reason, queue, summary, slots, transcript, status, agent_id, created_at, updated_at,
                     reply_to, priority, priority_reasons)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'open', NULL, ?, ?, ?, ?, ?)
                """,
                [id, conversationId, draft.reason, draft.queue, draft.summary, try StoreJSON.encode(draft.slots),
                 try StoreJSON.encode(transcript), StoreClock.milliseconds(now), StoreClock.milliseconds(now),
                 replyTo, draft.priority, try StoreJSON.encode(draft.priorityReasons)])
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
        // Queue order: priority first, then the longest wait; rowid breaks ties in creation order.
        return try db.rows(
            "SELECT \(Columns.handoff) FROM handoffs \(filter) ORDER BY priority DESC, created_at, rowid LIMIT ?", arguments)
            .map(Handoff.init(row:))
    }

    static func active(_ db: Database, conversationId: String) throws -> Handoff? {
        try db.row(
            "SELECT \(Columns.handoff) FROM handoffs WHERE conversation_id = ? AND status IN ('open', 'accepted') LIMIT 1",
            [conversationId]
        ).map(Handoff.init(row:))
    }

    static func handoff(_ db: Database, conversationId: String, replyingTo sequence: Int) throws -> Handoff? {
        try db.row(
            "SELECT \(Columns.handoff) FROM handoffs WHERE conversation_id = ? AND reply_to = ? ORDER BY created_at DESC LIMIT 1",
            [conversationId, sequence]
        ).map(Handoff.init(row:))
    }

    /// Oldest first.
    static func recentAcceptances(_ db: Database, queue: String, limit: Int) throws -> [HandoffAcceptance] {
        let rows = try db.rows(
            """
            SELECT created_at, accepted_at FROM handoffs WHERE queue = ? AND accepted_at IS NOT NULL
            ORDER BY accepted_at DESC LIMIT ?
            """, [queue, limit])
        return try rows.reversed().map { row in
            let r = RowReader(row: row, what: "handoff acceptance")
            return HandoffAcceptance(createdAt: try r.date("created_at"), acceptedAt: try r.date("accepted_at"))
        }
    }

    static func update(_ db: Database, id: String, to status: HandoffStatus, agentId: String?, now: Date) throws -> Handoff {
        guard let current = try handoff(db, id: id) else {
            throw StoreError.notFound("handoff \(id)")
        }
        try StoreValidation.checkTransition(from: current.status, to: status, agentId: agentId)
        try db.run(
            """
            UPDATE handoffs SET status = ?, agent_id = COALESCE(?, agent_id), updated_at = ?,
                accepted_at = CASE WHEN ? THEN ? ELSE accepted_at END
            WHERE id = ?
            """,
            [status.rawValue, StoreValidation.nonEmpty(agentId), StoreClock.milliseconds(now),
             status == .accepted, StoreClock.milliseconds(now), id])
        try db.run(
            "UPDATE conversations SET status = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
            [status.conversationStatus.rawValue, StoreClock.milliseconds(now), current.conversationId])
        guard let updated = try handoff(db, id: id) else {
            throw StoreError.notFound("handoff \(id)")
        }
        return updated
    }
}
