import Foundation
import FrontlineData
import FrontlineML

/// Answers customer messages: stores each one, reads it with the NLU, lets the policy decide,
/// and commits the bot's turn before returning it.
///
/// A Sendable struct rather than an actor: it keeps no mutable state of its own (everything
/// lives in the store), so messages of different conversations run in parallel, and two
/// messages of one conversation are ordered by the store's revision check.
public struct ConversationEngine: Sendable {
    public let domain: Domain
    /// The serving model (swapped on reload); each turn parses with one snapshot of it.
    public let models: ModelHolder
    public var model: NLUModel { models.current.model }
    public let store: any ConversationStore
    public let knowledgeBase: (any KnowledgeBaseIndex)?
    public let configuration: EngineConfiguration
    let policy: TurnPolicy

    /// An engine over a fixed model, with an outcome memory for the domain's intents.
    public init(
        domain: Domain, model: NLUModel, store: any ConversationStore, knowledgeBase: (any KnowledgeBaseIndex)? = nil,
        actions: any ActionRunner, frustration: FrustrationDetector = FrustrationDetector(),
        configuration: EngineConfiguration = EngineConfiguration()
    ) {
        let memory = OutcomeMemory(classifier: model.intents, extraLabels: domain.intents.map(\.name))
        self.init(
            domain: domain, models: ModelHolder(ServingModel(model: model, memory: memory)), store: store,
            knowledgeBase: knowledgeBase, actions: actions, frustration: frustration, configuration: configuration)
    }

    public init(
        domain: Domain, models: ModelHolder, store: any ConversationStore, knowledgeBase: (any KnowledgeBaseIndex)? = nil,
        actions: any ActionRunner, frustration: FrustrationDetector = FrustrationDetector(),
        configuration: EngineConfiguration = EngineConfiguration()
    ) {
        self.domain = domain
        self.models = models
        self.store = store
        self.knowledgeBase = knowledgeBase
        self.configuration = configuration
        policy = TurnPolicy(
            domain: domain, renderer: ResponseRenderer(domain: domain),
            filler: FormSlotFiller(domain: domain, maxFreeTextLength: configuration.maxFreeTextLength),
            frustration: frustration, actions: actions, knowledgeBase: knowledgeBase, store: store,
            configuration: configuration, waits: QueueWaitEstimator(store: store, escalation: domain.escalation))
    }

    /// Puts the domain's customer-facing articles into the knowledge-base index.
    public func indexKnowledgeBase() async throws {
        guard let knowledgeBase else { return }
        try await knowledgeBase.replaceAll(articles: KnowledgeBaseSearch.documents(of: domain))
    }

    /// Answers one customer message. The message is durable before the reply is returned
    /// and before any action runs; a retry with a known `clientMessageId` gets the
    /// original replies back.
    ///
    /// One read starts the turn (conversation, customer profile, a retry's original) and,
    /// when no action runs, one transaction stores the message with its answer. A turn
    /// that runs an action stores the message first (see `TurnActions`).
    ///
    /// While people are in charge (`handoff`, `agent`) the bot stays silent: the message is
    /// stored with its parse and no reply. A `closed` conversation re-opens to the bot, with
    /// a fresh state, on the customer's next message; one handed back (`returned`) resumes
    /// with its slots but without the form it was in.
    public func handle(_ incoming: IncomingMessage) async throws -> EngineReply {
        var start = try await store.beginTurn(
            id: incoming.conversationId, channel: incoming.channel, customerId: incoming.customerId, text: incoming.text,
            clientMessageId: incoming.clientMessageId)
        if let stored = start.stored, stored.isDuplicate, stored.turnCommitted {
            return try await originalReply(stored)
        }
        let reference = ReferenceTime(incoming.receivedAt, timeZone: configuration.timeZone)
        let parse = MessageParse(await models.current.parse(incoming.text, reference: reference, dateDirections: domain.dateDirections))
        let actions = TurnActions(runner: policy.actions)
        // A retry of a message whose turn never committed (a crash) is answered now; it stays
        // a retry even when a conflict below makes the message look stored by someone else.
        let isRetry = start.stored?.isDuplicate ?? false

        var attempt = 0
        while true {
            do {
                return try await answer(incoming, start: start, parse: parse, actions: actions, isRetry: isRetry)
            } catch StoreError.conflict(let what) {
                attempt += 1
                if attempt > configuration.conflictRetries { throw StoreError.conflict(what) }
                // Another writer moved the conversation on: decide again from where it is now,
                // with the message stored (actions that already ran are not run again).
                start = try await restart(incoming, stored: await actions.opened?.appended ?? start.stored)
                if let stored = start.stored, stored.isDuplicate, stored.turnCommitted {
                    return try await originalReply(stored)
                }
            }
        }
    }

