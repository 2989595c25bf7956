import FrontlineData
import FrontlineML

/// Decides the bot's answer to one customer message. In order:
/// (a) a request for a person, or a human-only intent without a form → handoff;
/// (b) frustration (classifier + cues) or the same message repeated → handoff;
/// (c) the answer to "did that help?" or to an offer of a person;
/// (d) the active form: fill, validate, re-ask, give up, cancel, or leave on a topic change;
/// (e) the new intent: fallback / low confidence, form, action, knowledge base, response.
struct TurnPolicy: Sendable {
    var affirmIntent: String { domain.policy.affirmIntent }
    var denyIntent: String { domain.policy.denyIntent }
    var thanksResponse: String { domain.policy.thanksResponse }
    var productSlot: String { domain.policy.productSlot }

    let domain: Domain
    let renderer: ResponseRenderer
    let filler: FormSlotFiller
    let frustration: FrustrationDetector
    /// Swapped per turn for the engine's `TurnActions` (store first, never run twice).
    var actions: any ActionRunner
    let knowledgeBase: (any KnowledgeBaseIndex)?
    let store: any ConversationStore
    let configuration: EngineConfiguration
    let waits: QueueWaitEstimator

    var escalation: EscalationPolicy { domain.escalation }

    func decide(_ turn: inout Turn) async {
        let parse = turn.parse
        let intent = parse.intent
        let inScope = !parse.outOfScope && !OutOfScope.isOutOfScope(intent)
        let repeats = countRepeat(&turn)
        turn.state.lastCustomerText = turn.incoming.text

        // The answer to "which kind of device?" when it names one: a one-word button is too
        // short for the classifier, which may read "Phone" as anything.
        if let asked = turn.state.extras[StateKey.askedFamily], answerNamedFamily(&turn, intent: asked) {
            turn.state.extras[StateKey.askedFamily] = nil
            return
        }
        // (a)
        if inScope, escalation.humanRequestIntents.contains(intent), parse.confidence >= escalation.lowConfidence {
            return await handOff(&turn, .humanRequest)
        }
        if inScope, parse.confidence >= escalation.lowConfidence, let known = domain.intent(intent), known.humanOnly, known.form == nil {
            return await handOff(&turn, .humanOnly, intent: intent, acknowledgement: known.response)
        }
        // Answers to the bot's questions about a fault come before the frustration check: "still
        // not working" after an article, or "none of those" to "which kind of device?", read as
        // frustrated to the classifier, but they are answers, and the next step addresses them.
        if reportsUnfixed(turn) { return await handleUnfixed(&turn) }
        if let asked = turn.state.extras[StateKey.askedFamily], !isConfidentOtherTopic(turn, than: asked) {
            turn.state.extras[StateKey.askedFamily] = nil
            if await answerDeviceFamily(&turn, intent: asked) { return }
        }
        // (b)
        if repeats >= max(escalation.repeatedMessageCount, 2)
            || frustration.score(turn.incoming.text) >= escalation.frustrationThreshold {
            return await handOff(&turn, .frustration)
        }
        // (c)
        if turn.state.extras.removeValue(forKey: StateKey.offeredHuman) != nil, intent == affirmIntent {
            return await handOff(&turn, .humanRequest)
        }
        if turn.state.awaitingKBFeedback != nil, await answerFeedback(&turn) { return }
        if let intent = turn.state.extras.removeValue(forKey: StateKey.askedFamily),
           await answerDeviceFamily(&turn, intent: intent) {
            return
        }
        if let next = turn.state.extras.removeValue(forKey: StateKey.offeredNextStep), await acceptNextStep(&turn, intent: next) {
            return
        }
        // (d)
        if let name = turn.state.activeForm {
            if let form = domain.form(name) {
                if await continueForm(&turn, form) { return }
            } else {
                // The domain changed under a stored conversation: drop the form it no longer has.
                clearForm(&turn.state)
            }
        }
        if let topic = turn.state.extras.removeValue(forKey: StateKey.proactiveTopic) {
            let opening = turn.state.extras.removeValue(forKey: StateKey.proactiveText)
            if await continueProactive(&turn, topic: topic, opening: opening) { return }
        }
        // (e)
        await handleNewIntent(&turn, inScope: inScope)
    }

    /// The first reply to a proactive prompt continues its topic ("yes please", "it keeps
    /// failing") unless it confidently names another one; "no" gets the usual answer to a no.
    private func continueProactive(_ turn: inout Turn, topic: String, opening: String?) async -> Bool {
        guard let intent = domain.intent(topic) else { return false }
        let parse = turn.parse
        if parse.intent == denyIntent, let response = domain.intent(denyIntent)?.response {
            say(&turn, response: response)
            return true
        }
        if !parse.outOfScope, parse.intent != topic, isTopic(parse.intent), parse.confidence >= configuration.topicChangeConfidence {
            return false
        }
        turn.state.lastIntent = topic
        turn.state.extras[StateKey.topicIntent] = topic
        turn.state.extras[StateKey.topics] = StateKey.append(topic, to: turn.state.extras[StateKey.topics])
        turn.knowledgeQuery = [turn.incoming.text, opening ?? ""].joined(separator: " ")
        if let formName = intent.form, let form = domain.form(formName) {
            await startForm(&turn, form, intent: intent)
        } else {
            await complete(&turn, intent)
        }
        return true
    }

