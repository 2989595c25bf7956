import Foundation
import FrontlineEngine
import PostgresNIO

/// `ConversationStore` on PostgreSQL: argument checks here (the same as SQLite's), SQL
/// in `ConversationQueries` and `HandoffQueries`, every write one transaction.
extension PostgresStore: ConversationStore {
    func conversations(_ connection: PostgresConnection) -> ConversationQueries {
        ConversationQueries(connection: connection, logger: logger)
    }

    func handoffs(_ connection: PostgresConnection) -> HandoffQueries {
        HandoffQueries(connection: connection, logger: logger)
    }

    public func conversation(id: String) async throws -> Conversation? {
        try await connection { try await self.conversations($0).conversation(id: id) }
    }

    public func createOrLoad(id: String, channel: String, customerId: String?) async throws -> Conversation {
        try StoreValidation.requireId(id, "id")
        try StoreValidation.requireId(channel, "channel")
        let customerId = StoreValidation.nonEmpty(customerId)
        // Fast path without a write: most messages belong to a known conversation.
        if let known = try await conversation(id: id), known.customerId != nil || customerId == nil {
            return known
        }
        let now = clock.now()
        return try await transaction {
            try await self.conversations($0).createOrLoad(id: id, channel: channel, customerId: customerId, now: now)
        }
    }

    public func setCustomer(conversationId: String, customerId: String?) async throws -> Conversation {
        let customerId = StoreValidation.nonEmpty(customerId)
        let now = clock.now()
        return try await transaction {
            try await self.conversations($0).setCustomer(conversationId: conversationId, customerId: customerId, now: now)
        }
    }

    public func appendCustomerMessage(conversationId: String, text: String, clientMessageId: String?) async throws -> AppendedMessage {
        let now = clock.now()
        return try await transaction {
            try await self.conversations($0).append(
                conversationId: conversationId, role: .customer, text: text, clientMessageId: clientMessageId, now: now)
        }
    }

    public func openTurn(id: String, channel: String, customerId: String?, text: String, clientMessageId: String?) async throws -> OpenedTurn {
        try StoreValidation.requireId(id, "id")
        try StoreValidation.requireId(channel, "channel")
        let customerId = StoreValidation.nonEmpty(customerId)
        let now = clock.now()
        return try await transaction { connection in
            let queries = self.conversations(connection)
            var conversation = try await queries.createOrLoad(id: id, channel: channel, customerId: customerId, now: now)
            let appended = try await queries.append(
                conversationId: id, role: .customer, text: text, clientMessageId: clientMessageId, now: now, locked: conversation)
            if !appended.isDuplicate {
                conversation.lastSequence = appended.message.sequence
                conversation.updatedAt = now
            }
            return OpenedTurn(conversation: conversation, appended: appended)
        }
    }

    /// Reads only: the message is committed with its answer (`TurnCommit.customerMessage`).
    public func beginTurn(id: String, channel: String, customerId: String?, text: String, clientMessageId: String?) async throws -> TurnStart {
        try StoreValidation.requireId(id, "id")
        try StoreValidation.requireId(channel, "channel")
        let customerId = StoreValidation.nonEmpty(customerId)
        return try await connection { connection in
            let queries = self.conversations(connection)
            let conversation = try await queries.conversation(id: id)
            var stored: AppendedMessage?
            if conversation != nil, let clientMessageId {
                stored = try await queries.original(conversationId: id, clientMessageId: clientMessageId)
            }
            var profile: CustomerProfile?
            if let customer = conversation?.customerId ?? customerId { profile = try await queries.profile(customerId: customer) }
            return TurnStart(conversation: conversation, profile: profile, stored: stored)
        }
    }

    public func appendMessage(conversationId: String, role: MessageRole, text: String, clientMessageId: String?) async throws -> AppendedMessage {
        if role == .customer {
            throw StoreError.invalidArgument("customer messages go through appendCustomerMessage")
        }
        let now = clock.now()
        return try await transaction {
            try await self.conversations($0).append(
                conversationId: conversationId, role: role, text: text, clientMessageId: clientMessageId, now: now)
        }
    }

    public func commitTurn(_ turn: TurnCommit) async throws -> CommittedTurn {
        try StoreValidation.check(turn)
        let now = clock.now()
        let handoffId = RandomIdentifier.uuidString()
        return try await transaction { connection in
            let queries = self.conversations(connection)
            let locked = try await queries.storeCustomerMessage(turn, now: now)
            return try await queries.commitTurn(turn, now: now, handoffId: handoffId, locked: locked)
        }
    }

