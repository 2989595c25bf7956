import FrontlineData

extension TurnPolicy {
    /// Hands the conversation to people: picks the queue and priority, acknowledges with the
    /// expected wait (from the live queue) and writes the summary the agent reads first.
    func handOff(_ turn: inout Turn, _ reason: HandoffReason, intent: String? = nil, acknowledgement: String? = nil) async {
        let about = intent.flatMap { isTopic($0) ? $0 : nil } ?? turn.state.extras[StateKey.formIntent] ?? routableIntent(turn)
        let queue = about.flatMap { domain.intent($0)?.queue } ?? escalation.defaultQueue

        var history: [Message] = []
        if let customerId = turn.customerId {
            // Best effort: a summary without other channels beats no handoff.
            history = (try? await store.recentMessages(
                customerId: customerId, excludingConversation: turn.conversationId,
                limit: configuration.otherChannelHistory * 3)) ?? []
            history = Array(history.filter { $0.role == .customer }.suffix(configuration.otherChannelHistory))
        }
        let priority = HandoffPriority.assess(
            turn, reason: reason, topic: about, otherChannels: history, rules: escalation.priority, frustration: frustration,
            now: configuration.clock.now(),
            queueOf: { name in domain.intent(name).map(\.queue).flatMap { $0 == escalation.defaultQueue ? nil : $0 } })
        // Best effort too: the configured wait when the queue can't be read.
        let estimate = (try? await waits.waitForNew(queue: queue, priority: priority.value))
        let wait = estimate?.expectedWaitMinutes
            ?? domain.queue(queue)?.expectedWaitMinutes ?? domain.queue(escalation.defaultQueue)?.expectedWaitMinutes ?? 5
        turn.variables["wait_minutes"] = String(wait)
        turn.variables["queue_position"] = String(estimate?.position ?? 1)
        say(&turn, response: acknowledgement ?? escalation.acknowledgement, ReplyDetails(kind: .handoff))

        let slots = turn.state.filledSlots.mapValues(\.value)
        let summary = HandoffSummary.write(
            intent: about, reason: reason, lastMessage: turn.incoming.text, slots: slots,
            earlierTopics: StateKey.list(turn.state.extras[StateKey.topics]), articles: triedArticles(turn.state),
            otherChannels: history)
        turn.handoff = PendingHandoff(
            reason: reason, queue: queue, summary: summary, slots: slots, expectedWaitMinutes: wait,
            priority: priority.value, priorityReasons: priority.reasons)
        turn.status = .handoff
        if let form = turn.state.activeForm { turn.events.append(TurnEvent(.formHandedOff, form)) }
        clearForm(&turn.state)
        turn.state.awaitingKBFeedback = nil
        turn.state.extras[StateKey.askedFamily] = nil
        turn.state.extras[StateKey.offeredNextStep] = nil
        turn.state.extras[StateKey.handedOff] = "1"
    }

    /// Whether the intent names what a conversation is about (an order, a device problem),
    /// as opposed to conversation control (yes, no, thanks, hello): it does something beyond
    /// a canned reply, or has a team of its own.
    func isTopic(_ name: String) -> Bool {
        guard let intent = domain.intent(name), !escalation.humanRequestIntents.contains(name) else { return false }
        return intent.form != nil || intent.action != nil || intent.usesKnowledgeBase || intent.humanOnly
            || intent.queue != escalation.defaultQueue
    }

    /// The intent the conversation is about: this message's when it names a topic the bot
    /// understood, else the conversation's topic so far.
    private func routableIntent(_ turn: Turn) -> String? {
        let parse = turn.parse
        if !parse.outOfScope, parse.confidence >= escalation.lowConfidence, isTopic(parse.intent) {
            return parse.intent
        }
        return turn.state.extras[StateKey.topicIntent] ?? turn.state.lastIntent.flatMap { isTopic($0) ? $0 : nil }
    }

    /// The articles shown in this conversation, with whether the customer said they didn't help.
    private func triedArticles(_ state: ConversationState) -> [HandoffSummary.TriedArticle] {
        let rejected = Set(StateKey.list(state.extras[StateKey.rejectedArticles]))
        return StateKey.list(state.extras[StateKey.shownArticles]).map { id in
            let title = domain.articles.first { $0.id == id }?.title ?? id
            return HandoffSummary.TriedArticle(id: id, title: title, rejected: rejected.contains(id))
        }
    }
}
