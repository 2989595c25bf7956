import Yams

/// The `forms` section: name → ordered questions (`slots`), what to do when the customer
/// can't answer (`on_give_up`) and how a form is cancelled (`cancel_intents`, `on_cancel`).
extension DomainParser {
    static let formKeys = ["slots", "on_give_up", "cancel_intents", "on_cancel"]
    static let stepKeys = ["slot", "one_of", "ask", "invalid", "validate", "max_retries"]
    static let validateKeys = ["entity", "pattern", "ignore_case", "values"]
    static let defaultCancelIntents = ["deny"]
    static let defaultMaxRetries = 2

    mutating func parseForms(_ node: Node) throws {
        for entry in try nodes.optionalEntries(node, "'forms'") {
            let name = entry.key
            let what = "form '\(name)'"
            let fields = try nodes.entries(entry.value, what, allowed: Self.formKeys)

            guard let slotsField = fields.field("slots") else {
                throw nodes.error(entry.keyNode, "expected 'slots' in \(what): the questions to ask, in order")
            }
            let steps = try parseSteps(slotsField.value, what)

            var onGiveUp = FormGiveUp.handoff
            if let giveUp = fields.field("on_give_up") {
                let value = try nodes.name(giveUp.value, "'on_give_up' of \(what)")
                if value != Self.handoffKeyword {
                    try useResponse(value, line: nodes.line(giveUp.value), as: "\(what) (on_give_up; or write 'handoff')")
                    onGiveUp = .response(value)
                }
            }
            var cancelIntents = Self.defaultCancelIntents
            if let cancel = fields.field("cancel_intents") {
                let names = YAMLNodes.isNull(cancel.value) ? [] : try nodes.names(cancel.value, "'cancel_intents' of \(what)")
                cancelIntents = names.map(\.text)
                cancelIntentRefs += names.map { (name, $0.text, $0.line, false) }
            } else {
                cancelIntentRefs += cancelIntents.map { (name, $0, nodes.line(entry.keyNode), true) }
            }
            var onCancel: String?
            if let cancel = fields.field("on_cancel") {
                onCancel = try nodes.name(cancel.value, "'on_cancel' of \(what)")
                try useResponse(onCancel!, line: nodes.line(cancel.value), as: "\(what) (on_cancel)")
            }
            forms.append(DomainForm(name: name, steps: steps, onGiveUp: onGiveUp, cancelIntents: cancelIntents,
                                    onCancel: onCancel, line: nodes.line(entry.keyNode)))
        }
    }

    /// A list of steps: `- slot_name` (the slot's own texts), `- slot: name` with overrides, or
    /// `- one_of: [a, b]` with its own texts.
    func parseSteps(_ node: Node, _ what: String) throws -> [FormStep] {
        let items = try nodes.list(node, "the slots of \(what)")
        guard !items.isEmpty else {
            throw nodes.error(node, "expected \(what) to ask for at least one slot")
        }
        var steps: [FormStep] = []
        var asked: [String: Int?] = [:]
        for item in items {
            let step = try parseStep(item, what)
            for target in step.targets {
                if let first = asked[target.slot] {
                    let at = first.map { " (line \($0))" } ?? ""
                    throw nodes.error(item, "slot '\(target.slot)' is already asked for in \(what)\(at): expected each slot once")
                }
                asked[target.slot] = step.line
            }
            steps.append(step)
        }
        return steps
    }

