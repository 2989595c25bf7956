import FrontlineData

extension TurnPolicy {
    /// Hands the conversation to people: picks the queue, acknowledges with the expected wait
    /// and writes the summary the agent reads first.
    func handOff(_ turn: inout Turn, _ reason: HandoffReason, intent: String? = nil, acknowledgement: String? = nil) async {
        let about = intent ?? turn.state.extras[StateKey.formIntent] ?? routableIntent(turn)
        let queue = about.flatMap { domain.intent($0)?.queue } ?? escalation.defaultQueue
        let wait = domain.queue(queue)?.expectedWaitMinutes ?? domain.queue(escalation.defaultQueue)?.expectedWaitMinutes ?? 5
        turn.variables["wait_minutes"] = String(wait)
        say(&turn, response: acknowledgement ?? escalation.acknowledgement, ReplyDetails(kind: .handoff))

        var history: [Message] = []
        if let customerId = turn.customerId {
            // Best effort: a summary without other channels beats no handoff.
            history = (try? await store.recentMessages(
                customerId: customerId, excludingConversation: turn.conversationId,
                limit: configuration.otherChannelHistory * 3)) ?? []
            history = Array(history.filter { $0.role == .customer }.suffix(configuration.otherChannelHistory))
        }
        let slots = turn.state.filledSlots.mapValues(\.value)
        let summary = HandoffSummary.write(
            intent: about, reason: reason, lastMessage: turn.incoming.text, slots: slots, otherChannels: history)
        turn.handoff = PendingHandoff(reason: reason, queue: queue, summary: summary, slots: slots, expectedWaitMinutes: wait)
        turn.status = .handoff
        if let form = turn.state.activeForm { turn.events.append(TurnEvent(.formHandedOff, form)) }
        clearForm(&turn.state)
        turn.state.awaitingKBFeedback = nil
        turn.state.extras[StateKey.handedOff] = "1"
    }

    /// The intent the conversation is about: this message's when it is understood, else the last one.
    private func routableIntent(_ turn: Turn) -> String? {
        let parse = turn.parse
        if !parse.outOfScope, parse.confidence >= escalation.lowConfidence, domain.intent(parse.intent)?.queue != nil,
           !escalation.humanRequestIntents.contains(parse.intent) {
            return parse.intent
        }
        return turn.state.lastIntent
    }
}
