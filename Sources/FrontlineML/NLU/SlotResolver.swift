/// Turns the tagger's spans, the entities and the declared values of a message
/// into slot values, using what the domain says each slot holds.
///
/// Rules, in order:
/// 1. Each tagged span keeps its slot; its value is normalised by the slot's
///    declaration: a declared value (synonyms and one typo allowed), or the value of
///    an entity of the slot's kind covering the span, else the raw text.
/// 2. A slot declared with an entity kind or pattern is also filled by an entity of
///    that kind the tagger did not cover, when exactly one declared slot takes that
///    kind (otherwise it would be a guess which slot it fills).
/// 3. A slot with declared values is also filled by a declared value found in the
///    text that the tagger did not cover — the same one-slot rule applies.
/// Spans never overlap: earlier rules win.
import Foundation

struct SlotResolver: Sendable {
    let definitions: [String: SlotDefinition]
    let valueSets: [String: SlotValueSet]
    /// The same sets in slot-name order, so the fill order doesn't depend on hashing.
    let orderedValueSets: [(slot: String, set: SlotValueSet)]
    /// Entity kind → the one slot that takes it (kinds claimed by several slots are left out).
    let slotForKind: [String: String]
    /// Slot → its pattern and canonical template, for slots that declare both.
    let canonicalForms: [String: (NSRegularExpression, String)]
    /// Canonical templates run a domain pattern on customer text, so under the same limit as pattern entities.
    let budget: PatternBudget

    init(definitions: [SlotDefinition], budget: PatternBudget = PatternBudget()) {
        self.budget = budget
        self.definitions = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var sets: [String: SlotValueSet] = [:]
        for d in definitions where !d.values.isEmpty { sets[d.name] = SlotValueSet(d.values) }
        valueSets = sets
        orderedValueSets = sets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var claims: [String: [String]] = [:]
        for d in definitions {
            if let kind = d.entityKind { claims[kind, default: []].append(d.name) }
        }
        slotForKind = claims.compactMapValues { $0.count == 1 ? $0[0] : nil }
        var forms: [String: (NSRegularExpression, String)] = [:]
        for d in definitions {
            guard let pattern = d.pattern, let template = d.canonical,
                  let regex = try? NSRegularExpression(pattern: pattern, options: d.patternIgnoresCase ? [.caseInsensitive] : [])
            else { continue }  // an invalid pattern was already refused by the entity recogniser
            forms[d.name] = (regex, template)
        }
        canonicalForms = forms
    }

    /// A pattern slot's canonical value: its template applied to the first match in `raw`.
    func canonicalValue(slot: String, raw: String) -> String? {
        guard let (regex, template) = canonicalForms[slot] else { return nil }
        return budget.replacement(of: regex, in: raw, template: template)
    }

    func resolve(text: String, tagged: [TaggedSlot], entities: [EntityMatch]) -> [ParsedSlot] {
        var slots: [ParsedSlot] = []
        func free(_ start: Int, _ end: Int) -> Bool {
            !slots.contains { $0.start < end && start < $0.end }
        }
        for t in tagged {
            slots.append(ParsedSlot(
                slot: t.slot, value: normalise(slot: t.slot, raw: t.raw, start: t.start, end: t.end, entities: entities),
                raw: t.raw, start: t.start, end: t.end, confidence: t.confidence, source: .tagger))
        }
        for e in entities {
            guard let slot = slotForKind[e.kind.rawValue], free(e.start, e.end) else { continue }
            slots.append(ParsedSlot(
                slot: slot, value: canonicalValue(slot: slot, raw: e.raw) ?? e.value, raw: e.raw, start: e.start,
                end: e.end, confidence: 1, source: .entity))
        }
        for (slot, set) in orderedValueSets {
            for m in set.matches(in: text) where free(m.start, m.end) {
                slots.append(ParsedSlot(
                    slot: slot, value: m.value, raw: m.raw, start: m.start, end: m.end,
                    confidence: m.exact ? 1 : 0.8, source: .values))
            }
        }
        return slots.sorted { $0.start != $1.start ? $0.start < $1.start : $0.slot < $1.slot }
    }

    /// The normalised value of a tagged span.
    func normalise(slot: String, raw: String, start: Int, end: Int, entities: [EntityMatch]) -> String {
        if let set = valueSets[slot], let found = set.normalize(raw) { return found.value }
        if let value = canonicalValue(slot: slot, raw: raw) { return value }
        if let kind = definitions[slot]?.entityKind,
           let e = entities.first(where: { $0.kind.rawValue == kind && $0.start <= start && end <= $0.end })
            ?? entities.first(where: { $0.kind.rawValue == kind && start <= $0.start && $0.end <= end })
        {
            return e.value
        }
        // A date slot tagged inside "tomorrow at 3pm" / "tomorrow between 9 and 5" takes the day.
        if definitions[slot]?.entityKind == EntityKind.date.rawValue,
           let e = entities.first(where: { $0.kind == .datetime && $0.start <= start && end <= $0.end }),
           let day = e.date
        {
            return day.iso8601
        }
        return raw
    }
}

extension SlotDefinition {
    /// The entity kind that fills this slot: its built-in kind, or its own name when
    /// it declares a pattern (pattern entities are named after their slot).
    var entityKind: String? {
        if let entity { return entity }
        return pattern != nil ? name : nil
    }
}
