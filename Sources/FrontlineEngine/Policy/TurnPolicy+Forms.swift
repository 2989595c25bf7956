import FrontlineData

extension TurnPolicy {
    /// Starts `intent`'s form, filled first from this message, then from what this conversation
    /// already knows, then from the customer's profile: the customer never repeats anything.
    func startForm(_ turn: inout Turn, _ form: DomainForm, intent: DomainIntent) async {
        clearForm(&turn.state)
        turn.state.activeForm = form.name
        turn.state.extras[StateKey.formIntent] = intent.name
        turn.events.append(TurnEvent(.formStarted, form.name))
        fill(&turn, with: filler.values(for: form, parse: turn.parse, text: turn.incoming.text, requestedStep: nil))
        for slot in form.slots where turn.state.filledSlots[slot] == nil {
            if domain.slot(slot)?.memory == .customer, let known = turn.profile[slot] {
                turn.state.filledSlots[slot] = FilledSlot(value: known, sourceSequence: nil)
                turn.events.append(TurnEvent(.slotFilled, form.name, slot: slot))
            }
        }
        await askOrComplete(&turn, form)
    }

    /// Handles a message while a form is asking. False when the customer changed the topic:
    /// the form is left and the message is handled as a new intent.
    func continueForm(_ turn: inout Turn, _ form: DomainForm) async -> Bool {
        let parse = turn.parse
        let formIntent = turn.state.extras[StateKey.formIntent] ?? form.name
        guard let stepIndex = nextStep(form, turn.state) else {
            await askOrComplete(&turn, form)
            return true
        }
        let step = form.steps[stepIndex]
        let found = filler.values(for: form, parse: parse, text: turn.incoming.text, requestedStep: stepIndex)
        let fromParse = filler.values(for: form, parse: parse, text: "", requestedStep: nil)
        let answered = step.targets.contains { fromParse[$0.slot] != nil }
            || (!step.targets.allSatisfy { $0.validation == .anyText } && step.targets.contains { found[$0.slot] != nil })
        let confident = !parse.outOfScope && parse.confidence >= escalation.lowConfidence

        if !answered, confident, form.cancelIntents.contains(parse.intent) {
            turn.events.append(TurnEvent(.formCancelled, form.name))
            clearForm(&turn.state)
            if let name = form.onCancel ?? domain.intent(parse.intent)?.response ?? domain.intent(denyIntent)?.response {
                say(&turn, response: name)
            }
            return true
        }
        let asksFreeText = step.targets.allSatisfy { $0.validation == .anyText }
        let topicChangeBar = asksFreeText ? configuration.freeTextTopicChangeConfidence : configuration.topicChangeConfidence
        if !answered, parse.intent != formIntent, !parse.outOfScope, domain.intent(parse.intent) != nil,
           parse.confidence >= topicChangeBar, parse.intent != affirmIntent {
            turn.events.append(TurnEvent(.formLeft, form.name))
            clearForm(&turn.state)
            return false
        }
        fill(&turn, with: found)
        if step.targets.contains(where: { found[$0.slot] != nil }) {
            turn.state.retries = 0
            await askOrComplete(&turn, form)
            return true
        }
        turn.state.retries += 1
        if turn.state.retries > step.maxRetries {
            clearForm(&turn.state)
            switch form.onGiveUp {
            case .handoff:
                turn.events.append(TurnEvent(.formHandedOff, form.name))
                await handOff(&turn, .formGiveUp, intent: formIntent)
            case .response(let name):
                turn.events.append(TurnEvent(.formLeft, form.name))
                say(&turn, response: name)
            }
            return true
        }
        if let slot = step.targets.first?.slot { turn.events.append(TurnEvent(.slotReasked, form.name, slot: slot)) }
        let slotInvalid = step.targets.flatMap { domain.slot($0.slot)?.invalid ?? [] }
        say(&turn, variants: !step.invalid.isEmpty ? step.invalid : !slotInvalid.isEmpty ? slotInvalid : questions(step),
            ReplyDetails(kind: .question))
        return true
    }

    /// Asks the first step with nothing filled, or runs the intent once all are.
    func askOrComplete(_ turn: inout Turn, _ form: DomainForm) async {
        if let index = nextStep(form, turn.state) {
            let step = form.steps[index]
            turn.state.requestedSlot = step.targets.first?.slot
            say(&turn, variants: questions(step), ReplyDetails(kind: .question))
            return
        }
        let intentName = turn.state.extras[StateKey.formIntent] ?? form.name
        turn.events.append(TurnEvent(.formCompleted, form.name))
        clearForm(&turn.state)
        if let intent = domain.intent(intentName) {
            await complete(&turn, intent)
        }
    }

    func nextStep(_ form: DomainForm, _ state: ConversationState) -> Int? {
        form.steps.firstIndex { step in step.targets.allSatisfy { state.filledSlots[$0.slot] == nil } }
    }

    private func questions(_ step: FormStep) -> [String] {
        if !step.ask.isEmpty { return step.ask }
        let slotAsk = step.targets.flatMap { domain.slot($0.slot)?.ask ?? [] }
        return slotAsk.isEmpty ? ["Could you tell me your \(step.targets.map(\.slot).joined(separator: " or "))?"] : slotAsk
    }

    /// Stores newly found values, marking where they came from.
    private func fill(_ turn: inout Turn, with found: [String: FilledSlot]) {
        for (slot, value) in found.sorted(by: { $0.key < $1.key }) {
            if let form = turn.state.activeForm, turn.state.filledSlots[slot]?.value != value.value {
                turn.events.append(TurnEvent(.slotFilled, form, slot: slot))
            }
            var value = value
            value.sourceSequence = turn.sequence
            turn.state.filledSlots[slot] = value
        }
    }
}
