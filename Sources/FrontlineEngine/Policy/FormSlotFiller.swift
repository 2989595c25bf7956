import Foundation
import FrontlineData
import FrontlineML

/// Finds valid values for a form's slots in one customer message.
///
/// Every step's slots may be filled from the NLU's slots (so one answer can fill several);
/// the step being asked may also be filled from the raw text: the whole answer for a
/// free-text slot, a pattern or declared value found in it, or an entity of the right kind.
struct FormSlotFiller: Sendable {
    let domain: Domain
    let maxFreeTextLength: Int
    /// Domain patterns run on customer text, so under the same per-message limit as pattern entities.
    let budget: PatternBudget
    /// Every form step's pattern, compiled once (the domain loader already refused invalid and unsafe ones).
    private let compiled: [PatternKey: NSRegularExpression]

    private struct PatternKey: Hashable {
        let pattern: String
        let ignoresCase: Bool
    }

    init(domain: Domain, maxFreeTextLength: Int, budget: PatternBudget = PatternBudget()) {
        self.domain = domain
        self.maxFreeTextLength = maxFreeTextLength
        self.budget = budget
        var compiled: [PatternKey: NSRegularExpression] = [:]
        for form in domain.forms {
            for step in form.steps {
                for target in step.targets {
                    guard case .pattern(let pattern, let ignoresCase) = target.validation else { continue }
                    let key = PatternKey(pattern: pattern, ignoresCase: ignoresCase)
                    if compiled[key] == nil,
                       let regex = try? NSRegularExpression(pattern: pattern, options: ignoresCase ? [.caseInsensitive] : []) {
                        compiled[key] = regex
                    }
                }
            }
        }
        self.compiled = compiled
    }

    /// Slot → value for the form's targets found in this message.
    func values(for form: DomainForm, parse: MessageParse, text: String, requestedStep: Int?) -> [String: FilledSlot] {
        var found: [String: FilledSlot] = [:]
        for (index, step) in form.steps.enumerated() {
            for target in step.targets where found[target.slot] == nil {
                if let value = fromParse(target, parse: parse) {
                    found[target.slot] = value
                } else if index == requestedStep, let value = fromText(target, text: text, parse: parse) {
                    found[target.slot] = value
                }
            }
        }
        return found
    }

    private func fromParse(_ target: FormStep.Target, parse: MessageParse) -> FilledSlot? {
        for slot in parse.slots where slot.slot == target.slot {
            if let value = accept(target, value: slot.value, raw: slot.raw, parse: parse) {
                return FilledSlot(value: value, raw: slot.raw == value ? nil : slot.raw, confidence: slot.confidence)
            }
        }
        return nil
    }

    /// Whether a value the NLU found passes the step's validation; the normalised value when it does.
    private func accept(_ target: FormStep.Target, value: String, raw: String, parse: MessageParse) -> String? {
        switch target.validation {
        case .anyText:
            return value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : value
        case .entity(let kind):
            // The resolver normalises entity slots; an entity of the kind over the same text confirms it.
            let confirmed = parse.entities.contains { $0.kind == kind && ($0.value == value || $0.raw == raw) }
            return confirmed ? value : nil
        case .pattern(let pattern, let ignoresCase):
            return firstMatch(pattern, ignoresCase: ignoresCase, in: value) != nil
                || firstMatch(pattern, ignoresCase: ignoresCase, in: raw) != nil ? value : nil
        case .values(let values):
            return Self.canonical(of: value, in: values) ?? Self.canonical(of: raw, in: values)
        }
    }

    private func fromText(_ target: FormStep.Target, text: String, parse: MessageParse) -> FilledSlot? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch target.validation {
        case .anyText:
            guard !trimmed.isEmpty else { return nil }
            return FilledSlot(value: String(trimmed.prefix(maxFreeTextLength)), confidence: 1)
        case .entity(let kind):
            return parse.entities.first { $0.kind == kind }.map { FilledSlot(value: $0.value, raw: $0.raw, confidence: 1) }
        case .pattern(let pattern, let ignoresCase):
            guard let match = firstMatch(pattern, ignoresCase: ignoresCase, in: trimmed) else { return nil }
            let value = canonicalize(match, slot: target.slot, pattern: pattern, ignoresCase: ignoresCase)
            return FilledSlot(value: value, raw: value == match ? nil : match, confidence: 1)
        case .values(let values):
            // Longest names first, so "acme buds pro" beats "acme buds".
            let lowered = " " + RepeatKey.of(trimmed) + " "
            let names = values.flatMap { v in ([v.canonical] + v.synonyms).map { (RepeatKey.of($0), v.canonical) } }
                .filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
            return names.first { lowered.contains(" \($0.0) ") }.map { FilledSlot(value: $0.1, raw: $0.0, confidence: 1) }
        }
    }

    /// Applies the slot's `canonical` template ("A-$1") to a pattern match.
    private func canonicalize(_ match: String, slot: String, pattern: String, ignoresCase: Bool) -> String {
        guard let template = domain.slot(slot)?.canonical,
              let regex = compiled[PatternKey(pattern: pattern, ignoresCase: ignoresCase)]
        else { return match }
        return budget.replacement(of: regex, in: match, template: template) ?? match
    }

    func firstMatch(_ pattern: String, ignoresCase: Bool, in text: String) -> String? {
        guard let regex = compiled[PatternKey(pattern: pattern, ignoresCase: ignoresCase)],
              let result = budget.firstMatch(of: regex, in: text),
              let range = Range(result.range, in: text)
        else { return nil }
        return String(text[range])
    }

    static func canonical(of value: String, in values: [SlotValue]) -> String? {
        let key = RepeatKey.of(value)
        return values.first { v in ([v.canonical] + v.synonyms).contains { RepeatKey.of($0) == key } }?.canonical
    }
}
