import Yams

/// The `responses` section: key → one text or a list of variants, with `{placeholders}`.
extension DomainParser {
    mutating func parseResponses(_ node: Node) throws {
        for entry in try nodes.optionalEntries(node, "'responses'") {
            let name = entry.key
            let what = "response '\(name)'"
            guard name != Self.handoffKeyword else {
                throw nodes.error(entry.keyNode, "'\(name)' is reserved (on_give_up: handoff): expected another response key")
            }
            let variants = try nodes.strings(entry.value, what)
            let variantNodes = entry.value.sequence.map { Array($0) } ?? [entry.value]
            var seen: Set<String> = []
            for (index, variant) in variants.enumerated() {
                guard seen.insert(variant.text).inserted else {
                    throw nodes.error(line: variant.line, "variant \(index + 1) of \(what) repeats an earlier one: expected different wording")
                }
                try checkResponsePlaceholders(variant.text, node: variantNodes[index], response: name)
            }
            responses.append(DomainResponse(name: name, variants: variants.map(\.text), line: nodes.line(entry.keyNode)))
        }
    }

    /// Slots are always fine; context variables are remembered and checked against the
    /// response's uses once every section is read.
    private mutating func checkResponsePlaceholders(_ text: String, node: Node, response: String) throws {
        let what = "response '\(response)'"
        let placeholders: [ResponseTemplate.Placeholder]
        do {
            placeholders = try ResponseTemplate.placeholders(in: text)
        } catch {
            throw nodes.error(line: lineOf(offset: error.offset, in: text, node: node), "\(error.message) in \(what)")
        }
        for placeholder in placeholders {
            let name = placeholder.name
            let line = lineOf(offset: placeholder.offset, in: text, node: node)
            if slots.contains(where: { $0.name == name }) { continue }
            if ResponseVariables.names.contains(name) || name.hasPrefix(ResponseVariables.resultPrefix) {
                contextPlaceholders[response, default: []].append((name, line))
                continue
            }
            let known = slots.map(\.name) + ResponseVariables.names + ["result.<field>"]
            throw nodes.error(line: line, "unknown placeholder {\(name)} in \(what)\(DidYouMean.hint(for: name, among: known)): "
                + "expected a declared slot, \(YAMLNodes.list(ResponseVariables.names.map { "{\($0)}" })) or {result.<field>}")
        }
    }

    /// The line of a character offset: exact in '|' blocks, the text's first line otherwise
    /// (other styles fold their line breaks away).
    func lineOf(offset: Int, in text: String, node: Node) -> Int? {
        guard let start = nodes.line(node) else { return nil }
        guard let scalar = node.scalar, scalar.style == .literal else { return start }
        // A literal block's content starts on the line after its '|' indicator.
        return start + 1 + text.prefix(offset).filter { $0 == "\n" }.count
    }

    /// Every response must be sent from somewhere, and may only use variables that exist
    /// everywhere it is sent.
    func checkResponseUses() throws {
        for response in responses {
            let uses = responseUses[response.name] ?? []
            for placeholder in contextPlaceholders[response.name] ?? [] {
                if let use = uses.first(where: { !ResponseVariables.isAvailable(placeholder.name, in: $0.context) }) {
                    let at = use.line.map { " (line \($0))" } ?? ""
                    throw nodes.error(line: placeholder.line, "{\(placeholder.name)} in response '\(response.name)' is only known "
                        + "\(ResponseVariables.availability(of: placeholder.name)), but the response is also used by \(use.description)\(at)")
                }
            }
        }
    }
}
