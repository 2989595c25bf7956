import Foundation
import FrontlineEngine
import Logging
import PostgresNIO

/// Conversations and messages: the SQL behind `PostgresStore`'s conversation methods.
/// Writers run inside the caller's transaction. The conversation row is locked
/// (`FOR UPDATE`) before a sequence number is taken or a revision checked, so writers on
/// several replicas get distinct, gap-free sequences and stale revisions are refused.
struct ConversationQueries {
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    func run(_ query: PostgresQuery) async throws {
        try await connection.query(query, logger: logger)
    }

    func conversation(id: String, forUpdate: Bool = false) async throws -> Conversation? {
        guard forUpdate else {
            return try await rows("SELECT \(unescaped: PGColumns.conversation) FROM conversations WHERE id = \(id)")
                .first.map(Conversation.init(pg:))
        }
        var locked: Conversation?
        for try await row in try await connection.execute(LockConversation(id: id), logger: logger) { locked = try Conversation(pg: row) }
        return locked
    }

    func existing(id: String, forUpdate: Bool = false) async throws -> Conversation {
        guard let conversation = try await conversation(id: id, forUpdate: forUpdate) else {
            throw StoreError.notFound("conversation \(id)")
        }
        return conversation
    }

    /// Creates the conversation if new (a concurrent creator on another replica is
    /// tolerated: ON CONFLICT DO NOTHING) and returns it locked for this transaction.
    func createOrLoad(id: String, channel: String, customerId: String?, now: Date) async throws -> Conversation {
        let ms = now.storedMilliseconds
        // Most messages belong to a known conversation: one round trip then.
        if var known = try await conversation(id: id, forUpdate: true) {
            if known.customerId == nil, let customerId {
                try await run("UPDATE conversations SET customer_id = \(customerId), updated_at = \(ms) WHERE id = \(id)")
                known.customerId = customerId
                known.updatedAt = StoreClock.date(milliseconds: ms)
            }
            return known
        }
        let state = try StoreJSON.encode(ConversationState())
        try await run("""
            INSERT INTO conversations (id, channel, customer_id, status, created_at, updated_at, revision, last_sequence, state_version, state)
            VALUES (\(id), \(channel), \(customerId), 'bot', \(ms), \(ms), 0, 0, \(ConversationState.currentSchemaVersion), \(state))
            ON CONFLICT (id) DO NOTHING
            """)
        var conversation = try await existing(id: id, forUpdate: true)
        if conversation.customerId == nil, let customerId {
            try await run("UPDATE conversations SET customer_id = \(customerId), updated_at = \(ms) WHERE id = \(id)")
            conversation.customerId = customerId
            conversation.updatedAt = StoreClock.date(milliseconds: ms)
        }
        return conversation
    }

    func setCustomer(conversationId: String, customerId: String?, now: Date) async throws -> Conversation {
        _ = try await existing(id: conversationId, forUpdate: true)
        try await run("UPDATE conversations SET customer_id = \(customerId), updated_at = \(now.storedMilliseconds) WHERE id = \(conversationId)")
        return try await existing(id: conversationId)
    }

    /// `locked`: the conversation as read `FOR UPDATE` earlier in this transaction.
    func append(
        conversationId: String, role: MessageRole, text: String, clientMessageId: String?, now: Date, locked: Conversation? = nil
    ) async throws -> AppendedMessage {
        let header: Conversation
        if let locked { header = locked } else { header = try await existing(id: conversationId, forUpdate: true) }
        let message = Message(
            conversationId: conversationId, sequence: header.lastSequence + 1, role: role, text: text, channel: header.channel,
            createdAt: now, clientMessageId: clientMessageId)
        // One round trip: the retry check, the insert and the conversation's new last
        // sequence (safe as one statement: the conversation row is locked above).
        var stored: PostgresRow?
        for try await row in try await connection.execute(AppendMessage(message: message), logger: logger) { stored = row }
        if let original = stored {
            let message = try Message(pg: original)
            let committed = try PGRow(original, "message \(conversationId)#\(message.sequence)").value("answered", as: Bool.self)
            let replies = committed ? try await self.replies(conversationId: conversationId, to: message.sequence) : []
            return AppendedMessage(message: message, isDuplicate: true, turnCommitted: committed, replies: replies)
        }
        return AppendedMessage(message: message, isDuplicate: false, turnCommitted: false, replies: [])
    }

