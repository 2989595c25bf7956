import Foundation
import FrontlineEngine
import Logging
import PostgresNIO

/// Handoffs (creation with their outbox row, queue listing, lifecycle) and outcomes.
struct HandoffQueries {
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// Inserts an open handoff and, in the same transaction, its outbox row: an announced
    /// handoff exists and an existing one is announced. Inserted last in a turn on purpose:
    /// the one-active-handoff index may refuse it, which rolls back the whole turn.
    func insert(
        id: String, conversationId: String, draft: HandoffDraft, transcript: [Message], replyTo: Int?, now: Date
    ) async throws -> Handoff {
        let ms = now.storedMilliseconds
        do {
            try await connection.query("""
                INSERT INTO handoffs (id, conversation_id, reason, queue, summary, slots, transcript, status, agent_id, created_at, updated_at,
                                      reply_to, priority, priority_reasons)
                VALUES (\(id), \(conversationId), \(draft.reason), \(draft.queue), \(draft.summary), \(try StoreJSON.encode(draft.slots)),
                        \(try StoreJSON.encode(transcript)), 'open', NULL, \(ms), \(ms),
                        \(replyTo.map(Int64.init)), \(Int32(clamping: draft.priority)), \(try StoreJSON.encode(draft.priorityReasons)))
                """, logger: logger)
        } catch let error where PostgresStore.sqlState(error) == "23505" {
            throw StoreError.conflict("conversation \(conversationId) already has an active handoff")
        }
        try await connection.query(
            "INSERT INTO handoff_outbox (handoff_id, created_at, next_attempt_at) VALUES (\(id), \(ms), \(ms))", logger: logger)
        return Handoff(
            id: id, conversationId: conversationId, reason: draft.reason, queue: draft.queue, summary: draft.summary,
            slots: draft.slots, transcript: transcript, status: .open, agentId: nil, createdAt: now, updatedAt: now,
            replyTo: replyTo, priority: draft.priority, priorityReasons: draft.priorityReasons)
    }

    func handoff(id: String, forUpdate: Bool = false) async throws -> Handoff? {
        try await rows("SELECT \(unescaped: PGColumns.handoff) FROM handoffs WHERE id = \(id)\(unescaped: forUpdate ? " FOR UPDATE" : "")")
            .first.map(Handoff.init(pg:))
    }

    func handoffs(status: HandoffStatus?, queue: String?, limit: Int) async throws -> [Handoff] {
        try await rows("""
            SELECT \(unescaped: PGColumns.handoff) FROM handoffs
            WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(queue)::text IS NULL OR queue = \(queue))
            ORDER BY priority DESC, created_at, position LIMIT \(limit)
            """).map(Handoff.init(pg:))
    }

    func handoff(conversationId: String, replyingTo sequence: Int) async throws -> Handoff? {
        try await rows("""
            SELECT \(unescaped: PGColumns.handoff) FROM handoffs
            WHERE conversation_id = \(conversationId) AND reply_to = \(Int64(sequence)) ORDER BY created_at DESC LIMIT 1
            """).first.map(Handoff.init(pg:))
    }

    /// The queue's latest acceptances, oldest first.
    func recentAcceptances(queue: String, limit: Int) async throws -> [HandoffAcceptance] {
        try await rows("""
            SELECT created_at, accepted_at FROM handoffs WHERE queue = \(queue) AND accepted_at IS NOT NULL
            ORDER BY accepted_at DESC LIMIT \(limit)
            """).reversed().map { row in
                let r = PGRow(row, "handoff acceptance")
                return HandoffAcceptance(createdAt: try r.date("created_at"), acceptedAt: try r.date("accepted_at"))
            }
    }

    func activeHandoff(conversationId: String) async throws -> Handoff? {
        try await rows("""
            SELECT \(unescaped: PGColumns.handoff) FROM handoffs
            WHERE conversation_id = \(conversationId) AND status IN ('open', 'accepted') LIMIT 1
            """).first.map(Handoff.init(pg:))
    }

