import Foundation
import FrontlineEngine
import GRDB

/// Conversations and messages: the SQL behind `SQLiteStore`'s conversation methods.
/// Writers run inside a group-commit transaction (see `GroupCommitWriter`), readers
/// inside a read transaction; none of them opens a transaction of its own.
enum ConversationSQL {
    static func conversation(_ db: Database, id: String) throws -> Conversation? {
        try db.row("SELECT \(Columns.conversation) FROM conversations WHERE id = ?", [id]).map(Conversation.init(row:))
    }

    static func existing(_ db: Database, id: String) throws -> Conversation {
        guard let conversation = try conversation(db, id: id) else {
            throw StoreError.notFound("conversation \(id)")
        }
        return conversation
    }

    static func createOrLoad(_ db: Database, id: String, channel: String, customerId: String?, now: Date) throws -> Conversation {
        if let existing = try conversation(db, id: id) {
            guard existing.customerId == nil, let customerId else { return existing }
            try db.run(
                "UPDATE conversations SET customer_id = ?, updated_at = ? WHERE id = ?",
                [customerId, StoreClock.milliseconds(now), id])
            return try self.existing(db, id: id)
        }
        try db.run(
            """
            INSERT INTO conversations
                (id, channel, customer_id, status, created_at, updated_at, revision, last_sequence, state_version, state)
            VALUES (?, ?, ?, 'bot', ?, ?, 0, 0, ?, ?)
            """,
            [id, channel, customerId, StoreClock.milliseconds(now), StoreClock.milliseconds(now),
             ConversationState.currentSchemaVersion, try emptyStateDocument()])
        // What was just inserted, rather than reading (and decoding) it back.
        let stored = StoreClock.date(milliseconds: StoreClock.milliseconds(now))
        return Conversation(
            id: id, channel: channel, customerId: customerId, status: .bot, createdAt: stored, updatedAt: stored,
            revision: 0, lastSequence: 0, state: ConversationState())
    }

    /// The stored form of a new conversation's state, encoded once.
    private static func emptyStateDocument() throws -> String {
        try emptyState.get()
    }
    private static let emptyState = Result { try StoreJSON.encode(ConversationState()) }

    static func setCustomer(_ db: Database, conversationId: String, customerId: String?, now: Date) throws -> Conversation {
        _ = try existing(db, id: conversationId)
        try db.run(
            "UPDATE conversations SET customer_id = ?, updated_at = ? WHERE id = ?",
            [customerId, StoreClock.milliseconds(now), conversationId])
        return try existing(db, id: conversationId)
    }

    /// `known`: the conversation as read earlier in the same transaction, which saves
    /// reading its header again.
    static func append(
        _ db: Database, conversationId: String, role: MessageRole, text: String, clientMessageId: String?, now: Date,
        known: Conversation? = nil
    ) throws -> AppendedMessage {
        let header = try known.map(Header.init) ?? Header(db, id: conversationId)
        if let clientMessageId, let original = try original(db, conversationId: conversationId, clientMessageId: clientMessageId) {
            return original
        }
        let message = Message(
            conversationId: conversationId, sequence: header.lastSequence + 1, role: role, text: text,
            channel: header.channel, createdAt: now, clientMessageId: clientMessageId
        )
        try insert(db, message)
        try db.run(
            "UPDATE conversations SET last_sequence = ?, updated_at = ? WHERE id = ?",
            [message.sequence, StoreClock.milliseconds(now), conversationId])
        return AppendedMessage(message: message, isDuplicate: false, turnCommitted: false, replies: [])
    }

    /// A stored customer message with this client id, as `append` reports a duplicate.
    private static func original(_ db: Database, conversationId: String, clientMessageId: String) throws -> AppendedMessage? {
        guard let row = try db.row(
            "SELECT \(Columns.message), answered FROM messages WHERE conversation_id = ? AND client_message_id = ?",
            [conversationId, clientMessageId]
        ) else { return nil }
        let message = try Message(row: row)
        let reader = RowReader(row: row, what: "message \(conversationId)#\(message.sequence)")
        let committed = try reader.value("answered", as: Bool.self)
        let replies = committed ? try self.replies(db, conversationId: conversationId, to: message.sequence) : []
        return AppendedMessage(message: message, isDuplicate: true, turnCommitted: committed, replies: replies)
    }

    /// What a turn starts from (see `ConversationStore.beginTurn`), in one read transaction.
    static func beginTurn(_ db: Database, id: String, customerId: String?, clientMessageId: String?) throws -> TurnStart {
        let conversation = try self.conversation(db, id: id)
        var stored: AppendedMessage?
        if conversation != nil, let clientMessageId {
            stored = try original(db, conversationId: id, clientMessageId: clientMessageId)
        }
        var profile: CustomerProfile?
        if let customer = conversation?.customerId ?? customerId { profile = try ProfileSQL.profile(db, customerId: customer) }
        return TurnStart(conversation: conversation, profile: profile, stored: stored)
    }