    public func messages(conversationId: String, after: Int, limit: Int) async throws -> [Message] {
        let limit = StoreValidation.limit(limit)
        return try await connection { try await self.conversations($0).messages(conversationId: conversationId, after: after, limit: limit) }
    }

    public func recentMessages(customerId: String, excludingConversation: String?, limit: Int) async throws -> [Message] {
        let limit = StoreValidation.limit(limit)
        return try await connection {
            try await self.conversations($0).recentMessages(customerId: customerId, excludingConversation: excludingConversation, limit: limit)
        }
    }

    public func conversations(customerId: String, limit: Int) async throws -> [Conversation] {
        let limit = StoreValidation.limit(limit)
        return try await connection { try await self.conversations($0).conversations(customerId: customerId, limit: limit) }
    }

    public func customerProfile(id: String) async throws -> CustomerProfile? {
        try await connection { try await self.conversations($0).profile(customerId: id) }
    }

    public func remember(customerId: String, slot: String, value: String, channel: String) async throws {
        try StoreValidation.requireId(customerId, "customerId")
        try StoreValidation.requireId(slot, "slot")
        let now = clock.now()
        try await connection {
            try await self.conversations($0).remember(customerId: customerId, slot: slot, value: value, channel: channel, now: now)
        }
    }

    public func handoff(id: String) async throws -> Handoff? {
        try await connection { try await self.handoffs($0).handoff(id: id) }
    }

    public func handoffs(status: HandoffStatus?, queue: String?, limit: Int) async throws -> [Handoff] {
        let limit = StoreValidation.limit(limit)
        return try await connection { try await self.handoffs($0).handoffs(status: status, queue: queue, limit: limit) }
    }

    public func handoff(conversationId: String, replyingTo sequence: Int) async throws -> Handoff? {
        try await connection { try await self.handoffs($0).handoff(conversationId: conversationId, replyingTo: sequence) }
    }

    public func recentAcceptances(queue: String, limit: Int) async throws -> [HandoffAcceptance] {
        let limit = StoreValidation.limit(limit)
        return try await connection { try await self.handoffs($0).recentAcceptances(queue: queue, limit: limit) }
    }

    public func updateHandoff(id: String, to status: HandoffStatus, agentId: String?) async throws -> Handoff {
        let now = clock.now()
        return try await transaction { try await self.handoffs($0).update(id: id, to: status, agentId: agentId, now: now) }
    }

    public func saveOutcome(_ outcome: OutcomeDraft) async throws -> Outcome {
        let now = clock.now()
        let logger = logger
        return try await transaction { connection in
            let saved = try await self.handoffs(connection).saveOutcome(outcome, now: now)
            // Delivered at commit: replicas following the outcome feed read it at once.
            try await connection.query("SELECT pg_notify(\(Self.outcomeChannel), \(String(saved.id)))", logger: logger)
            return saved
        }
    }

    public func outcomes(since: Date, limit: Int) async throws -> [Outcome] {
        let limit = StoreValidation.limit(limit)
        return try await connection { try await self.handoffs($0).outcomes(since: since, limit: limit) }
    }
}

/// One turn per conversation at a time across replicas: a session advisory lock on the
/// conversation's key, held on one connection from before the customer message is stored
/// until the turn is committed (the message is committed first, in its own transaction,
/// so it is durable whatever happens to the turn). The turn's calls run on that same
/// connection, so a turn never waits for a second one from the pool; a replica that
/// dies drops the connection and PostgreSQL releases the lock.
extension PostgresStore: ConversationLocking {
    public func withConversationLock<T: Sendable>(_ conversationId: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        if Self.turnConnection != nil { return try await body() }
        let logger = logger
        // The answer deadline covers the whole turn, waiting for the lock included: a turn
        // cut short has its message stored, and a retry with its message_id finishes it.
        return try await pooled { connection in
            try await connection.query("SELECT pg_advisory_lock(hashtextextended(\(conversationId), 0))", logger: logger)
            do {
                let result = try await Self.$turnConnection.withValue(connection) { try await body() }
                try await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(conversationId), 0))", logger: logger)
                return result
            } catch {
                // A lost connection has released the lock already; otherwise release it here.
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(conversationId), 0))", logger: logger)
                throw error
            }
        }
    }
}
