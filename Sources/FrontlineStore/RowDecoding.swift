import Foundation
import FrontlineEngine
import GRDB

/// Turns rows into the engine's values. Every read goes through `RowReader`, which
/// throws `StoreError.corrupt` for a NULL or mistyped column instead of trapping, so a
/// hand-edited database costs an error, never a crash. Dates, enumerations and JSON
/// documents are decoded by `StoredRow`, as on PostgreSQL.
struct RowReader: StoredRow {
    let row: Row
    /// Names the record in errors ("message c1#3").
    let what: String

    /// A column's value for an error message; never traps, whatever the column holds.
    static func describe(_ row: Row, _ column: String) -> String {
        let value: (any DatabaseValueConvertible)? = row[column]
        return value.map { "\($0)" } ?? "?"
    }

    func value<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        do {
            return try row.decode(T.self, forColumn: column)
        } catch {
            throw StoreError.corrupt("\(what): column \(column): \(error)")
        }
    }

    func optional<T: DatabaseValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T? {
        do {
            return try row.decode(T?.self, forColumn: column)
        } catch {
            throw StoreError.corrupt("\(what): column \(column): \(error)")
        }
    }

    func string(_ column: String) throws -> String { try value(column) }
    func optionalString(_ column: String) throws -> String? { try optional(column) }
    func int64(_ column: String) throws -> Int64 { try value(column) }
    func optionalInt64(_ column: String) throws -> Int64? { try optional(column) }
}

enum Columns {
    static let conversation = "id, channel, customer_id, status, created_at, updated_at, revision, last_sequence, state"
    static let message = messages(prefix: "")
    static let handoff = """
        id, conversation_id, reason, queue, summary, slots, transcript, status, agent_id, created_at, updated_at, \
        reply_to, accepted_at, priority, priority_reasons
        """
    static let outcome = "id, conversation_id, corrections, resolution, kb_article_id, bot_was_right, agent_id, created_at"

    /// Message columns qualified by a table alias, for joins.
    static func messages(prefix: String) -> String {
        ["conversation_id", "sequence", "role", "text", "channel", "created_at", "parse", "client_message_id", "reply_to", "details"]
            .map { prefix + $0 }
            .joined(separator: ", ")
    }
}

extension Conversation {
    init(row: Row) throws {
        let r = RowReader(row: row, what: "conversation \(RowReader.describe(row, "id"))")
        self.init(
            id: try r.value("id"),
            channel: try r.value("channel"),
            customerId: try r.optional("customer_id"),
            status: try r.enumeration("status", as: ConversationStatus.self),
            createdAt: try r.date("created_at"),
            updatedAt: try r.date("updated_at"),
            revision: try r.value("revision"),
            lastSequence: try r.value("last_sequence"),
            state: try r.json("state", as: ConversationState.self)
        )
    }
}

extension Message {
    init(row: Row) throws {
        let r = RowReader(row: row, what: "message \(RowReader.describe(row, "conversation_id"))#\(RowReader.describe(row, "sequence"))")
        self.init(
            conversationId: try r.value("conversation_id"),
            sequence: try r.value("sequence"),
            role: try r.enumeration("role", as: MessageRole.self),
            text: try r.value("text"),
            channel: try r.value("channel"),
            createdAt: try r.date("created_at"),
            parse: try r.optionalJSON("parse", as: MessageParse.self),
            clientMessageId: try r.optional("client_message_id"),
            replyTo: try r.optional("reply_to"),
            details: try r.optionalJSON("details", as: ReplyDetails.self)
        )
    }
}

extension Handoff {
    init(row: Row) throws {
        let r = RowReader(row: row, what: "handoff \(RowReader.describe(row, "id"))")
        self.init(
            id: try r.value("id"),
            conversationId: try r.value("conversation_id"),
            reason: try r.value("reason"),
            queue: try r.value("queue"),
            summary: try r.value("summary"),
            slots: try r.json("slots", as: [String: String].self),
            transcript: try r.json("transcript", as: [Message].self),
            status: try r.enumeration("status", as: HandoffStatus.self),
            agentId: try r.optional("agent_id"),
            createdAt: try r.date("created_at"),
            updatedAt: try r.date("updated_at"),
            replyTo: try r.optional("reply_to"),
            acceptedAt: try r.optionalDate("accepted_at"),
            priority: try r.value("priority"),
            priorityReasons: try r.json("priority_reasons", as: [String].self)
        )
    }
}

extension Outcome {
    init(row: Row) throws {
        let r = RowReader(row: row, what: "outcome \(RowReader.describe(row, "id"))")
        let draft = OutcomeDraft(
            conversationId: try r.value("conversation_id"),
            corrections: try r.json("corrections", as: [TurnCorrection].self),
            resolution: try r.optional("resolution"),
            kbArticleId: try r.optional("kb_article_id"),
            botWasRight: try r.optional("bot_was_right"),
            agentId: try r.optional("agent_id")
        )
        self.init(id: try r.value("id"), draft: draft, createdAt: try r.date("created_at"))
    }
}