    static func commitTurn(_ db: Database, turn: TurnCommit, now: Date, handoffId: String) throws -> CommittedTurn {
        var header: Header
        if let new = turn.customerMessage {
            header = try Header.createOrLoad(db, id: turn.conversationId, channel: new.channel, customerId: new.customerId, now: now)
        } else {
            header = try Header(db, id: turn.conversationId)
        }
        guard header.revision == turn.expectedRevision else {
            throw StoreError.conflict(
                "conversation \(turn.conversationId) is at revision \(header.revision), not \(turn.expectedRevision)")
        }
        if let new = turn.customerMessage, let sequence = turn.replyingTo {
            // The message and its answer in one transaction: stored answered, with its parse.
            if let clientMessageId = new.clientMessageId,
               try original(db, conversationId: turn.conversationId, clientMessageId: clientMessageId) != nil {
                throw StoreError.conflict("message \(clientMessageId) of conversation \(turn.conversationId) is already stored")
            }
            guard header.lastSequence + 1 == sequence else {
                throw StoreError.conflict(
                    "conversation \(turn.conversationId) is at message \(header.lastSequence), so the new one can't be \(sequence)")
            }
            try insert(db, Message(
                conversationId: turn.conversationId, sequence: sequence, role: .customer, text: new.text,
                channel: header.channel, createdAt: now, parse: turn.customerParse, clientMessageId: new.clientMessageId),
                answered: true)
            header.lastSequence = sequence
        } else if let sequence = turn.replyingTo {
            try markAnswered(db, conversationId: turn.conversationId, sequence: sequence, parse: turn.customerParse)
        }
        var replies: [Message] = []
        for outgoing in turn.replies {
            let message = Message(
                conversationId: turn.conversationId, sequence: header.lastSequence + replies.count + 1,
                role: outgoing.role, text: outgoing.text, channel: header.channel, createdAt: now,
                replyTo: turn.replyingTo, details: outgoing.details
            )
            try insert(db, message)
            replies.append(message)
        }
        // Built from what is known rather than re-read: saves decoding the old state.
        let conversation = Conversation(
            id: turn.conversationId, channel: header.channel, customerId: header.customerId, status: turn.status,
            createdAt: header.createdAt, updatedAt: now, revision: header.revision + 1,
            lastSequence: header.lastSequence + replies.count, state: turn.state
        )
        try db.run(
            """
            UPDATE conversations
            SET state = ?, state_version = ?, status = ?, revision = ?, last_sequence = ?, updated_at = ?, customer_id = ?
            WHERE id = ?
            """,
            [try StoreJSON.encode(turn.state), turn.state.schemaVersion, turn.status.rawValue,
             conversation.revision, conversation.lastSequence, StoreClock.milliseconds(now), conversation.customerId,
             conversation.id])

        try EventSQL.insert(db, conversationId: turn.conversationId, sequence: turn.replyingTo, events: turn.events, now: now)
        for update in turn.remember {
            try ProfileSQL.remember(
                db, customerId: update.customerId, slot: update.slot, value: update.value, channel: update.channel, now: now)
        }

        var handoff: Handoff?
        if let draft = turn.handoff {
            // Inserted last on purpose: the one-active-handoff index may refuse it, and
            // the savepoint then undoes everything above (the turn is all-or-nothing).
            let transcript = try messages(db, conversationId: conversation.id, after: 0, limit: Int.max)
            handoff = try HandoffSQL.insert(
                db, id: handoffId, conversationId: conversation.id, draft: draft, transcript: transcript,
                replyTo: turn.replyingTo, now: now)
            // Same transaction: the webhook announcing it can't be lost, nor announce a rolled-back handoff.
            try OutboxSQL.enqueue(db, handoffId: handoffId, now: now)
        }
        return CommittedTurn(conversation: conversation, replies: replies, handoff: handoff)
    }

    static func messages(_ db: Database, conversationId: String, after: Int, limit: Int) throws -> [Message] {
        try db.rows(
            "SELECT \(Columns.message) FROM messages WHERE conversation_id = ? AND sequence > ? ORDER BY sequence LIMIT ?",
            [conversationId, after, limit]
        ).map(Message.init(row:))
    }