    /// A stored message with this client id, as `append` reports a duplicate.
    func original(conversationId: String, clientMessageId: String) async throws -> AppendedMessage? {
        guard let row = try await rows("""
            SELECT \(unescaped: PGColumns.message), answered FROM messages
            WHERE conversation_id = \(conversationId) AND client_message_id = \(clientMessageId)
            """).first else { return nil }
        let message = try Message(pg: row)
        let committed = try PGRow(row, "message \(conversationId)#\(message.sequence)").value("answered", as: Bool.self)
        let replies = committed ? try await self.replies(conversationId: conversationId, to: message.sequence) : []
        return AppendedMessage(message: message, isDuplicate: true, turnCommitted: committed, replies: replies)
    }

    /// Stores the turn's customer message (`TurnCommit.customerMessage`) at the head of its
    /// transaction: the conversation created or locked, the revision and the message's
    /// sequence checked. Returns the conversation as locked, with the message counted.
    func storeCustomerMessage(_ turn: TurnCommit, now: Date) async throws -> Conversation? {
        guard let new = turn.customerMessage, let sequence = turn.replyingTo else { return nil }
        var conversation = try await createOrLoad(
            id: turn.conversationId, channel: new.channel, customerId: StoreValidation.nonEmpty(new.customerId), now: now)
        guard conversation.revision == turn.expectedRevision else {
            throw StoreError.conflict("conversation \(turn.conversationId) is at revision \(conversation.revision), not \(turn.expectedRevision)")
        }
        guard conversation.lastSequence + 1 == sequence else {
            throw StoreError.conflict(
                "conversation \(turn.conversationId) is at message \(conversation.lastSequence), so the new one can't be \(sequence)")
        }
        let appended = try await append(
            conversationId: turn.conversationId, role: .customer, text: new.text, clientMessageId: new.clientMessageId, now: now,
            locked: conversation)
        guard !appended.isDuplicate else {
            throw StoreError.conflict("message \(new.clientMessageId ?? "") of conversation \(turn.conversationId) is already stored")
        }
        conversation.lastSequence = sequence
        return conversation
    }

