import Foundation
import FrontlineML

/// Checks a domain against the NLU data it will be trained with.
extension DomainLoader {
    /// Every problem found, in a stable order; empty when the two agree:
    /// - each intent with examples is declared in the domain, and each declared intent has examples;
    /// - each annotated slot is declared;
    /// - annotated values of `values` slots are canonical values (or, without an explicit value,
    ///   a canonical value or synonym);
    /// - annotated text of `pattern` slots matches the pattern in full, and an explicit value is
    ///   what the slot's `canonical` template makes of it.
    ///
    /// NLU examples carry no line numbers, so those problems name the data source and quote the example.
    public static func crossCheck(_ domain: Domain, against nlu: Dataset) -> [DataError] {
        var problems: [DataError] = []
        var reported: Set<String> = []
        func report(_ key: String, _ error: DataError) {
            if reported.insert(key).inserted { problems.append(error) }
        }

        let utterances = nlu.splitNames.flatMap { nlu.split(named: $0) ?? [] }
        var counts: [String: Int] = [:]
        for utterance in utterances { counts[utterance.intent, default: 0] += 1 }
        for intent in counts.keys.sorted() where domain.intent(intent) == nil {
            let hint = DidYouMean.hint(for: intent, among: domain.intents.map(\.name))
            report("intent:\(intent)", DataError(file: nlu.source, message: "intent '\(intent)' has \(counts[intent]!) examples "
                + "but is not declared in \(domain.file)\(hint): expected it under 'intents'"))
        }
        for intent in domain.intents where counts[intent.name] == nil {
            report("declared:\(intent.name)", DataError(file: domain.file, line: intent.line, message: "intent '\(intent.name)' "
                + "has no examples in \(nlu.source): expected NLU examples for it, or delete it"))
        }

        let checkers = Dictionary(uniqueKeysWithValues: domain.slots.map { ($0.name, SlotChecker($0)) })
        for utterance in utterances {
            let scalars = Array(utterance.text.unicodeScalars)
            for span in utterance.slots {
                let raw = span.start >= 0 && span.end <= scalars.count && span.start <= span.end
                    ? String(String.UnicodeScalarView(scalars[span.start..<span.end])) : ""
                let example = "example \"\(utterance.text)\" of intent '\(utterance.intent)'"
                guard let checker = checkers[span.slot] else {
                    let hint = DidYouMean.hint(for: span.slot, among: domain.slots.map(\.name))
                    report("slot:\(span.slot)", DataError(file: nlu.source, message: "\(example) annotates slot '\(span.slot)', "
                        + "which is not declared in \(domain.file)\(hint): expected it under 'slots'"))
                    continue
                }
                if let problem = checker.problem(raw: raw, value: span.value) {
                    report("value:\(span.slot):\(raw):\(span.value ?? "")",
                           DataError(file: nlu.source, message: "\(example): \(problem)"))
                }
            }
        }
        return problems
    }
}

/// Checks annotated slot values against a slot's declared values or pattern.
private struct SlotChecker {
    let slot: DomainSlot
    let regex: NSRegularExpression?
    /// Lower-cased names and synonyms → canonical value.
    let lookup: [String: String]

    init(_ slot: DomainSlot) {
        self.slot = slot
        let definition = slot.definition
        regex = definition.pattern.flatMap {
            try? NSRegularExpression(pattern: $0, options: definition.patternIgnoresCase ? [.caseInsensitive] : [])
        }
        var lookup: [String: String] = [:]
        for value in definition.values {
            for name in [value.canonical] + value.synonyms { lookup[name.lowercased()] = value.canonical }
        }
        self.lookup = lookup
    }

    func problem(raw: String, value: String?) -> String? {
        let values = slot.definition.values
        if !values.isEmpty {
            if let value {
                guard values.contains(where: { $0.canonical == value }) else {
                    return "'\(value)' is not a value of slot '\(slot.name)'"
                        + "\(DidYouMean.hint(for: value, among: values.map(\.canonical))): expected a canonical value declared in the domain"
                }
            } else if lookup[raw.lowercased()] == nil {
                return "'\(raw)' is not a value or synonym of slot '\(slot.name)': expected [\(raw)](\(slot.name):<canonical value>) "
                    + "or a synonym added to the domain"
            }
            return nil
        }
        guard let regex else { return nil }
        let whole = NSRange(raw.startIndex..., in: raw)
        guard let match = regex.firstMatch(in: raw, range: whole), match.range == whole else {
            return "'\(raw)' does not match the pattern of slot '\(slot.name)' (\(regex.pattern)): expected the pattern to accept "
                + "what customers type, or the annotation fixed"
        }
        if let value, let template = slot.canonical {
            let canonical = regex.replacementString(for: match, in: raw, offset: 0, template: template)
            if canonical != value {
                return "value '\(value)' for '\(raw)' differs from the canonical form '\(canonical)' that slot '\(slot.name)' makes of it"
            }
        }
        return nil
    }
}
