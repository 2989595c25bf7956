import Foundation
import FrontlineEngine
import Logging
import PostgresNIO

/// Customer events and proactive prompts on PostgreSQL (SQLite's semantics). Across
/// replicas: a prompt is saved under a transaction-scoped advisory lock on the customer,
/// so two replicas asked at once make one prompt; acceptance locks the prompt's row.
extension PostgresStore: ProactiveStore {
    static let promptColumns = "id, customer_id, rule, intent, text, created_at, accepted_at, conversation_id"

    public func recordEvent(_ event: CustomerEvent) async throws {
        try StoreValidation.requireId(event.customerId, "customerId")
        let logger = logger
        try await connection { connection in
            try await connection.query("""
                INSERT INTO customer_events (customer_id, kind, page, seconds, cart_value, detail, at)
                VALUES (\(event.customerId), \(event.kind), \(event.page), \(event.seconds), \(event.cartValue), \(event.detail),
                        \(event.at.storedMilliseconds))
                """, logger: logger)
        }
    }

    public func events(customerId: String, since: Date) async throws -> [CustomerEvent] {
        let logger = logger
        return try await connection { connection in
            try await connection.query("""
                SELECT customer_id, kind, page, seconds, cart_value, detail, at FROM customer_events
                WHERE customer_id = \(customerId) AND at >= \(since.storedMilliseconds) ORDER BY at, id
                """, logger: logger).collect().map { row in
                let r = PGRow(row, "customer event of \(customerId)")
                return CustomerEvent(
                    customerId: try r.value("customer_id"), kind: try r.value("kind"), page: try r.optional("page"),
                    seconds: try r.optional("seconds"), cartValue: try r.optional("cart_value"), detail: try r.optional("detail"),
                    at: try r.date("at"))
            }
        }
    }

    public func lastPrompt(customerId: String) async throws -> ProactivePrompt? {
        let logger = logger
        return try await connection { connection in
            try await connection.query("""
                SELECT \(unescaped: Self.promptColumns) FROM proactive_prompts WHERE customer_id = \(customerId)
                ORDER BY created_at DESC, position DESC LIMIT 1
                """, logger: logger).collect().first.map(ProactivePrompt.init(pg:))
        }
    }

    public func savePrompt(_ prompt: ProactivePrompt) async throws {
        let logger = logger
        try await connection { try await Self.insert(prompt, on: $0, logger: logger) }
    }

    public func savePrompt(_ prompt: ProactivePrompt, unlessPromptedAfter cutoff: Date) async throws -> ProactivePrompt? {
        let logger = logger
        return try await transaction { connection in
            // The key differs from a conversation's (a customer id may equal a conversation id).
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\("proactive:" + prompt.customerId), 0))", logger: logger)
            if let earlier = try await connection.query("""
                SELECT \(unescaped: Self.promptColumns) FROM proactive_prompts
                WHERE customer_id = \(prompt.customerId) AND created_at > \(cutoff.storedMilliseconds)
                ORDER BY created_at DESC, position DESC LIMIT 1
                """, logger: logger).collect().first {
                return try ProactivePrompt(pg: earlier)
            }
            try await Self.insert(prompt, on: connection, logger: logger)
            return nil
        }
    }

    public func prompt(id: String) async throws -> ProactivePrompt? {
        let logger = logger
        return try await connection { connection in
            try await Self.prompt(id: id, forUpdate: false, on: connection, logger: logger)
        }
    }

    public func markPromptAccepted(id: String, conversationId: String, at: Date) async throws -> ProactivePrompt {
        let logger = logger
        return try await transaction { connection in
            guard let current = try await Self.prompt(id: id, forUpdate: true, on: connection, logger: logger) else {
                throw StoreError.notFound("prompt \(id)")
            }
            if let earlier = current.conversationId, earlier != conversationId {
                throw StoreError.conflict("prompt \(id) was already accepted in conversation \(earlier)")
            }
            let acceptedAt = current.acceptedAt ?? StoreClock.rounded(at)
            try await connection.query("""
                UPDATE proactive_prompts SET accepted_at = \(acceptedAt.storedMilliseconds), conversation_id = \(conversationId)
                WHERE id = \(id)
                """, logger: logger)
            var updated = current
            updated.acceptedAt = acceptedAt
            updated.conversationId = conversationId
            return updated
        }
    }

    private static func insert(_ prompt: ProactivePrompt, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO proactive_prompts (id, customer_id, rule, intent, text, created_at)
            VALUES (\(prompt.id), \(prompt.customerId), \(prompt.rule), \(prompt.intent), \(prompt.text),
                    \(prompt.createdAt.storedMilliseconds))
            """, logger: logger)
    }

    private static func prompt(id: String, forUpdate: Bool, on connection: PostgresConnection, logger: Logger) async throws -> ProactivePrompt? {
        let lock = forUpdate ? " FOR UPDATE" : ""
        return try await connection.query(
            "SELECT \(unescaped: promptColumns) FROM proactive_prompts WHERE id = \(id)\(unescaped: lock)", logger: logger
        ).collect().first.map(ProactivePrompt.init(pg:))
    }
}

extension ProactivePrompt {
    init(pg row: PostgresRow) throws {
        let r = PGRow(row, "proactive prompt")
        self.init(
            id: try r.value("id"), customerId: try r.value("customer_id"), rule: try r.value("rule"), intent: try r.value("intent"),
            text: try r.value("text"), createdAt: try r.date("created_at"),
            acceptedAt: try r.optional("accepted_at", as: Int64.self).map { StoreClock.date(milliseconds: $0) },
            conversationId: try r.optional("conversation_id"))
    }
}
