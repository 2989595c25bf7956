/// Checks of references that point forward in the reading order, and of things declared but
/// never used (almost always a typo elsewhere).
extension DomainParser {
    func checkForwardReferences() throws {
        for ref in cancelIntentRefs {
            guard let cancel = intents.first(where: { $0.intent.name == ref.intent }) else {
                if ref.isDefault {
                    throw nodes.error(line: ref.line, "form '\(ref.form)' cancels on intent '\(ref.intent)' by default, but there is "
                        + "no such intent: expected 'cancel_intents: [...]' (or [] for none)")
                }
                try requireIntent(ref.intent, line: ref.line, "'cancel_intents' of form '\(ref.form)'")
                continue
            }
            let form = forms.first { $0.name == ref.form }
            if form?.onCancel == nil, cancel.intent.response == nil {
                throw nodes.error(line: ref.line, "form '\(ref.form)' has no 'on_cancel' and its cancel intent '\(ref.intent)' "
                    + "has no response: expected one of them, to tell the customer the form was dropped")
            }
        }
        let queueNames = escalation?.queues.map(\.name) ?? []
        for parsed in intents {
            let intent = parsed.intent
            if let queue = parsed.queue, !queueNames.contains(queue.name) {
                throw nodes.error(line: queue.line, "unknown queue '\(queue.name)' in intent '\(intent.name)'"
                    + "\(DidYouMean.hint(for: queue.name, among: queueNames)): expected a key under escalation.queues")
            }
            if let queue = parsed.queue, let listed = escalation?.queues.first(where: { $0.intents.contains(intent.name) }),
               listed.name != queue.name {
                throw nodes.error(line: queue.line, "intent '\(intent.name)' names queue '\(queue.name)' but queue '\(listed.name)' "
                    + "lists it: expected one queue per intent")
            }
            if intent.usesKnowledgeBase, knowledgeBase == nil {
                throw nodes.error(line: intent.line, "intent '\(intent.name)' has 'kb: true' but the domain has no 'kb' section: "
                    + "expected 'kb' with 'answer' and 'no_match' responses")
            }
            let isHumanRequest = escalation?.humanRequestIntents.contains(intent.name) ?? false
            if intent.response == nil, !intent.usesKnowledgeBase, intent.action == nil, !intent.humanOnly, !isHumanRequest {
                throw nodes.error(line: intent.line, "intent '\(intent.name)' does nothing: expected a 'response', 'kb: true', "
                    + "an 'action' or 'human_only: true' (or list it in escalation.human_request_intents)")
            }
        }
    }

    func checkUnused() throws {
        let usedForms = Set(intents.compactMap(\.intent.form))
        if let form = forms.first(where: { !usedForms.contains($0.name) }) {
            throw nodes.error(line: form.line, "form '\(form.name)' is not used by any intent: expected 'form: \(form.name)' on an intent, or delete it")
        }
        let usedActions = Set(intents.compactMap(\.intent.action))
        if let action = actions.first(where: { !usedActions.contains($0.name) }) {
            throw nodes.error(line: action.line, "action '\(action.name)' is not used by any intent: expected 'action: \(action.name)' on an intent, or delete it")
        }
        if let response = responses.first(where: { responseUses[$0.name] == nil }) {
            throw nodes.error(line: response.line, "response '\(response.name)' is never sent: expected it to be named by an intent, "
                + "form, action, 'escalation' or 'kb', or delete it")
        }
    }
}
