import Foundation
import FrontlineEngine
import GRDB

/// `ConversationStore` on SQLite: argument checks here, SQL in the *SQL files, every
/// write through group commit. Durability guarantees are documented on the protocol.
extension SQLiteStore: ConversationStore {
    public func conversation(id: String) async throws -> Conversation? {
        try await read { db in try ConversationSQL.conversation(db, id: id) }
    }

    public func createOrLoad(id: String, channel: String, customerId: String?) async throws -> Conversation {
        try StoreValidation.requireId(id, "id")
        try StoreValidation.requireId(channel, "channel")
        let customerId = StoreValidation.nonEmpty(customerId)
        // Fast path without a write: most messages belong to a known conversation.
        if let known = try await conversation(id: id), known.customerId != nil || customerId == nil {
            return known
        }
        let clock = clock
        return try await write { db in
            try ConversationSQL.createOrLoad(db, id: id, channel: channel, customerId: customerId, now: clock.now())
        }
    }

    public func setCustomer(conversationId: String, customerId: String?) async throws -> Conversation {
        let clock = clock
        let customerId = StoreValidation.nonEmpty(customerId)
        return try await write { db in
            try ConversationSQL.setCustomer(db, conversationId: conversationId, customerId: customerId, now: clock.now())
        }
    }

    public func appendCustomerMessage(conversationId: String, text: String, clientMessageId: String?) async throws -> AppendedMessage {
        let clock = clock
        return try await write { db in
            try ConversationSQL.append(
                db, conversationId: conversationId, role: .customer, text: text, clientMessageId: clientMessageId, now: clock.now())
        }
    }

    public func openTurn(id: String, channel: String, customerId: String?, text: String, clientMessageId: String?) async throws -> OpenedTurn {
        try StoreValidation.requireId(id, "id")
        try StoreValidation.requireId(channel, "channel")
        let customerId = StoreValidation.nonEmpty(customerId)
        let clock = clock
        return try await write { db in
            let now = clock.now()
            var conversation = try ConversationSQL.createOrLoad(db, id: id, channel: channel, customerId: customerId, now: now)
            let appended = try ConversationSQL.append(
                db, conversationId: id, role: .customer, text: text, clientMessageId: clientMessageId, now: now,
                known: conversation)
            if !appended.isDuplicate {
                // What the append changed, rather than reading (and decoding) the row again.
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
        return try await read { db in
            try ConversationSQL.beginTurn(db, id: id, customerId: customerId, clientMessageId: clientMessageId)
        }
    }

    public func appendMessage(conversationId: String, role: MessageRole, text: String, clientMessageId: String?) async throws -> AppendedMessage {
        if role == .customer {
            throw StoreError.invalidArgument("customer messages go through appendCustomerMessage")
        }
        let clock = clock
        return try await write { db in
            try ConversationSQL.append(
                db, conversationId: conversationId, role: role, text: text, clientMessageId: clientMessageId, now: clock.now())
        }
    }

    public func commitTurn(_ turn: TurnCommit) async throws -> CommittedTurn {
        try StoreValidation.check(turn)
        let clock = clock
        let handoffId = RandomIdentifier.uuidString()
        return try await write { db in
            try ConversationSQL.commitTurn(db, turn: turn, now: clock.now(), handoffId: handoffId)
        }
    }

    public func messages(conversationId: String, after: Int, limit: Int) async throws -> [Message] {
        let limit = StoreValidation.limit(limit)
        return try await read { db in try ConversationSQL.messages(db, conversationId: conversationId, after: after, limit: limit) }
    }

    public func recentMessages(customerId: String, excludingConversation: String?, limit: Int) async throws -> [Message] {
        let limit = StoreValidation.limit(limit)
        return try await read { db in
            try ConversationSQL.recentMessages(db, customerId: customerId, excludingConversation: excludingConversation, limit: limit)
        }
    }

    public func conversations(customerId: String, limit: Int) async throws -> [Conversation] {
        let limit = StoreValidation.limit(limit)
        return try await read { db in try ConversationSQL.conversations(db, customerId: customerId, limit: limit) }
    }

    public func customerProfile(id: String) async throws -> CustomerProfile? {
        try await read { db in try ProfileSQL.profile(db, customerId: id) }
    }

    public func remember(customerId: String, slot: String, value: String, channel: String) async throws {
        try StoreValidation.requireId(customerId, "customerId")
        try StoreValidation.requireId(slot, "slot")
        let clock = clock
        try await write { db in
            try ProfileSQL.remember(db, customerId: customerId, slot: slot, value: value, channel: channel, now: clock.now())
        }
    }

    public func handoff(id: String) async throws -> Handoff? {
        try await read { db in try HandoffSQL.handoff(db, id: id) }
    }

    public func handoffs(status: HandoffStatus?, queue: String?, limit: Int) async throws -> [Handoff] {
        let limit = StoreValidation.limit(limit)
        return try await read { db in try HandoffSQL.handoffs(db, status: status, queue: queue, limit: limit) }
    }

    public func activeHandoff(conversationId: String) async throws -> Handoff? {
        try await read { db in try HandoffSQL.active(db, conversationId: conversationId) }
    }

    public func handoff(conversationId: String, replyingTo sequence: Int) async throws -> Handoff? {
        try await read { db in try HandoffSQL.handoff(db, conversationId: conversationId, replyingTo: sequence) }
    }

    public func recentAcceptances(queue: String, limit: Int) async throws -> [HandoffAcceptance] {
        let limit = StoreValidation.limit(limit)
        return try await read { db in try HandoffSQL.recentAcceptances(db, queue: queue, limit: limit) }
    }

    public func updateHandoff(id: String, to status: HandoffStatus, agentId: String?) async throws -> Handoff {
        let clock = clock
        return try await write { db in
            try HandoffSQL.update(db, id: id, to: status, agentId: agentId, now: clock.now())
        }
    }

    public func saveOutcome(_ outcome: OutcomeDraft) async throws -> Outcome {
        let clock = clock
        return try await write { db in try OutcomeSQL.save(db, draft: outcome, now: clock.now()) }
    }

    public func outcomes(since: Date, limit: Int) async throws -> [Outcome] {
        let limit = StoreValidation.limit(limit)
        return try await read { db in try OutcomeSQL.outcomes(db, since: since, limit: limit) }
    }

    public func correctionExamples(afterId: Int) async throws -> [CorrectionExample] {
        try await read { db in try OutcomeSQL.examples(db, afterId: afterId) }
    }
}