    /// The turn's start after a conflict: the message stored (if it was not yet), the
    /// conversation and profile read again. A retry whose original another writer answered
    /// meanwhile comes back with that answer (`turnCommitted`).
    private func restart(_ incoming: IncomingMessage, stored: AppendedMessage?) async throws -> TurnStart {
        var appended: AppendedMessage
        if let stored {
            appended = stored
            if incoming.clientMessageId != nil {
                appended = try await store.appendCustomerMessage(
                    conversationId: incoming.conversationId, text: incoming.text, clientMessageId: incoming.clientMessageId)
            }
        } else {
            appended = try await store.openTurn(
                id: incoming.conversationId, channel: incoming.channel, customerId: incoming.customerId,
                text: incoming.text, clientMessageId: incoming.clientMessageId).appended
        }
        guard let conversation = try await store.conversation(id: incoming.conversationId) else {
            throw StoreError.notFound("conversation \(incoming.conversationId)")
        }
        var profile: CustomerProfile?
        if let customer = conversation.customerId { profile = try await store.customerProfile(id: customer) }
        return TurnStart(conversation: conversation, profile: profile, stored: appended)
    }

    /// Opens a conversation with a proactive message (or adds it to one the bot is in): the
    /// message is stored as the bot's, and the customer's next reply continues `intent`.
    /// Throws `conflict` while people are in charge.
    public func openProactive(
        conversationId: String, channel: String, customerId: String?, text: String, intent: String
    ) async throws -> Conversation {
        let conversation = try await store.createOrLoad(id: conversationId, channel: channel, customerId: customerId)
        guard conversation.status == .bot || conversation.status == .closed else {
            throw StoreError.conflict("conversation \(conversationId) is \(conversation.status.rawValue): people are in charge")
        }
        var state = conversation.status == .closed ? ConversationState() : conversation.state
        state.extras[StateKey.proactiveTopic] = intent
        state.extras[StateKey.proactiveText] = text
        let committed = try await store.commitTurn(TurnCommit(
            conversationId: conversationId, expectedRevision: conversation.revision, replyingTo: nil,
            replies: [OutgoingMessage(role: .bot, text: text, details: ReplyDetails(kind: .proactive))],
            state: state, status: .bot))
        return committed.conversation
    }

    /// Stores an agent's outcome for retraining.
    public func recordOutcome(_ outcome: OutcomeDraft) async throws -> Outcome {
        try await store.saveOutcome(outcome)
    }

