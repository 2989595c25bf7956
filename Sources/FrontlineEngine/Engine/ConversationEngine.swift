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

    /// Answers one customer message. The message is durable before anything else happens;
    /// a retry with a known `clientMessageId` gets the original replies back.
    ///
    /// While people are in charge (`handoff`, `agent`) the bot stays silent: the message is
    /// stored with its parse and no reply. A `closed` conversation re-opens to the bot, with
    /// a fresh state, on the customer's next message; one handed back (`returned`) resumes
    /// with its slots but without the form it was in.
    public func handle(_ incoming: IncomingMessage) async throws -> EngineReply {
        let id = incoming.conversationId
        // One transaction creates or loads the conversation and stores the message.
        let opened = try await store.openTurn(
            id: id, channel: incoming.channel, customerId: incoming.customerId, text: incoming.text,
            clientMessageId: incoming.clientMessageId)
        let appended = opened.appended
        if appended.isDuplicate, appended.turnCommitted {
            return try await originalReply(appended)
        }
        let reference = ReferenceTime(incoming.receivedAt, timeZone: configuration.timeZone)
        let parse = MessageParse(await models.current.parse(incoming.text, reference: reference, dateDirections: domain.dateDirections))

        var attempt = 0
        var known: Conversation? = opened.conversation
        while true {
            do {
                return try await answer(
                    incoming, message: appended.message, parse: parse, duplicate: appended.isDuplicate, conversation: known)
            } catch StoreError.conflict(let what) {
                known = nil
                // Another writer moved the conversation on. If it was the original of this
                // retry, its answer stands; otherwise decide again from the new state.
                if incoming.clientMessageId != nil {
                    let again = try await store.appendCustomerMessage(
                        conversationId: id, text: incoming.text, clientMessageId: incoming.clientMessageId)
                    if again.turnCommitted { return try await originalReply(again) }
                }
                attempt += 1
                if attempt > configuration.conflictRetries { throw StoreError.conflict(what) }
            }
        }
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

    /// Decides and commits the turn, from `known` (the conversation as the message was
    /// stored) or, after a conflict, from the conversation as it is now.
    private func answer(
        _ incoming: IncomingMessage, message: Message, parse: MessageParse, duplicate: Bool, conversation known: Conversation?
    ) async throws -> EngineReply {
        let loaded: Conversation?
        if let known { loaded = known } else { loaded = try await store.conversation(id: incoming.conversationId) }
        guard let conversation = loaded else {
            throw StoreError.notFound("conversation \(incoming.conversationId)")
        }
        var profile: [String: String] = [:]
        if let customerId = conversation.customerId, let known = try await store.customerProfile(id: customerId) {
            profile = known.slots.mapValues(\.value)
        }
        var turn = Turn(
            incoming: incoming, conversationId: conversation.id, customerId: conversation.customerId,
            sequence: message.sequence, parse: parse, profile: profile,
            state: conversation.state, status: conversation.status)
        prepare(&turn)
        switch turn.status {
        case .bot: await policy.decide(&turn)
        case .handoff: await policy.updateWaitingCustomer(&turn)
        case .agent, .closed: break
        }
        let committed = try await store.commitTurn(TurnCommit(
            conversationId: conversation.id, expectedRevision: conversation.revision, replyingTo: message.sequence,
            customerParse: parse, replies: turn.replies,
            state: turn.state, status: turn.status,
            handoff: turn.handoff.map {
                HandoffDraft(reason: $0.reason.rawValue, queue: $0.queue, summary: $0.summary, slots: $0.slots,
                             priority: $0.priority, priorityReasons: $0.priorityReasons)
            },
            remember: profileUpdates(turn, conversation: conversation), events: turn.events))
        var notice: HandoffNotice?
        if let record = committed.handoff, let pending = turn.handoff {
            notice = HandoffNotice(id: record.id, reason: record.reason, queue: record.queue, summary: record.summary,
                                   expectedWaitMinutes: pending.expectedWaitMinutes)
        }
        return EngineReply(
            conversationId: conversation.id, messages: committed.replies.map { OutgoingMessage(role: .bot, text: $0.text, details: $0.details) }, status: committed.conversation.status,
            parse: parse, handoff: notice, duplicate: duplicate)
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
            let wait = try await policy.waits.wait(for: record)
            notice = HandoffNotice(
                id: record.id, reason: record.reason, queue: record.queue, summary: record.summary,
                expectedWaitMinutes: wait?.expectedWaitMinutes ?? 0)
        }
        return EngineReply(
            conversationId: id, messages: appended.replies.filter { $0.role == .bot }.map { OutgoingMessage(role: .bot, text: $0.text, details: $0.details) },
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
