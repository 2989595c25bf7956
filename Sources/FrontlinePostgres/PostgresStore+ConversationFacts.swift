import Foundation
import FrontlineEngine
import PostgresNIO

/// The conversation report's reads, in one REPEATABLE READ transaction (a consistent
/// snapshot, as SQLite's read transaction): the conversations that started in the range,
/// then their messages, handoffs, turn events and outcomes. The parse and reply
/// documents are read inside PostgreSQL (jsonb), so only outcomes' corrections are
/// decoded in Swift.
extension PostgresStore: ConversationFactSource {
    /// The conversation report's schema level this store's facts match: everything the
    /// SQLite schema has from its version 4 on (turn events included).
    static let factsSchemaVersion = 4

    public func conversationFacts(_ query: FactQuery) async throws -> ConversationFacts {
        let logger = logger
        return try await connection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                let facts = try await Self.facts(query, connection: connection, logger: logger)
                try await connection.query("COMMIT", logger: logger)
                return facts
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private static func facts(_ query: FactQuery, connection: PostgresConnection, logger: Logger) async throws -> ConversationFacts {
        let start = query.start.map(StoreClock.milliseconds) ?? Int64.min
        let end = query.end.map(StoreClock.milliseconds) ?? Int64.max
        let channel = query.channel
        func range(_ select: String, order: String) -> PostgresQuery {
            "\(unescaped: select) WHERE c.created_at >= \(start) AND c.created_at < \(end) AND (\(channel)::text IS NULL OR c.channel = \(channel)) ORDER BY \(unescaped: order)"
        }
        var conversations: [ConversationFact] = []
        var index: [String: Int] = [:]
        for row in try await connection.query(range("SELECT c.id, c.channel, c.created_at, c.status FROM conversations c", order: "c.created_at, c.id"), logger: logger).collect() {
            let r = PGRow(row, "conversation")
            let id: String = try r.value("id")
            index[id] = conversations.count
            conversations.append(ConversationFact(
                id: id, channel: try r.value("channel"), startedAt: try r.date("created_at"),
                status: try r.enumeration("status", as: ConversationStatus.self)))
        }
        if !conversations.isEmpty {
            let messages = try await connection.query(range("""
                SELECT m.conversation_id, m.sequence, m.role, m.created_at, m.reply_to,
                    m.parse->>'intent' AS intent, (m.parse->>'confidence')::float8 AS confidence,
                    COALESCE((m.parse->>'outOfScope')::boolean, false) AS out_of_scope,
                    m.details->>'kind' AS kind, m.details->'article'->>'id' AS article_id,
                    m.details->'article'->>'title' AS article_title, m.text
                FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.role IN ('customer', 'bot')
                """, order: "m.conversation_id, m.sequence"), logger: logger).collect()
            for row in messages {
                let r = PGRow(row, "message")
                guard let at = index[try r.value("conversation_id", as: String.self)] else { continue }
                let sequence = try r.int("sequence")
                let time = try r.date("created_at")
                if try r.value("role", as: String.self) == "customer" {
                    let intent: String? = try r.optional("intent")
                    let confidence: Double? = try r.optional("confidence")
                    let outOfScope: Bool = try r.value("out_of_scope")
                    let unsure = intent != nil && (outOfScope || (confidence ?? 0) < query.unsureBelow)
                    conversations[at].messages.append(CustomerMessageFact(
                        sequence: sequence, at: time, intent: intent, confidence: confidence, outOfScope: outOfScope,
                        fallback: false, unsureText: unsure ? try r.value("text") : nil))
                } else if try r.optional("kind", as: String.self) == "fallback" {
                    if let replyTo = try r.optionalInt("reply_to"),
                       let customer = conversations[at].messages.lastIndex(where: { $0.sequence == replyTo }) {
                        conversations[at].messages[customer].fallback = true
                    }
                } else if try r.optional("kind", as: String.self) == "article", let article: String = try r.optional("article_id") {
                    conversations[at].articles.append(ArticleShownFact(
                        sequence: sequence, at: time, articleId: article, title: try r.optional("article_title") ?? article))
                }
            }
            for row in try await connection.query(range("""
                SELECT h.conversation_id, h.reason, h.queue, h.status, h.created_at
                FROM conversations c JOIN handoffs h ON h.conversation_id = c.id
                """, order: "h.created_at, h.position"), logger: logger).collect() {
                let r = PGRow(row, "handoff")
                guard let at = index[try r.value("conversation_id", as: String.self)] else { continue }
                conversations[at].handoffs.append(HandoffFact(
                    reason: try r.value("reason"), queue: try r.value("queue"),
                    status: try r.enumeration("status", as: HandoffStatus.self), createdAt: try r.date("created_at")))
            }
            for row in try await connection.query(range("""
                SELECT e.conversation_id, e.sequence, e.kind, e.subject, e.slot
                FROM conversations c JOIN turn_events e ON e.conversation_id = c.id
                """, order: "e.id"), logger: logger).collect() {
                let r = PGRow(row, "turn event")
                guard let at = index[try r.value("conversation_id", as: String.self)] else { continue }
                // An event kind from a newer build is skipped rather than failing the report.
                guard let kind = TurnEventKind(rawValue: try r.value("kind")) else { continue }
                conversations[at].events.append(EventFact(
                    sequence: try r.optionalInt("sequence"), event: TurnEvent(kind, try r.value("subject"), slot: try r.optional("slot"))))
            }
            for row in try await connection.query(range("""
                SELECT o.conversation_id, o.id, o.bot_was_right, o.corrections
                FROM conversations c JOIN outcomes o ON o.conversation_id = c.id
                """, order: "o.id"), logger: logger).collect() {
                let r = PGRow(row, "outcome")
                guard let at = index[try r.value("conversation_id", as: String.self)] else { continue }
                let corrections = try r.json("corrections", as: [TurnCorrection].self)
                conversations[at].outcomes.append(OutcomeFact(
                    id: try r.int("id"), botWasRight: try r.optional("bot_was_right"),
                    correctedSequences: corrections.filter { $0.intent != nil || $0.slots != nil }.map(\.sequence)))
            }
        }
        var releases: [ReleaseFact] = []
        for row in try await connection.query(
            "SELECT name, promoted_at, last_outcome_id FROM model_releases ORDER BY promoted_at, name", logger: logger).collect() {
            let r = PGRow(row, "model release")
            releases.append(ReleaseFact(name: try r.value("name"), promotedAt: try r.date("promoted_at"), lastOutcomeId: try r.int("last_outcome_id")))
        }
        let waitingRows = try await connection.query("""
            SELECT COUNT(*) AS waiting FROM outcomes WHERE id > COALESCE(
                (SELECT last_outcome_id FROM model_releases ORDER BY promoted_at DESC, name DESC LIMIT 1), 0)
            """, logger: logger).collect()
        let waiting = try waitingRows.first.map { try PGRow($0, "outcome count").int("waiting") } ?? 0
        return ConversationFacts(
            conversations: conversations, releases: releases, outcomesWaitingForRetrain: waiting, schemaVersion: factsSchemaVersion)
    }
}
