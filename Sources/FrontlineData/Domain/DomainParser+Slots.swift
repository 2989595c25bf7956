import Foundation
import FrontlineML
import Yams

/// The `slots` section: name → recogniser (`entity`, `pattern` or `values`; none = free text),
/// `remember`, and the default `ask` / `invalid` texts forms use.
extension DomainParser {
    static let slotKeys = ["entity", "pattern", "ignore_case", "canonical", "values", "remember", "ask", "invalid"]
    /// Names the engine fills itself; a slot with one of these names would be ambiguous in a response.
    static let reservedNames = ResponseVariables.names + ["result"]

    mutating func parseSlots(_ node: Node) throws {
        var texts: [(text: String, line: Int?, context: String)] = []
        for entry in try nodes.optionalEntries(node, "'slots'") {
            let name = entry.key
            guard Self.isSlotName(name) else {
                throw nodes.error(entry.keyNode, "invalid slot name '\(name)': expected letters, digits and '_', "
                    + "starting with a letter (it is used as {\(name)} in responses)")
            }
            guard !Self.reservedNames.contains(name) else {
                throw nodes.error(entry.keyNode, "slot name '\(name)' is reserved for a value the engine fills: expected another name")
            }
            slots.append(try parseSlot(name: name, entry, texts: &texts))
        }
        // Texts may mention slots declared further down, so they are checked once all are known.
        for text in texts {
            try checkSlotPlaceholders(text.text, line: text.line, text.context)
        }
    }

    private func parseSlot(name: String, _ entry: YAMLNodes.Entry,
                           texts: inout [(text: String, line: Int?, context: String)]) throws -> DomainSlot {
        let what = "slot '\(name)'"
        let fields = try nodes.optionalEntries(entry.value, what, allowed: Self.slotKeys)

        let kinds = fields.filter { ["entity", "pattern", "values"].contains($0.key) }
        if kinds.count > 1 {
            throw nodes.error(kinds[1].keyNode, "\(what) has both '\(kinds[0].key)' and '\(kinds[1].key)': "
                + "expected one of 'entity', 'pattern' or 'values' (or none for free text)")
        }
        var definition = SlotDefinition(name: name)
        if let entity = fields.field("entity") {
            definition.entity = try builtinEntity(entity.value, what)
        }
        if let pattern = fields.field("pattern") {
            definition.pattern = try regularExpression(pattern.value, what).pattern
        }
        for key in ["ignore_case", "canonical"] where fields.field(key) != nil && fields.field("pattern") == nil {
            throw nodes.error(fields.field(key)!.keyNode, "'\(key)' in \(what) only applies to a 'pattern': expected a 'pattern' too")
        }
        if let ignoreCase = fields.field("ignore_case") {
            definition.patternIgnoresCase = try nodes.bool(ignoreCase.value, "'ignore_case' of \(what)")
        }
        var canonical: String?
        if let template = fields.field("canonical") {
            let text = try nodes.string(template.value, "'canonical' of \(what)")
            let groups = try regularExpression(fields.field("pattern")!.value, what).numberOfCaptureGroups
            if let group = Self.captureReferences(in: text).first(where: { $0 > groups }) {
                throw nodes.error(template.value, "'canonical' of \(what) uses $\(group) but the pattern has "
                    + "\(groups) capture group(s): expected $0 to $\(groups)")
            }
            canonical = text
        }
        if let values = fields.field("values") {
            definition.values = try slotValues(values.value, what)
        }
        var memory = SlotMemory.conversation
        if let remember = fields.field("remember") {
            let text = try nodes.string(remember.value, "'remember' of \(what)")
            guard let parsed = SlotMemory(rawValue: text) else {
                throw nodes.error(remember.value, "unknown 'remember' value \"\(text)\" in \(what): expected 'customer' "
                    + "(kept across conversations) or 'conversation' (the default)")
            }
            memory = parsed
        }
        let ask = try fields.field("ask").map { try nodes.strings($0.value, "'ask' of \(what)") } ?? []
        let invalid = try fields.field("invalid").map { try nodes.strings($0.value, "'invalid' of \(what)") } ?? []
        texts += ask.map { ($0.text, $0.line, "'ask' of \(what)") } + invalid.map { ($0.text, $0.line, "'invalid' of \(what)") }
        return DomainSlot(definition: definition, canonical: canonical, memory: memory, ask: ask.map(\.text), invalid: invalid.map(\.text),
                          line: nodes.line(entry.keyNode))
    }