    func update(id: String, to status: HandoffStatus, agentId: String?, now: Date) async throws -> Handoff {
        guard let current = try await handoff(id: id, forUpdate: true) else { throw StoreError.notFound("handoff \(id)") }
        try StoreValidation.checkTransition(from: current.status, to: status, agentId: agentId)
        let ms = now.storedMilliseconds
        try await connection.query("""
            UPDATE handoffs SET status = \(status.rawValue), agent_id = COALESCE(\(StoreValidation.nonEmpty(agentId)), agent_id), updated_at = \(ms),
                accepted_at = CASE WHEN \(status == .accepted) THEN \(ms) ELSE accepted_at END
            WHERE id = \(id)
            """, logger: logger)
        try await connection.query("""
            UPDATE conversations SET status = \(status.conversationStatus.rawValue), revision = revision + 1, updated_at = \(ms)
            WHERE id = \(current.conversationId)
            """, logger: logger)
        guard let updated = try await handoff(id: id) else { throw StoreError.notFound("handoff \(id)") }
        return updated
    }

    func saveOutcome(_ draft: OutcomeDraft, now: Date) async throws -> Outcome {
        _ = try await ConversationQueries(connection: connection, logger: logger).existing(id: draft.conversationId)
        var filled = draft
        for index in filled.corrections.indices {
            let sequence = filled.corrections[index].sequence
            let row = try await rows(
                "SELECT role, text FROM messages WHERE conversation_id = \(draft.conversationId) AND sequence = \(sequence)").first
            let reader = row.map { PGRow($0, "message \(draft.conversationId)#\(sequence)") }
            guard let reader, try reader.enumeration("role", as: MessageRole.self) == .customer else {
                throw StoreError.notFound("customer message \(sequence) in conversation \(draft.conversationId)")
            }
            filled.corrections[index].text = try reader.value("text", as: String.self)
        }
        let inserted = try await rows("""
            INSERT INTO outcomes (conversation_id, corrections, resolution, kb_article_id, bot_was_right, agent_id, created_at)
            VALUES (\(filled.conversationId), \(try StoreJSON.encode(filled.corrections)), \(filled.resolution), \(filled.kbArticleId),
                    \(filled.botWasRight), \(filled.agentId), \(now.storedMilliseconds))
            RETURNING id
            """)
        guard let row = inserted.first else { throw StoreError.storageFailure("the outcome insert returned no id") }
        return Outcome(id: try PGRow(row, "outcome").int("id"), draft: filled, createdAt: now)
    }

    func outcomes(since: Date, limit: Int) async throws -> [Outcome] {
        try await rows("""
            SELECT \(unescaped: PGColumns.outcome) FROM outcomes WHERE created_at >= \(since.storedMilliseconds)
            ORDER BY created_at, id LIMIT \(limit)
            """).map(Outcome.init(pg:))
    }

    // MARK: - Outbox

    /// Claims due entries for `lease`: they are pushed `lease` into the future, so other
    /// replicas skip them (rows another replica is claiming right now are skipped too:
    /// SKIP LOCKED). A delivery marks its row; a replica that dies leaves it due again
    /// once the lease lapses.
    func claimDue(now: Date, limit: Int, lease: Duration) async throws -> [OutboxEntry] {
        let until = now.addingTimeInterval(Double(lease.components.seconds)).storedMilliseconds
        return try await rows("""
            UPDATE handoff_outbox o SET next_attempt_at = \(until)
            FROM (SELECT id FROM handoff_outbox
                  WHERE delivered_at IS NULL AND next_attempt_at <= \(now.storedMilliseconds)
                  ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED) due
            WHERE o.id = due.id
            RETURNING o.id, o.handoff_id, o.attempts, o.created_at
            """).map { row in
                let r = PGRow(row, "outbox entry")
                return OutboxEntry(
                    id: try r.value("id"), handoffId: try r.value("handoff_id"), attempts: try r.int("attempts"),
                    createdAt: try r.date("created_at"))
            }.sorted { $0.id < $1.id }
    }
}
