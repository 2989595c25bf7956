import FrontlineML
import Yams

/// The `intents` section: name → what the assistant does with it.
extension DomainParser {
    static let intentKeys = ["form", "response", "kb", "action", "human_only", "queue", "dates"]

    mutating func parseIntents(_ node: Node) throws {
        let entries = try nodes.optionalEntries(node, "'intents'")
        guard !entries.isEmpty else {
            throw nodes.error(node, "expected 'intents' to declare at least one intent")
        }
        for entry in entries {
            intents.append(try parseIntent(entry))
        }
    }

    private mutating func parseIntent(_ entry: YAMLNodes.Entry) throws -> ParsedIntent {
        let name = entry.key
        let what = "intent '\(name)'"
        guard !name.contains(where: \.isWhitespace) else {
            throw nodes.error(entry.keyNode, "invalid intent name '\(name)': expected a name without spaces, as in the NLU data")
        }
        let fields = try nodes.optionalEntries(entry.value, what, allowed: Self.intentKeys)

        var parsed = ParsedIntent(intent: DomainIntent(name: name, queue: "", line: nodes.line(entry.keyNode)))
        parsed.intent.humanOnly = try fields.field("human_only").map { try nodes.bool($0.value, "'human_only' of \(what)") } ?? false
        parsed.intent.usesKnowledgeBase = try fields.field("kb").map { try nodes.bool($0.value, "'kb' of \(what)") } ?? false
        if let dates = fields.field("dates") {
            let word = try nodes.string(dates.value, "'dates' of \(what)")
            guard let direction = DateDirection(rawValue: word) else {
                throw nodes.error(dates.value, "'dates' of \(what) is '\(word)': expected past or future")
            }
            parsed.intent.dates = direction
        }

        if parsed.intent.humanOnly {
            let unreachable = parsed.intent.usesKnowledgeBase ? fields.field("kb") : fields.field("action")
            if let unreachable {
                throw nodes.error(unreachable.keyNode, "\(what) is human_only, so its '\(unreachable.key)' would never run: "
                    + "expected human_only with at most a 'form', a 'response' and a 'queue'")
            }
        }
        if parsed.intent.usesKnowledgeBase, let action = fields.field("action") {
            throw nodes.error(action.keyNode, "\(what) has both 'kb: true' and an 'action': expected one way to answer")
        }

        if let form = fields.field("form") {
            parsed.formLine = nodes.line(form.value)
            parsed.intent.form = try intentForm(form, intent: name)
        }
        if let action = fields.field("action") {
            let actionName = try nodes.name(action.value, "'action' of \(what)")
            parsed.actionLine = nodes.line(action.value)
            guard let found = actions.first(where: { $0.name == actionName }) else {
                throw nodes.error(action.value, "unknown action '\(actionName)' in \(what)"
                    + "\(DidYouMean.hint(for: actionName, among: actions.map(\.name))): expected a key under 'actions'")
            }
            try checkActionInputs(found, intent: parsed)
            parsed.intent.action = actionName
        }
        if let response = fields.field("response") {
            let responseName = try nodes.name(response.value, "'response' of \(what)")
            let context: ResponseUse.Context = parsed.intent.action != nil ? .actionResult
                : parsed.intent.humanOnly ? .handoff : .plain
            try useResponse(responseName, line: nodes.line(response.value), as: what, context: context)
            parsed.intent.response = responseName
        }
        if let queue = fields.field("queue") {
            parsed.queue = (try nodes.name(queue.value, "'queue' of \(what)"), nodes.line(queue.value))
        }
        return parsed
    }

    /// A form name, or an inline list of slots that becomes a form named after the intent.
    private mutating func intentForm(_ field: YAMLNodes.Entry, intent: String) throws -> String {
        let what = "intent '\(intent)'"
        if field.value.sequence != nil {
            if let clash = forms.first(where: { $0.name == intent }) {
                let at = clash.line.map { " at line \($0)" } ?? ""
                throw nodes.error(field.value, "the inline form of \(what) would be named '\(intent)', but a form of that name "
                    + "is declared\(at): expected 'form: \(intent)' or another form name")
            }
            let steps = try parseSteps(field.value, "the inline form of \(what)")
            cancelIntentRefs += Self.defaultCancelIntents.map { (intent, $0, nodes.line(field.value), true) }
            forms.append(DomainForm(name: intent, steps: steps, line: nodes.line(field.value)))
            return intent
        }
        let name = try nodes.name(field.value, "'form' of \(what)")
        guard forms.contains(where: { $0.name == name }) else {
            throw nodes.error(field.value, "unknown form '\(name)' in \(what)\(DidYouMean.hint(for: name, among: forms.map(\.name))): "
                + "expected a key under 'forms' or an inline list of slots")
        }
        return name
    }

    /// The action's URL needs its slots filled for sure: each must be a single-slot step of the intent's form.
    private func checkActionInputs(_ action: DomainAction, intent: ParsedIntent) throws {
        let form = intent.intent.form.flatMap { name in forms.first { $0.name == name } }
        let guaranteed = Set(form?.steps.filter { $0.targets.count == 1 }.map(\.targets[0].slot) ?? [])
        if let missing = action.urlSlots.first(where: { !guaranteed.contains($0) }) {
            throw nodes.error(line: intent.actionLine, "action '\(action.name)' needs {\(missing)} in its URL, but intent "
                + "'\(intent.intent.name)' has no form step that always fills it: expected a form asking for slot '\(missing)'")
        }
    }
}