    static func recentMessages(_ db: Database, customerId: String, excludingConversation: String?, limit: Int) throws -> [Message] {
        let newestFirst = try db.rows(
            """
            SELECT \(Columns.messages(prefix: "m."))
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.customer_id = ? AND c.id IS NOT ?
            ORDER BY m.created_at DESC, m.conversation_id DESC, m.sequence DESC
            LIMIT ?
            """,
            [customerId, excludingConversation, limit]
        ).map(Message.init(row:))
        return newestFirst.reversed()
    }

    static func conversations(_ db: Database, customerId: String, limit: Int) throws -> [Conversation] {
        try db.rows(
            "SELECT \(Columns.conversation) FROM conversations WHERE customer_id = ? ORDER BY updated_at DESC, id LIMIT ?",
            [customerId, limit]
        ).map(Conversation.init(row:))
    }

    /// The columns the write path needs, without the state document.
    private struct Header {
        var channel: String
        var customerId: String?
        var createdAt: Date
        var revision: Int
        var lastSequence: Int

        init(_ conversation: Conversation) {
            channel = conversation.channel
            customerId = conversation.customerId
            createdAt = conversation.createdAt
            revision = conversation.revision
            lastSequence = conversation.lastSequence
        }

        init(_ db: Database, id: String) throws {
            guard let header = try Header.load(db, id: id) else { throw StoreError.notFound("conversation \(id)") }
            self = header
        }

        /// The conversation's header, the conversation created first when new (as
        /// `createOrLoad` does, without reading its state).
        static func createOrLoad(_ db: Database, id: String, channel: String, customerId: String?, now: Date) throws -> Header {
            if var header = try load(db, id: id) {
                if header.customerId == nil { header.customerId = StoreValidation.nonEmpty(customerId) }
                return header
            }
            return Header(try ConversationSQL.createOrLoad(
                db, id: id, channel: channel, customerId: StoreValidation.nonEmpty(customerId), now: now))
        }

        private static func load(_ db: Database, id: String) throws -> Header? {
            guard let row = try db.row(
                "SELECT channel, customer_id, created_at, revision, last_sequence FROM conversations WHERE id = ?", [id]
            ) else {
                return nil
            }
            return try Header(row: row, id: id)
        }

        private init(row: Row, id: String) throws {
            let reader = RowReader(row: row, what: "conversation \(id)")
            channel = try reader.value("channel")
            customerId = try reader.optional("customer_id")
            createdAt = try reader.date("created_at")
            revision = try reader.value("revision")
            lastSequence = try reader.value("last_sequence")
        }
    }

    /// Marks `sequence` answered if it is an unanswered customer message; otherwise says
    /// why not. One UPDATE on the common path: the checks only run when it changed nothing.
    private static func markAnswered(_ db: Database, conversationId: String, sequence: Int, parse: MessageParse?) throws {
        try db.run(
            """
            UPDATE messages SET answered = 1, parse = COALESCE(?, parse)
            WHERE conversation_id = ? AND sequence = ? AND role = 'customer' AND answered = 0
            """,
            [try parse.map(StoreJSON.encode), conversationId, sequence])
        guard db.changesCount == 0 else { return }
        guard let row = try db.row(
            "SELECT role, answered FROM messages WHERE conversation_id = ? AND sequence = ?", [conversationId, sequence]
        ) else {
            throw StoreError.notFound("customer message \(sequence) in conversation \(conversationId)")
        }
        let reader = RowReader(row: row, what: "message \(conversationId)#\(sequence)")
        guard try reader.enumeration("role", as: MessageRole.self) == .customer else {
            throw StoreError.notFound("customer message \(sequence) in conversation \(conversationId)")
        }
        if try reader.value("answered", as: Bool.self) {
            throw StoreError.conflict("customer message \(sequence) in conversation \(conversationId) was already answered")
        }
        throw StoreError.corrupt("message \(conversationId)#\(sequence) could not be marked answered")
    }

    private static func replies(_ db: Database, conversationId: String, to sequence: Int) throws -> [Message] {
        try db.rows(
            "SELECT \(Columns.message) FROM messages WHERE conversation_id = ? AND reply_to = ? ORDER BY sequence",
            [conversationId, sequence]
        ).map(Message.init(row:))
    }

    private static func insert(_ db: Database, _ message: Message, answered: Bool = false) throws {
        try db.run(
            """
            INSERT INTO messages
                (conversation_id, sequence, role, text, channel, created_at, parse, client_message_id, reply_to, details, answered)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [message.conversationId, message.sequence, message.role.rawValue, message.text, message.channel,
             StoreClock.milliseconds(message.createdAt), try message.parse.map(StoreJSON.encode),
             message.clientMessageId, message.replyTo, try message.details.map(StoreJSON.encode), answered])
    }
}
