import FrontlineData

extension TurnPolicy {
    /// Does what the intent is for once its form (if any) is complete.
    func complete(_ turn: inout Turn, _ intent: DomainIntent) async {
        if intent.humanOnly {
            return await handOff(&turn, .humanOnly, intent: intent.name, acknowledgement: intent.response)
        }
        if let name = intent.action, let action = domain.action(name) {
            return await run(&turn, action, intent: intent)
        }
        if intent.usesKnowledgeBase {
            return await answerFromKnowledgeBase(&turn, intent)
        }
        say(&turn, response: intent.response ?? escalation.rephrase, ReplyDetails(kind: intent.response == nil ? .fallback : .text))
    }

    private func run(_ turn: inout Turn, _ action: DomainAction, intent: DomainIntent) async {
        let slots = turn.state.filledSlots.mapValues(\.value)
        switch await actions.run(action, slots: slots) {
        case .success(let fields):
            for (field, value) in fields { turn.variables["result.\(field)"] = value }
            say(&turn, response: intent.response ?? action.success, ReplyDetails(kind: .action))
        case .notFound:
            say(&turn, response: action.notFound ?? action.failure, ReplyDetails(kind: .action))
            // The service doesn't know these values: ask for them again next time rather than reuse them.
            for slot in action.urlSlots { turn.state.filledSlots[slot] = nil }
        case .failure:
            say(&turn, response: action.failure, ReplyDetails(kind: .action))
        }
    }
}
