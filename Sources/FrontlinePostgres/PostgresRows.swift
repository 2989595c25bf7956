import Foundation
import FrontlineEngine
import PostgresNIO

/// Reads columns by name, throwing `StoreError.corrupt` for a NULL or mistyped value
/// instead of trapping (as `RowReader` does on SQLite); dates, enumerations and JSON
/// documents are decoded by `StoredRow`.
struct PGRow: StoredRow {
    let row: PostgresRandomAccessRow
    let what: String

    init(_ row: PostgresRow, _ what: String) {
        self.row = row.makeRandomAccess()
        self.what = what
    }

    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard row.contains(column) else { throw StoreError.corrupt("\(what): no column \(column)") }
        do {
            return try row[column].decode(T.self)
        } catch {
            throw StoreError.corrupt("\(what): column \(column): \(error)")
        }
    }

    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard row.contains(column) else { throw StoreError.corrupt("\(what): no column \(column)") }
        let cell = row[column]
        guard cell.bytes != nil else { return nil }
        do {
            return try cell.decode(T.self)
        } catch {
            throw StoreError.corrupt("\(what): column \(column): \(error)")
        }
    }

    func int(_ column: String) throws -> Int { Int(try value(column, as: Int64.self)) }

    func optionalInt(_ column: String) throws -> Int? { try optional(column, as: Int64.self).map(Int.init) }

    func string(_ column: String) throws -> String { try value(column) }
    func optionalString(_ column: String) throws -> String? { try optional(column) }
    func int64(_ column: String) throws -> Int64 { try value(column) }
    func optionalInt64(_ column: String) throws -> Int64? { try optional(column) }
}

/// Column lists, with jsonb read back as text so `StoreJSON` decodes it as on SQLite.
enum PGColumns {
    static let conversation = "id, channel, customer_id, status, created_at, updated_at, revision, last_sequence, state"
    static let message = messages(prefix: "")
    static let handoff = "id, conversation_id, reason, queue, summary, slots, transcript, status, agent_id, created_at, updated_at, "
        + "reply_to, accepted_at, priority, priority_reasons"
    static let outcome = "id, conversation_id, corrections, resolution, kb_article_id, bot_was_right, agent_id, created_at"

    static func messages(prefix p: String) -> String {
        "\(p)conversation_id, \(p)sequence, \(p)role, \(p)text, \(p)channel, \(p)created_at, \(p)parse::text AS parse, "
            + "\(p)client_message_id, \(p)reply_to, \(p)details::text AS details"
    }
}

extension Conversation {
    init(pg row: PostgresRow) throws {
        let r = PGRow(row, "conversation")
        self.init(
            id: try r.value("id"), channel: try r.value("channel"), customerId: try r.optional("customer_id"),
            status: try r.enumeration("status", as: ConversationStatus.self), createdAt: try r.date("created_at"),
            updatedAt: try r.date("updated_at"), revision: try r.int("revision"), lastSequence: try r.int("last_sequence"),
            state: try r.json("state", as: ConversationState.self))
    }
}

extension Message {
    init(pg row: PostgresRow) throws {
        let r = PGRow(row, "message")
        self.init(
            conversationId: try r.value("conversation_id"), sequence: try r.int("sequence"),
            role: try r.enumeration("role", as: MessageRole.self), text: try r.value("text"), channel: try r.value("channel"),
            createdAt: try r.date("created_at"), parse: try r.optionalJSON("parse", as: MessageParse.self),
            clientMessageId: try r.optional("client_message_id"), replyTo: try r.optionalInt("reply_to"),
            details: try r.optionalJSON("details", as: ReplyDetails.self))
    }
}

extension Handoff {
    init(pg row: PostgresRow) throws {
        let r = PGRow(row, "handoff")
        self.init(
            id: try r.value("id"), conversationId: try r.value("conversation_id"), reason: try r.value("reason"),
            queue: try r.value("queue"), summary: try r.value("summary"), slots: try r.json("slots", as: [String: String].self),
            transcript: try r.json("transcript", as: [Message].self), status: try r.enumeration("status", as: HandoffStatus.self),
            agentId: try r.optional("agent_id"), createdAt: try r.date("created_at"), updatedAt: try r.date("updated_at"),
            replyTo: try r.optionalInt("reply_to"),
            acceptedAt: try r.optional("accepted_at", as: Int64.self).map { StoreClock.date(milliseconds: $0) },
            priority: Int(try r.value("priority", as: Int32.self)),
            priorityReasons: try r.json("priority_reasons", as: [String].self))
    }
}

extension Outcome {
    init(pg row: PostgresRow) throws {
        let r = PGRow(row, "outcome")
        let draft = OutcomeDraft(
            conversationId: try r.value("conversation_id"), corrections: try r.json("corrections", as: [TurnCorrection].self),
            resolution: try r.optional("resolution"), kbArticleId: try r.optional("kb_article_id"),
            botWasRight: try r.optional("bot_was_right"), agentId: try r.optional("agent_id"))
        self.init(id: try r.int("id"), draft: draft, createdAt: try r.date("created_at"))
    }
}

extension Date {
    /// The stored form (milliseconds since 1970).
    var storedMilliseconds: Int64 { StoreClock.milliseconds(self) }
}