    /// How many times in a row the customer has now sent this message.
    private func countRepeat(_ turn: inout Turn) -> Int {
        let key = RepeatKey.of(turn.incoming.text)
        let previous = turn.state.repeatKey == key ? max(1, turn.state.repeatCount) : 0
        let count = key.isEmpty ? 1 : previous + 1
        turn.state.repeatKey = key
        turn.state.repeatCount = count
        return count
    }

    /// "Yes" or "no" to "did that answer your question?"; false when the message is about something else.
    private func answerFeedback(_ turn: inout Turn) async -> Bool {
        let article = turn.state.awaitingKBFeedback ?? ""
        turn.state.awaitingKBFeedback = nil
        switch turn.parse.intent {
        case affirmIntent:
            turn.events.append(TurnEvent(.articleHelpful, article))
            turn.state.kbMisses = 0
            say(&turn, response: thanksResponse)
            return true
        case denyIntent:
            turn.events.append(TurnEvent(.articleNotHelpful, article))
            markRejected(&turn, article)
            let topic = turn.state.extras[StateKey.topicIntent]
            if let step = domain.knowledgeBase?.unresolved, let topic, step.intents.contains(topic) {
                offerNextStep(&turn, step)
                return true
            }
            await countKnowledgeBaseMiss(&turn, intent: turn.state.extras[StateKey.topicIntent] ?? turn.state.lastIntent)
            return true
        default:
            return false
        }
    }

    private func handleNewIntent(_ turn: inout Turn, inScope: Bool) async {
        let intent = turn.parse.intent
        guard inScope, let known = domain.intent(intent) else {
            turn.state.consecutiveFallbacks += 1
            if turn.state.consecutiveFallbacks >= escalation.consecutiveFallbacks {
                return await handOff(&turn, .fallbacks)
            }
            // The domain's own out-of-scope answer says what the bot can do; else ask to rephrase.
            let oos = domain.intent(intent)?.response
            say(&turn, response: oos ?? escalation.rephrase, ReplyDetails(kind: .fallback))
            return
        }
        if turn.parse.confidence < escalation.lowConfidence, !continuesLastIntent(turn) {
            turn.state.lowConfidenceTurns += 1
            turn.state.consecutiveFallbacks += 1
            if turn.state.lowConfidenceTurns >= escalation.lowConfidenceTurns {
                return await handOff(&turn, .lowConfidence)
            }
            if turn.state.consecutiveFallbacks >= escalation.consecutiveFallbacks {
                return await handOff(&turn, .fallbacks)
            }
            say(&turn, response: escalation.rephrase, ReplyDetails(kind: .fallback))
            return
        }
        turn.state.consecutiveFallbacks = 0
        turn.state.lowConfidenceTurns = 0
        turn.state.lastIntent = intent
        if isTopic(intent) {
            turn.state.extras[StateKey.topicIntent] = intent
            turn.state.extras[StateKey.topics] = StateKey.append(intent, to: turn.state.extras[StateKey.topics])
        }
        if let formName = known.form, let form = domain.form(formName) {
            await startForm(&turn, form, intent: known)
        } else {
            await complete(&turn, known)
        }
    }

    /// A short follow-up such as "and A-55555?" after an order-status answer: the classifier
    /// is unsure of so few words, but its best guess is the intent just served and the message
    /// carries a slot of that intent's form, so it continues rather than asking to rephrase.
    private func continuesLastIntent(_ turn: Turn) -> Bool {
        guard let last = turn.state.lastIntent, turn.parse.intent == last, !turn.parse.outOfScope,
              let form = domain.intent(last)?.form.flatMap(domain.form) else { return false }
        let slots = Set(form.steps.flatMap { $0.targets.map(\.slot) })
        return turn.parse.slots.contains { slots.contains($0.slot) }
    }

    /// Appends the rendered response (nothing when the domain lacks it: a stale stored name).
    func say(_ turn: inout Turn, response name: String, _ details: ReplyDetails = ReplyDetails(kind: .text)) {
        if let text = renderer.render(response: name, variables: turn.templateValues, seed: turn.nextSeed) {
            turn.replies.append(OutgoingMessage(role: .bot, text: text, details: details))
        }
    }

    func say(_ turn: inout Turn, variants: [String], _ details: ReplyDetails = ReplyDetails(kind: .text)) {
        if let text = renderer.render(variants: variants, variables: turn.templateValues, seed: turn.nextSeed) {
            turn.replies.append(OutgoingMessage(role: .bot, text: text, details: details))
        }
    }

    func clearForm(_ state: inout ConversationState) {
        state.activeForm = nil
        state.requestedSlot = nil
        state.retries = 0
        state.extras[StateKey.formIntent] = nil
    }
}
