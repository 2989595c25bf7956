import Foundation
import FrontlineEngine
import GRDB

/// Customer events and proactive prompts on SQLite.
extension SQLiteStore: ProactiveStore {
    public func recordEvent(_ event: CustomerEvent) async throws {
        try StoreValidation.requireId(event.customerId, "customerId")
        try await write { db in
            try db.run(
                "INSERT INTO customer_events (customer_id, kind, page, seconds, cart_value, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [event.customerId, event.kind, event.page, event.seconds, event.cartValue, event.detail,
                 StoreClock.milliseconds(event.at)])
        }
    }

    public func events(customerId: String, since: Date) async throws -> [CustomerEvent] {
        try await read { db in
            try db.rows(
                "SELECT customer_id, kind, page, seconds, cart_value, detail, at FROM customer_events WHERE customer_id = ? AND at >= ? ORDER BY at, id",
                [customerId, StoreClock.milliseconds(since)]
            ).map { row in
                let r = RowReader(row: row, what: "customer event of \(customerId)")
                return CustomerEvent(
                    customerId: try r.value("customer_id"), kind: try r.value("kind"), page: try r.optional("page"),
                    seconds: try r.optional("seconds"), cartValue: try r.optional("cart_value"), detail: try r.optional("detail"),
                    at: try r.date("at"))
            }
        }
    }

    public func lastPrompt(customerId: String) async throws -> ProactivePrompt? {
        try await read { db in
            try db.row(
                "SELECT \(Self.promptColumns) FROM proactive_prompts WHERE customer_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [customerId]
            ).map(Self.prompt(row:))
        }
    }

    public func savePrompt(_ prompt: ProactivePrompt) async throws {
        try await write { db in
            try db.run(
                "INSERT INTO proactive_prompts (id, customer_id, rule, intent, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [prompt.id, prompt.customerId, prompt.rule, prompt.intent, prompt.text, StoreClock.milliseconds(prompt.createdAt)])
        }
    }

    public func savePrompt(_ prompt: ProactivePrompt, unlessPromptedAfter cutoff: Date) async throws -> ProactivePrompt? {
        try await write { db in
            if let earlier = try db.row(
                "SELECT \(Self.promptColumns) FROM proactive_prompts WHERE customer_id = ? AND created_at > ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [prompt.customerId, StoreClock.milliseconds(cutoff)]
            ).map(Self.prompt(row:)) {
                return earlier
            }
            try db.run(
                "INSERT INTO proactive_prompts (id, customer_id, rule, intent, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [prompt.id, prompt.customerId, prompt.rule, prompt.intent, prompt.text, StoreClock.milliseconds(prompt.createdAt)])
            return nil
        }
    }

    public func prompt(id: String) async throws -> ProactivePrompt? {
        try await read { db in
            try db.row("SELECT \(Self.promptColumns) FROM proactive_prompts WHERE id = ?", [id]).map(Self.prompt(row:))
        }
    }

    public func markPromptAccepted(id: String, conversationId: String, at: Date) async throws -> ProactivePrompt {
        try await write { db in
            guard let current = try db.row("SELECT \(Self.promptColumns) FROM proactive_prompts WHERE id = ?", [id]).map(Self.prompt(row:)) else {
                throw StoreError.notFound("prompt \(id)")
            }
            if let earlier = current.conversationId, earlier != conversationId {
                throw StoreError.conflict("prompt \(id) was already accepted in conversation \(earlier)")
            }
            try db.run(
                "UPDATE proactive_prompts SET accepted_at = COALESCE(accepted_at, ?), conversation_id = ? WHERE id = ?",
                [StoreClock.milliseconds(at), conversationId, id])
            var updated = current
            updated.acceptedAt = current.acceptedAt ?? StoreClock.rounded(at)
            updated.conversationId = conversationId
            return updated
        }
    }

    static let promptColumns = "id, customer_id, rule, intent, text, created_at, accepted_at, conversation_id"

    static func prompt(row: Row) throws -> ProactivePrompt {
        let r = RowReader(row: row, what: "proactive prompt \(RowReader.describe(row, "id"))")
        return ProactivePrompt(
            id: try r.value("id"), customerId: try r.value("customer_id"), rule: try r.value("rule"), intent: try r.value("intent"),
            text: try r.value("text"), createdAt: try r.date("created_at"), acceptedAt: try r.optionalDate("accepted_at"),
            conversationId: try r.optional("conversation_id"))
    }
}