    func builtinEntity(_ node: Node, _ what: String) throws -> String {
        let kind = try nodes.string(node, "'entity' of \(what)")
        guard DomainSlot.builtinEntities.contains(kind) else {
            throw nodes.error(node, "unknown entity '\(kind)' in \(what)\(DidYouMean.hint(for: kind, among: DomainSlot.builtinEntities)): "
                + "expected one of \(YAMLNodes.list(DomainSlot.builtinEntities))")
        }
        return kind
    }

    /// Compiles the pattern so mistakes surface here, not on a customer's message.
    func regularExpression(_ node: Node, _ what: String) throws -> NSRegularExpression {
        let pattern = try nodes.string(node, "'pattern' of \(what)")
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw nodes.error(node, "invalid regular expression in \(what): \"\(pattern)\" does not compile (ICU syntax expected)")
        }
        // A pattern that matches nothing at all would "find" a value in every message.
        if regex.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil {
            throw nodes.error(node, "the pattern of \(what) matches empty text: expected it to require at least one character")
        }
        // Customers' messages run through it: one long hostile message must not stall a turn.
        if let why = PatternSafety.problem(in: pattern) {
            throw nodes.error(node, "the pattern of \(what) (\"\(pattern)\") can backtrack catastrophically: \(why)")
        }
        return regex
    }

    /// `- canonical` or `- canonical: [synonym, …]` (or one synonym as text).
    func slotValues(_ node: Node, _ what: String) throws -> [SlotValue] {
        let items = try nodes.list(node, "'values' of \(what)")
        guard !items.isEmpty else {
            throw nodes.error(node, "expected 'values' of \(what) to list at least one value")
        }
        var values: [SlotValue] = []
        // Lower-cased name or synonym → the canonical value it belongs to and its line.
        var owners: [String: (canonical: String, line: Int?)] = [:]
        func claim(_ text: String, for canonical: String, line: Int?) throws {
            let key = text.lowercased()
            if let owner = owners[key] {
                let at = owner.line.map { " (line \($0))" } ?? ""
                throw nodes.error(line: line, owner.canonical == canonical
                    ? "'\(text)' is listed twice for value '\(canonical)' of \(what): expected each synonym once"
                    : "'\(text)' in \(what) already belongs to value '\(owner.canonical)'\(at): expected each name or synonym to mean one value")
            }
            owners[key] = (canonical, line)
        }
        for item in items {
            let canonical: String, synonyms: [(text: String, line: Int?)]
            if let mapping = item.mapping {
                guard mapping.count == 1, let (key, value) = mapping.first else {
                    throw nodes.error(item, "expected a value of \(what) as '- name' or '- name: [synonyms]' but found a mapping with \(mapping.count) keys")
                }
                canonical = try nodes.string(key, "a value of \(what)")
                synonyms = YAMLNodes.isNull(value) ? [] : try nodes.strings(value, "the synonyms of '\(canonical)' in \(what)", allowEmpty: true)
            } else {
                canonical = try nodes.string(item, "a value of \(what)")
                synonyms = []
            }
            try claim(canonical, for: canonical, line: nodes.line(item))
            for synonym in synonyms {
                try claim(synonym.text, for: canonical, line: synonym.line)
            }
            values.append(SlotValue(canonical: canonical, synonyms: synonyms.map(\.text)))
        }
        return values
    }

    static func isSlotName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The group numbers `$n` in a replacement template (`\$` escapes a dollar).
    static func captureReferences(in template: String) -> [Int] {
        var result: [Int] = []
        var characters = template[...]
        while let dollar = characters.firstIndex(of: "$") {
            if dollar > characters.startIndex, characters[characters.index(before: dollar)] == "\\" {
                characters = characters[characters.index(after: dollar)...]
                continue
            }
            let digits = characters[characters.index(after: dollar)...].prefix { $0.isASCII && $0.isNumber }
            if let number = Int(digits) { result.append(number) }
            characters = characters[digits.endIndex...]
        }
        return result
    }
}