    /// `locked`: the conversation as locked earlier in this transaction (`storeCustomerMessage`).
    func commitTurn(_ turn: TurnCommit, now: Date, handoffId: String, locked: Conversation? = nil) async throws -> CommittedTurn {
        let header: Conversation
        if let locked { header = locked } else { header = try await existing(id: turn.conversationId, forUpdate: true) }
        guard header.revision == turn.expectedRevision else {
            throw StoreError.conflict("conversation \(turn.conversationId) is at revision \(header.revision), not \(turn.expectedRevision)")
        }
        var replies: [Message] = []
        for outgoing in turn.replies {
            replies.append(Message(
                conversationId: turn.conversationId, sequence: header.lastSequence + replies.count + 1, role: outgoing.role,
                text: outgoing.text, channel: header.channel, createdAt: now, replyTo: turn.replyingTo, details: outgoing.details))
        }
        let conversation = Conversation(
            id: turn.conversationId, channel: header.channel, customerId: header.customerId, status: turn.status,
            createdAt: header.createdAt, updatedAt: now, revision: header.revision + 1,
            lastSequence: header.lastSequence + replies.count, state: turn.state)
        let ms = now.storedMilliseconds
        // One round trip for the customer message answered, the replies, the turn's events and
        // the conversation's new state; the writes happen only when the message could be
        // marked answered (otherwise `whyNotAnswered` throws and the transaction rolls back).
        let written = try await rows("""
            WITH answered AS (
                UPDATE messages SET answered = true, parse = COALESCE(\(try turn.customerParse.map(StoreJSON.encode))::jsonb, parse)
                WHERE conversation_id = \(turn.conversationId) AND sequence = \(turn.replyingTo.map(Int64.init)) AND role = 'customer'
                  AND NOT answered
                RETURNING sequence
            ), allowed AS (
                SELECT \(turn.replyingTo.map(Int64.init))::bigint IS NULL OR EXISTS (SELECT 1 FROM answered) AS ok
            ), replies AS (
                INSERT INTO messages (conversation_id, sequence, role, text, channel, created_at, reply_to, details)
                SELECT \(turn.conversationId), r.sequence, r.role, r.text, \(header.channel), \(ms), \(turn.replyingTo.map(Int64.init)),
                       NULLIF(r.details, '')::jsonb
                FROM unnest(\(replies.map { Int64($0.sequence) })::bigint[], \(replies.map(\.role.rawValue))::text[],
                            \(replies.map(\.text))::text[], \(try replies.map { try $0.details.map(StoreJSON.encode) ?? "" })::text[])
                     AS r(sequence, role, text, details)
                WHERE (SELECT ok FROM allowed)
            ), events AS (
                INSERT INTO turn_events (conversation_id, sequence, kind, subject, slot, created_at)
                SELECT \(turn.conversationId), \(turn.replyingTo.map(Int64.init)), e.kind, e.subject, NULLIF(e.slot, ''), \(ms)
                FROM unnest(\(turn.events.map(\.kind.rawValue))::text[], \(turn.events.map(\.subject))::text[],
                            \(turn.events.map { $0.slot ?? "" })::text[]) AS e(kind, subject, slot)
                WHERE (SELECT ok FROM allowed)
            ), moved AS (
                UPDATE conversations
                SET state = \(try StoreJSON.encode(turn.state)), state_version = \(turn.state.schemaVersion), status = \(turn.status.rawValue),
                    revision = \(conversation.revision), last_sequence = \(conversation.lastSequence), updated_at = \(ms),
                    customer_id = \(conversation.customerId)
                WHERE id = \(conversation.id) AND (SELECT ok FROM allowed)
            )
            SELECT ok FROM allowed
            """)
        if let sequence = turn.replyingTo, try written.first.map({ try PGRow($0, "turn").value("ok", as: Bool.self) }) != true {
            try await whyNotAnswered(conversationId: turn.conversationId, sequence: sequence)
        }
        for update in turn.remember {
            try await remember(customerId: update.customerId, slot: update.slot, value: update.value, channel: update.channel, now: now)
        }
        var handoff: Handoff?
        if let draft = turn.handoff {
            let transcript = try await messages(conversationId: conversation.id, after: 0, limit: Int.max)
            handoff = try await HandoffQueries(connection: connection, logger: logger).insert(
                id: handoffId, conversationId: conversation.id, draft: draft, transcript: transcript,
                replyTo: turn.replyingTo, now: now)
        }
        return CommittedTurn(conversation: conversation, replies: replies, handoff: handoff)
    }

    func messages(conversationId: String, after: Int, limit: Int) async throws -> [Message] {
        try await rows("""
            SELECT \(unescaped: PGColumns.message) FROM messages
            WHERE conversation_id = \(conversationId) AND sequence > \(after) ORDER BY sequence LIMIT \(limit)
            """).map(Message.init(pg:))
    }

    func recentMessages(customerId: String, excludingConversation: String?, limit: Int) async throws -> [Message] {
        let newestFirst = try await rows("""
            SELECT \(unescaped: PGColumns.messages(prefix: "m."))
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.customer_id = \(customerId) AND c.id IS DISTINCT FROM \(excludingConversation)
            ORDER BY m.created_at DESC, m.conversation_id DESC, m.sequence DESC
            LIMIT \(limit)
            """).map(Message.init(pg:))
        return newestFirst.reversed()
    }

    func conversations(customerId: String, limit: Int) async throws -> [Conversation] {
        try await rows("""
            SELECT \(unescaped: PGColumns.conversation) FROM conversations WHERE customer_id = \(customerId)
            ORDER BY updated_at DESC, id LIMIT \(limit)
            """).map(Conversation.init(pg:))
    }

    func remember(customerId: String, slot: String, value: String, channel: String, now: Date) async throws {
        try await run("""
            INSERT INTO customer_slots (customer_id, slot, value, channel, updated_at)
            VALUES (\(customerId), \(slot), \(value), \(channel), \(now.storedMilliseconds))
            ON CONFLICT (customer_id, slot) DO UPDATE
            SET value = excluded.value, channel = excluded.channel, updated_at = excluded.updated_at
            """)
    }

