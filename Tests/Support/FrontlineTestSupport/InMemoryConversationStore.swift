import Foundation
import FrontlineEngine

/// A `ConversationStore` in memory, for the engine's unit tests. It follows the same
/// contract as `SQLiteStore` (the same behavioural test suite runs over both) except
/// that nothing survives the process.
public actor InMemoryConversationStore: ConversationStore {
    private let clock: StoreClock
    private var conversationsById: [String: Conversation] = [:]
    private var messagesById: [String: [Message]] = [:]
    /// Customer messages whose turn was committed, per conversation.
    private var answered: [String: Set<Int>] = [:]
    private var handoffsById: [String: Handoff] = [:]
    /// Creation order, the tie-break when two handoffs share a timestamp.
    private var handoffOrder: [String] = []
    private var outcomeList: [Outcome] = []
    private var profiles: [String: [String: RememberedSlot]] = [:]

    public init(clock: StoreClock = .system) {
        self.clock = clock
    }

    public func conversation(id: String) throws -> Conversation? {
        conversationsById[id]
    }

    public func createOrLoad(id: String, channel: String, customerId: String?) throws -> Conversation {
        try StoreValidation.requireId(id, "id")
        try StoreValidation.requireId(channel, "channel")
        let customerId = StoreValidation.nonEmpty(customerId)
        if var existing = conversationsById[id] {
            if existing.customerId == nil, let customerId {
                existing.customerId = customerId
                existing.updatedAt = clock.now()
                conversationsById[id] = existing
            }
            return existing
        }
        let now = clock.now()
        let created = Conversation(
            id: id, channel: channel, customerId: customerId, status: .bot,
            createdAt: now, updatedAt: now, revision: 0, lastSequence: 0, state: ConversationState()
        )
        conversationsById[id] = created
        messagesById[id] = []
        return created
    }

    public func setCustomer(conversationId: String, customerId: String?) throws -> Conversation {
        var conversation = try existing(conversationId)
        conversation.customerId = StoreValidation.nonEmpty(customerId)
        conversation.updatedAt = clock.now()
        conversationsById[conversationId] = conversation
        return conversation
    }

    public func appendCustomerMessage(conversationId: String, text: String, clientMessageId: String?) throws -> AppendedMessage {
        try append(conversationId: conversationId, role: .customer, text: text, clientMessageId: clientMessageId)
    }

    public func appendMessage(conversationId: String, role: MessageRole, text: String, clientMessageId: String?) throws -> AppendedMessage {
        if role == .customer {
            throw StoreError.invalidArgument("customer messages go through appendCustomerMessage")
        }
        return try append(conversationId: conversationId, role: role, text: text, clientMessageId: clientMessageId)
    }

    public func beginTurn(id: String, channel: String, customerId: String?, text: String, clientMessageId: String?) throws -> TurnStart {
        try StoreValidation.requireId(id, "id")
        try StoreValidation.requireId(channel, "channel")
        let conversation = conversationsById[id]
        var stored: AppendedMessage?
        if let clientMessageId, let original = messagesById[id]?.first(where: { $0.clientMessageId == clientMessageId }) {
            stored = duplicate(of: original)
        }
        let customer = conversation?.customerId ?? StoreValidation.nonEmpty(customerId)
        return TurnStart(conversation: conversation, profile: try customer.flatMap { try customerProfile(id: $0) }, stored: stored)
    }

    public func commitTurn(_ turn: TurnCommit) throws -> CommittedTurn {
        try StoreValidation.check(turn)
        if let new = turn.customerMessage {
            // Every check first, so that storing the message can't outlive a refused turn.
            let current = conversationsById[turn.conversationId]
            guard (current?.revision ?? 0) == turn.expectedRevision else {
                throw StoreError.conflict("conversation \(turn.conversationId) is at revision \(current?.revision ?? 0), not \(turn.expectedRevision)")
            }
            if let id = new.clientMessageId, messagesById[turn.conversationId]?.contains(where: { $0.clientMessageId == id }) == true {
                throw StoreError.conflict("message \(id) of conversation \(turn.conversationId) is already stored")
            }
            guard (current?.lastSequence ?? 0) + 1 == turn.replyingTo else {
                throw StoreError.conflict("conversation \(turn.conversationId) moved on: the new message can't be \(turn.replyingTo ?? 0)")
            }
            if turn.handoff != nil, handoffsById.values.contains(where: { $0.conversationId == turn.conversationId && $0.status.isActive }) {
                throw StoreError.conflict("conversation \(turn.conversationId) already has an active handoff")
            }
            _ = try createOrLoad(id: turn.conversationId, channel: new.channel, customerId: new.customerId)
            _ = try append(conversationId: turn.conversationId, role: .customer, text: new.text, clientMessageId: new.clientMessageId)
        }
        var conversation = try existing(turn.conversationId)
        guard conversation.revision == turn.expectedRevision else {
            throw StoreError.conflict("conversation \(turn.conversationId) is at revision \(conversation.revision), not \(turn.expectedRevision)")
        }
        var messages = messagesById[turn.conversationId] ?? []
        if let sequence = turn.replyingTo {
            guard sequence >= 1, sequence <= messages.count, messages[sequence - 1].role == .customer else {
                throw StoreError.notFound("customer message \(sequence) in conversation \(turn.conversationId)")
            }
            if answered[turn.conversationId, default: []].contains(sequence) {
                throw StoreError.conflict("customer message \(sequence) in conversation \(turn.conversationId) was already answered")
            }
        }
        if turn.handoff != nil, handoffsById.values.contains(where: { $0.conversationId == turn.conversationId && $0.status.isActive }) {
            throw StoreError.conflict("conversation \(turn.conversationId) already has an active handoff")
        }

        // Every check passed: nothing below can fail, so the turn is all-or-nothing.
        let now = clock.now()
        if let sequence = turn.replyingTo {
            if let parse = turn.customerParse {
                messages[sequence - 1].parse = parse
            }
            answered[turn.conversationId, default: []].insert(sequence)
        }
        var replies: [Message] = []
        for outgoing in turn.replies {
            let message = Message(
                conversationId: turn.conversationId, sequence: messages.count + 1, role: outgoing.role,
                text: outgoing.text, channel: conversation.channel, createdAt: now, replyTo: turn.replyingTo,
                details: outgoing.details
            )
            messages.append(message)
            replies.append(message)
        }
        messagesById[turn.conversationId] = messages
        conversation.state = turn.state
        conversation.status = turn.status
        conversation.revision += 1
        conversation.lastSequence = messages.count
        conversation.updatedAt = now
        conversationsById[turn.conversationId] = conversation
        for update in turn.remember {
            profiles[update.customerId, default: [:]][update.slot] = RememberedSlot(value: update.value, updatedAt: now, channel: update.channel)
        }

        var handoff: Handoff?
        if let draft = turn.handoff {
            let created = Handoff(
                id: UUID().uuidString, conversationId: turn.conversationId, reason: draft.reason, queue: draft.queue,
                summary: draft.summary, slots: draft.slots, transcript: messages, status: .open, agentId: nil,
                createdAt: now, updatedAt: now, replyTo: turn.replyingTo, priority: draft.priority,
                priorityReasons: draft.priorityReasons
            )
            handoffsById[created.id] = created
            handoffOrder.append(created.id)
            handoff = created
        }
        return CommittedTurn(conversation: conversation, replies: replies, handoff: handoff)
    }

    public func messages(conversationId: String, after: Int, limit: Int) throws -> [Message] {
        let all = messagesById[conversationId] ?? []
        return Array(all.lazy.filter { $0.sequence > after }.prefix(StoreValidation.limit(limit)))
    }

    public func recentMessages(customerId: String, excludingConversation: String?, limit: Int) throws -> [Message] {
        let ids = conversationsById.values
            .filter { $0.customerId == customerId && $0.id != excludingConversation }
            .map(\.id)
        let all = ids.flatMap { messagesById[$0] ?? [] }.sorted(by: Self.chronological)
        return Array(all.suffix(StoreValidation.limit(limit)))
    }

    public func conversations(customerId: String, limit: Int) throws -> [Conversation] {
        let mine = conversationsById.values.filter { $0.customerId == customerId }
        let sorted = mine.sorted { a, b in
            a.updatedAt != b.updatedAt ? a.updatedAt > b.updatedAt : a.id < b.id
        }
        return Array(sorted.prefix(StoreValidation.limit(limit)))
    }

    public func customerProfile(id: String) throws -> CustomerProfile? {
        guard let slots = profiles[id], !slots.isEmpty else { return nil }
        return CustomerProfile(customerId: id, slots: slots)
    }

    public func remember(customerId: String, slot: String, value: String, channel: String) throws {
        try StoreValidation.requireId(customerId, "customerId")
        try StoreValidation.requireId(slot, "slot")
        profiles[customerId, default: [:]][slot] = RememberedSlot(value: value, updatedAt: clock.now(), channel: channel)
    }

    public func handoff(id: String) throws -> Handoff? {
        handoffsById[id]
    }

    public func handoffs(status: HandoffStatus?, queue: String?, limit: Int) throws -> [Handoff] {
        let ordered = handoffOrder.enumerated().compactMap { index, id in handoffsById[id].map { (index, $0) } }
        let matching = ordered.filter { _, handoff in
            (status == nil || handoff.status == status) && (queue == nil || handoff.queue == queue)
        }
        let sorted = matching.sorted { a, b in
            if a.1.priority != b.1.priority { return a.1.priority > b.1.priority }
            return a.1.createdAt != b.1.createdAt ? a.1.createdAt < b.1.createdAt : a.0 < b.0
        }
        return sorted.prefix(StoreValidation.limit(limit)).map(\.1)
    }

    public func activeHandoff(conversationId: String) throws -> Handoff? {
        handoffsById.values.first { $0.conversationId == conversationId && $0.status.isActive }
    }

    public func handoff(conversationId: String, replyingTo sequence: Int) throws -> Handoff? {
        handoffsById.values.first { $0.conversationId == conversationId && $0.replyTo == sequence }
    }

    public func recentAcceptances(queue: String, limit: Int) throws -> [HandoffAcceptance] {
        let accepted = handoffsById.values.compactMap { handoff in
            handoff.queue == queue ? handoff.acceptedAt.map { HandoffAcceptance(createdAt: handoff.createdAt, acceptedAt: $0) } : nil
        }
        return Array(accepted.sorted { $0.acceptedAt < $1.acceptedAt }.suffix(StoreValidation.limit(limit)))
    }

    public func updateHandoff(id: String, to status: HandoffStatus, agentId: String?) throws -> Handoff {
        guard var handoff = handoffsById[id] else {
            throw StoreError.notFound("handoff \(id)")
        }
        try StoreValidation.checkTransition(from: handoff.status, to: status, agentId: agentId)
        guard var conversation = conversationsById[handoff.conversationId] else {
            throw StoreError.notFound("conversation \(handoff.conversationId)")
        }
        let now = clock.now()
        handoff.status = status
        if status == .accepted { handoff.acceptedAt = now }
        if let agentId = StoreValidation.nonEmpty(agentId) {
            handoff.agentId = agentId
        }
        handoff.updatedAt = now
        conversation.status = status.conversationStatus
        conversation.revision += 1
        conversation.updatedAt = now
        handoffsById[id] = handoff
        conversationsById[conversation.id] = conversation
        return handoff
    }

    public func saveOutcome(_ draft: OutcomeDraft) throws -> Outcome {
        let messages = messagesById[try existing(draft.conversationId).id] ?? []
        var filled = draft
        for index in filled.corrections.indices {
            let sequence = filled.corrections[index].sequence
            guard sequence >= 1, sequence <= messages.count, messages[sequence - 1].role == .customer else {
                throw StoreError.notFound("customer message \(sequence) in conversation \(draft.conversationId)")
            }
            filled.corrections[index].text = messages[sequence - 1].text
        }
        let outcome = Outcome(id: outcomeList.count + 1, draft: filled, createdAt: clock.now())
        outcomeList.append(outcome)
        return outcome
    }

    public func outcomes(since: Date, limit: Int) throws -> [Outcome] {
        let since = StoreClock.rounded(since)
        let matching = outcomeList.filter { $0.createdAt >= since }
        let sorted = matching.sorted { a, b in a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id }
        return Array(sorted.prefix(StoreValidation.limit(limit)))
    }

    // MARK: - Helpers

    private func existing(_ id: String) throws -> Conversation {
        guard let conversation = conversationsById[id] else {
            throw StoreError.notFound("conversation \(id)")
        }
        return conversation
    }

    private func append(conversationId: String, role: MessageRole, text: String, clientMessageId: String?) throws -> AppendedMessage {
        var conversation = try existing(conversationId)
        var messages = messagesById[conversationId] ?? []
        if let clientMessageId, let original = messages.first(where: { $0.clientMessageId == clientMessageId }) {
            return duplicate(of: original)
        }
        let now = clock.now()
        let message = Message(
            conversationId: conversationId, sequence: messages.count + 1, role: role, text: text,
            channel: conversation.channel, createdAt: now, clientMessageId: clientMessageId
        )
        messages.append(message)
        messagesById[conversationId] = messages
        conversation.lastSequence = message.sequence
        conversation.updatedAt = now
        conversationsById[conversationId] = conversation
        return AppendedMessage(message: message, isDuplicate: false, turnCommitted: false, replies: [])
    }

    /// A retried message's original, with its turn's replies once committed.
    private func duplicate(of original: Message) -> AppendedMessage {
        let conversationId = original.conversationId
        let committed = answered[conversationId, default: []].contains(original.sequence)
        let replies = committed ? (messagesById[conversationId] ?? []).filter { $0.replyTo == original.sequence } : []
        return AppendedMessage(message: original, isDuplicate: true, turnCommitted: committed, replies: replies)
    }

    /// The order of cross-conversation history: time, then conversation, then sequence.
    static func chronological(_ a: Message, _ b: Message) -> Bool {
        if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
        if a.conversationId != b.conversationId { return a.conversationId < b.conversationId }
        return a.sequence < b.sequence
    }
}