    /// Decides and commits the turn from `start`. When the message is not stored yet, the
    /// commit stores it (or `actions` does, before an action runs).
    private func answer(
        _ incoming: IncomingMessage, start: TurnStart, parse: MessageParse, actions: TurnActions, isRetry: Bool
    ) async throws -> EngineReply {
        // A new conversation is what `createOrLoad` would make; a known customer is attached
        // to a conversation that has none, as the commit will.
        var conversation = start.conversation ?? Conversation(
            id: incoming.conversationId, channel: incoming.channel, customerId: nil, status: .bot,
            createdAt: incoming.receivedAt, updatedAt: incoming.receivedAt, revision: 0, lastSequence: 0,
            state: ConversationState())
        if conversation.customerId == nil { conversation.customerId = StoreValidation.nonEmpty(incoming.customerId) }
        let sequence = start.stored?.message.sequence ?? conversation.lastSequence + 1
        let pending = start.stored == nil ? NewCustomerMessage(
            channel: incoming.channel, customerId: incoming.customerId, text: incoming.text,
            clientMessageId: incoming.clientMessageId) : nil

        var turn = Turn(
            incoming: incoming, conversationId: conversation.id, customerId: conversation.customerId,
            sequence: sequence, parse: parse, profile: start.profile?.slots.mapValues(\.value) ?? [:],
            state: conversation.state, status: conversation.status)
        prepare(&turn)
        var storeFirst: (@Sendable () async throws -> OpenedTurn)?
        if pending != nil {
            let store = store
            storeFirst = {
                let opened = try await store.openTurn(
                    id: incoming.conversationId, channel: incoming.channel, customerId: incoming.customerId,
                    text: incoming.text, clientMessageId: incoming.clientMessageId)
                guard !opened.appended.isDuplicate, opened.appended.message.sequence == sequence else {
                    throw StoreError.conflict("conversation \(incoming.conversationId) moved on before the message was stored")
                }
                return opened
            }
        }
        await actions.storeBeforeActions(storeFirst)
        var policy = self.policy
        policy.actions = actions
        switch turn.status {
        case .bot: await policy.decide(&turn)
        case .handoff: await policy.updateWaitingCustomer(&turn)
        case .agent, .closed: break
        }
        if let error = await actions.storeError { throw error }
        let storedFirst = await actions.opened != nil

        let committed = try await store.commitTurn(TurnCommit(
            conversationId: conversation.id, expectedRevision: conversation.revision, replyingTo: sequence,
            customerMessage: storedFirst ? nil : pending, customerParse: parse, replies: turn.replies,
            state: turn.state, status: turn.status,
            handoff: turn.handoff.map {
                HandoffDraft(reason: $0.reason.rawValue, queue: $0.queue, summary: $0.summary, slots: $0.slots,
                             priority: $0.priority, priorityReasons: $0.priorityReasons)
            },
            remember: profileUpdates(turn, conversation: conversation), events: turn.events))
        var notice: HandoffNotice?
        if let record = committed.handoff, let pending = turn.handoff {
            notice = HandoffNotice(record, reason: pending.reason, expectedWaitMinutes: pending.expectedWaitMinutes)
        }
        return EngineReply(
            conversationId: conversation.id, messages: committed.replies, status: committed.conversation.status,
            parse: parse, handoff: notice, duplicate: isRetry)
    }

    /// Re-opens closed conversations and forgets the form of one handed back by people.
    private func prepare(_ turn: inout Turn) {
        switch turn.status {
        case .closed:
            turn.status = .bot
            turn.state = ConversationState()
        case .bot where turn.state.extras[StateKey.handedOff] != nil:
            var state = ConversationState()
            state.filledSlots = turn.state.filledSlots
            state.lastIntent = turn.state.lastIntent
            turn.state = state
        case .bot, .handoff, .agent:
            break
        }
    }

    /// Slots declared `remember: customer` that this turn learned go into the customer's
    /// profile, committed with the turn.
    private func profileUpdates(_ turn: Turn, conversation: Conversation) -> [ProfileUpdate] {
        guard let customerId = conversation.customerId else { return [] }
        return turn.state.filledSlots.sorted(by: { $0.key < $1.key })
            .filter { slot, filled in filled.sourceSequence == turn.sequence && domain.slot(slot)?.memory == .customer }
            .map { slot, filled in ProfileUpdate(customerId: customerId, slot: slot, value: filled.value, channel: conversation.channel) }
    }

    /// The answer already given to the original of a retried message, with the handoff
    /// that answer created (as it is now).
    private func originalReply(_ appended: AppendedMessage) async throws -> EngineReply {
        let id = appended.message.conversationId
        let status = try await store.conversation(id: id)?.status ?? .bot
        var notice: HandoffNotice?
        if appended.replies.contains(where: { $0.details?.kind == .handoff }),
           let record = try await store.handoff(conversationId: id, replyingTo: appended.message.sequence) {
            guard let reason = HandoffReason(rawValue: record.reason) else {
                throw StoreError.corrupt("handoff \(record.id) has an unknown reason \(record.reason)")
            }
            let wait = try await policy.waits.wait(for: record)
            notice = HandoffNotice(record, reason: reason, expectedWaitMinutes: wait?.expectedWaitMinutes ?? 0)
        }
        return EngineReply(
            conversationId: id, messages: appended.replies.filter { $0.role == .bot },
            status: status,
            parse: appended.message.parse, handoff: notice, duplicate: true)
    }
}

extension KBDocument {
    /// The index's view of a customer-facing domain article. Agent-only articles are never
    /// indexed, so no audience is set: an audience would only push them down the ranking.
    init(_ article: KnowledgeBaseArticle) {
        self.init(
            id: article.id, title: article.title, summary: article.summary, body: article.body, tags: article.tags,
            intents: article.intents, products: article.products, audience: nil, url: article.url)
    }
}