    func profile(customerId: String) async throws -> CustomerProfile? {
        let rows = try await rows("SELECT slot, value, channel, updated_at FROM customer_slots WHERE customer_id = \(customerId)")
        guard !rows.isEmpty else { return nil }
        var slots: [String: RememberedSlot] = [:]
        for row in rows {
            let r = PGRow(row, "profile \(customerId)")
            slots[try r.value("slot")] = RememberedSlot(
                value: try r.value("value"), updatedAt: try r.date("updated_at"), channel: try r.value("channel"))
        }
        return CustomerProfile(customerId: customerId, slots: slots)
    }

    /// Why `sequence` could not be marked answered (it is not a customer message of the
    /// conversation, or was answered already). Always throws.
    private func whyNotAnswered(conversationId: String, sequence: Int) async throws {
        guard let row = try await rows(
            "SELECT role, answered FROM messages WHERE conversation_id = \(conversationId) AND sequence = \(sequence)").first
        else {
            throw StoreError.notFound("customer message \(sequence) in conversation \(conversationId)")
        }
        let r = PGRow(row, "message \(conversationId)#\(sequence)")
        guard try r.enumeration("role", as: MessageRole.self) == .customer else {
            throw StoreError.notFound("customer message \(sequence) in conversation \(conversationId)")
        }
        if try r.value("answered", as: Bool.self) {
            throw StoreError.conflict("customer message \(sequence) in conversation \(conversationId) was already answered")
        }
        throw StoreError.corrupt("message \(conversationId)#\(sequence) could not be marked answered")
    }

    func replies(conversationId: String, to sequence: Int) async throws -> [Message] {
        try await rows("""
            SELECT \(unescaped: PGColumns.message) FROM messages
            WHERE conversation_id = \(conversationId) AND reply_to = \(sequence) ORDER BY sequence
            """).map(Message.init(pg:))
    }
}

/// The conversation's row, locked for the transaction: twice per customer message (the
/// message's transaction and the turn's), prepared once per connection.
struct LockConversation: PostgresPreparedStatement {
    static let sql = "SELECT \(PGColumns.conversation) FROM conversations WHERE id = $1 FOR UPDATE"
    typealias Row = PostgresRow
    static let bindingDataTypes: [PostgresDataType] = [.text]

    var id: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { row }
}

/// A new message, unless one with its `client_message_id` is stored already (then that
/// original comes back and nothing is written), and the conversation's last sequence: one
/// round trip per customer message, prepared once per connection. The caller holds the
/// conversation's row lock.
struct AppendMessage: PostgresPreparedStatement {
    static let sql = """
        WITH original AS (
            SELECT \(PGColumns.message), answered FROM messages WHERE conversation_id = $1 AND client_message_id = $8
        ), inserted AS (
            INSERT INTO messages (conversation_id, sequence, role, text, channel, created_at, parse, client_message_id, reply_to, details)
            SELECT $1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb WHERE NOT EXISTS (SELECT 1 FROM original)
            RETURNING sequence
        ), moved AS (
            UPDATE conversations SET last_sequence = $2, updated_at = $6 WHERE id = $1 AND EXISTS (SELECT 1 FROM inserted)
        )
        SELECT * FROM original
        """
    typealias Row = PostgresRow
    // Declared, not inferred: the server would read `$7::jsonb` as a jsonb parameter,
    // and the documents are sent as text.
    static let bindingDataTypes: [PostgresDataType] = [.text, .int8, .text, .text, .text, .int8, .text, .text, .int8, .text]

    var message: Message

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(message.conversationId)
        bindings.append(Int64(message.sequence))
        bindings.append(message.role.rawValue)
        bindings.append(message.text)
        bindings.append(message.channel)
        bindings.append(message.createdAt.storedMilliseconds)
        bindings.append(try message.parse.map(StoreJSON.encode))
        bindings.append(message.clientMessageId)
        bindings.append(message.replyTo.map(Int64.init))
        bindings.append(try message.details.map(StoreJSON.encode))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { row }
}
