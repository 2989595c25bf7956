import Foundation
import FrontlineEngine
import GRDB

/// Agents' outcomes, the material for retraining.
enum OutcomeSQL {
    static func save(_ db: Database, draft: OutcomeDraft, now: Date) throws -> Outcome {
        _ = try ConversationSQL.existing(db, id: draft.conversationId)
        var filled = draft
        for index in filled.corrections.indices {
            let sequence = filled.corrections[index].sequence
            let row = try db.row(
                "SELECT role, text FROM messages WHERE conversation_id = ? AND sequence = ?", [draft.conversationId, sequence])
            let reader = row.map { RowReader(row: $0, what: "message \(draft.conversationId)#\(sequence)") }
            guard let reader, try reader.enumeration("role", as: MessageRole.self) == .customer else {
                throw StoreError.notFound("customer message \(sequence) in conversation \(draft.conversationId)")
            }
            filled.corrections[index].text = try reader.value("text", as: String.self)
        }
        try db.run(
            """
            INSERT INTO outcomes (conversation_id, corrections, resolution, kb_article_id, bot_was_right, agent_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [filled.conversationId, try StoreJSON.encode(filled.corrections), filled.resolution,
             filled.kbArticleId, filled.botWasRight, filled.agentId, StoreClock.milliseconds(now)])
        return Outcome(id: Int(db.lastInsertedRowID), draft: filled, createdAt: now)
    }

    /// Every correction after `afterId` with its message's text and the bot's intent, in one
    /// query: start-up replays thousands of outcomes, and a conversation read per outcome was
    /// most of its time.
    static func examples(_ db: Database, afterId: Int) throws -> [CorrectionExample] {
        try db.rows(
            """
            SELECT o.id AS outcome_id, m.text AS text,
                   json_extract(c.value, '$.intent') AS corrected_intent,
                   json_extract(m.parse, '$.intent') AS bot_intent
            FROM outcomes o, json_each(o.corrections) c
            JOIN messages m ON m.conversation_id = o.conversation_id
                AND m.sequence = json_extract(c.value, '$.sequence') AND m.role = 'customer'
            WHERE o.id > ?
            ORDER BY o.id, c.key
            """,
            [afterId]
        ).map { row in
            let reader = RowReader(row: row, what: "outcome example")
            return CorrectionExample(
                outcomeId: try reader.value("outcome_id", as: Int.self), text: try reader.value("text", as: String.self),
                correctedIntent: row["corrected_intent"], botIntent: row["bot_intent"])
        }
    }

    static func outcomes(_ db: Database, since: Date, limit: Int) throws -> [Outcome] {
        try db.rows(
            "SELECT \(Columns.outcome) FROM outcomes WHERE created_at >= ? ORDER BY created_at, id LIMIT ?",
            [StoreClock.milliseconds(since), limit]
        ).map(Outcome.init(row:))
    }
}