    private func parseStep(_ item: Node, _ formWhat: String) throws -> FormStep {
        let line = nodes.line(item)
        if item.mapping == nil {
            let name = try nodes.name(item, "a slot of \(formWhat)")
            let slot = try requireSlot(name, line: line, formWhat)
            return try makeStep(targets: [target(slot)], ask: nil, invalid: nil, maxRetries: Self.defaultMaxRetries,
                                line: line, "slot '\(name)' of \(formWhat)", defaultsFrom: slot)
        }
        let fields = try nodes.entries(item, "a step of \(formWhat)", allowed: Self.stepKeys)

        let ask = try fields.field("ask").map { try texts($0.value, "'ask'", formWhat) }
        let invalid = try fields.field("invalid").map { try texts($0.value, "'invalid'", formWhat) }
        let maxRetries = try fields.field("max_retries").map { try nodes.int($0.value, "'max_retries' in \(formWhat)", in: 0...10) }
            ?? Self.defaultMaxRetries

        switch (fields.field("slot"), fields.field("one_of")) {
        case let (slotField?, nil):
            let name = try nodes.name(slotField.value, "'slot' in \(formWhat)")
            let slot = try requireSlot(name, line: nodes.line(slotField.value), formWhat)
            let validation = try fields.field("validate").map { try parseValidation($0.value, "'validate' of slot '\(name)' in \(formWhat)") }
            let step = FormStep.Target(slot: name, validation: validation ?? Self.validation(of: slot))
            return try makeStep(targets: [step], ask: ask, invalid: invalid, maxRetries: maxRetries, line: line,
                                "slot '\(name)' of \(formWhat)", defaultsFrom: slot)
        case let (nil, oneOf?):
            let names = try nodes.names(oneOf.value, "'one_of' in \(formWhat)")
            guard names.count >= 2 else {
                throw nodes.error(oneOf.value, "expected 'one_of' in \(formWhat) to list at least two slots: use 'slot' for one")
            }
            if let validate = fields.field("validate") {
                throw nodes.error(validate.keyNode, "'validate' does not apply to 'one_of' in \(formWhat): "
                    + "each slot's own recogniser checks the answer")
            }
            let targets = try names.map { try target(requireSlot($0.text, line: $0.line, formWhat)) }
            let what = "'one_of' step of \(formWhat)"
            return try makeStep(targets: targets, ask: ask, invalid: invalid, maxRetries: maxRetries, line: line, what, defaultsFrom: nil)
        case (_?, _?):
            throw nodes.error(item, "a step of \(formWhat) has both 'slot' and 'one_of': expected one of them")
        case (nil, nil):
            throw nodes.error(item, "expected 'slot: <name>' or 'one_of: [<names>]' in a step of \(formWhat)")
        }
    }

    /// Fills texts from the slot's defaults and insists on a question, and on a re-ask text
    /// whenever an answer can be invalid.
    private func makeStep(targets: [FormStep.Target], ask: [String]?, invalid: [String]?, maxRetries: Int, line: Int?,
                          _ what: String, defaultsFrom slot: DomainSlot?) throws -> FormStep {
        let ask = ask ?? slot?.ask ?? []
        guard !ask.isEmpty else {
            throw nodes.error(line: line, "no question for \(what): expected 'ask' here"
                + (slot.map { " or on slot '\($0.name)'" } ?? ""))
        }
        let invalid = invalid ?? (slot?.invalid.isEmpty == false ? slot?.invalid : nil) ?? []
        let canBeInvalid = targets.contains { $0.validation != .anyText }
        if canBeInvalid, invalid.isEmpty {
            throw nodes.error(line: line, "no re-ask text for \(what): expected 'invalid' explaining what an answer looks like"
                + (slot.map { " (here or on slot '\($0.name)')" } ?? ""))
        }
        return FormStep(targets: targets, ask: ask, invalid: invalid, maxRetries: maxRetries, line: line)
    }

    private func target(_ slot: DomainSlot) -> FormStep.Target {
        FormStep.Target(slot: slot.name, validation: Self.validation(of: slot))
    }

    private func texts(_ node: Node, _ key: String, _ formWhat: String) throws -> [String] {
        let what = "\(key) in \(formWhat)"
        let texts = try nodes.strings(node, what)
        for text in texts {
            try checkSlotPlaceholders(text.text, line: text.line, what)
        }
        return texts.map(\.text)
    }

    /// The slot's own recogniser as a form check.
    static func validation(of slot: DomainSlot) -> SlotValidation {
        let definition = slot.definition
        if let entity = definition.entity { return .entity(entity) }
        if let pattern = definition.pattern { return .pattern(pattern, ignoresCase: definition.patternIgnoresCase) }
        if !definition.values.isEmpty { return .values(definition.values) }
        return .anyText
    }

    private func parseValidation(_ node: Node, _ what: String) throws -> SlotValidation {
        let fields = try nodes.entries(node, what, allowed: Self.validateKeys)
        let kinds = fields.filter { $0.key != "ignore_case" }
        guard kinds.count == 1 else {
            throw nodes.error(kinds.count > 1 ? kinds[1].keyNode : node,
                              "expected exactly one of 'entity', 'pattern' or 'values' in \(what)")
        }
        if let ignoreCase = fields.field("ignore_case"), fields.field("pattern") == nil {
            throw nodes.error(ignoreCase.keyNode, "'ignore_case' in \(what) only applies to a 'pattern'")
        }
        switch kinds[0].key {
        case "entity":
            return .entity(try builtinEntity(kinds[0].value, what))
        case "pattern":
            let pattern = try regularExpression(kinds[0].value, what).pattern
            let ignoreCase = try fields.field("ignore_case").map { try nodes.bool($0.value, "'ignore_case' in \(what)") } ?? false
            return .pattern(pattern, ignoresCase: ignoreCase)
        default:
            return .values(try slotValues(kinds[0].value, what))
        }
    }
}
