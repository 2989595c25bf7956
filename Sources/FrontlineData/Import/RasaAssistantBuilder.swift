import Foundation
import FrontlineML

/// Turns what the Rasa readers found into an `ImportedAssistant` (see `RasaImporter`).
struct RasaAssistantBuilder {
    let domain: RasaDomainReader
    let nlu: RasaNLUReader
    let stories: RasaStoryReader
    let usesDuckling: Bool
    var assistant: ImportedAssistant

    /// Rasa slot or entity name → Frontline slot name, with each rename reported once.
    private var renamed: [String: String] = [:]
    /// Responses some intent, form or fallback sends.
    private var used: Set<String> = []
    /// Responses already converted (each reported once).
    private var converted: [String: [String]?] = [:]
    /// Rasa entity → the Frontline slots its annotations fill, in first-seen order.
    private var entitySlots: [String: [String]] = [:]

    init(domain: RasaDomainReader, nlu: RasaNLUReader, stories: RasaStoryReader, usesDuckling: Bool, assistant: ImportedAssistant) {
        self.domain = domain
        self.nlu = nlu
        self.stories = stories
        self.usesDuckling = usesDuckling
        self.assistant = assistant
    }

    var report: ImportReport {
        get { assistant.report }
        set { assistant.report = newValue }
    }

    mutating func build(source: String) throws {
        assistant.report.sourceCounts = ImportReport.Counts(
            examples: nlu.sourceExamples, spans: nlu.examples.reduce(0) { $0 + $1.entities.count })
        buildSlots()
        buildExamples(source: source)
        applyLookupsSynonymsAndRegexes()
        assistant.completeSlotValues()
        buildIntents()
        buildRephrase()
        reportLeftovers()
        assistant.countImported()
    }

    // MARK: Slots

    /// Frontline name for a Rasa slot or entity name.
    private mutating func slotName(_ rasa: String, file: String, line: Int?) -> String {
        if let known = renamed[rasa] { return known }
        let name = ImportNames.slot(rasa)
        if name != rasa {
            assistant.report.add(.adapted, "slot renamed", file: file, line: line,
                                 "'\(rasa)' is '\(name)' in Frontline (slot names are letters, digits and '_')")
        }
        renamed[rasa] = name
        return name
    }

    /// The slot an annotation fills: the one Rasa slot mapping from (entity, role), else the
    /// entity's own name (with the role appended).
    private func annotationTarget(entity: String, role: String?) -> String {
        let candidates = domain.slots.filter { slot in
            if slot.mappings.isEmpty { return role == nil && slot.name == entity }  // 2.x: same-name entity fills it
            return slot.mappings.contains { $0.type == "from_entity" && $0.entity == entity && $0.role == role }
        }
        if candidates.count == 1 { return candidates[0].name }
        return role.map { "\(entity)_\($0)" } ?? entity
    }

    private mutating func buildSlots() {
        for slot in domain.slots {
            let name = slotName(slot.name, file: slot.file, line: slot.line)
            var imported = ImportedAssistant.Slot(name: name)
            switch slot.type {
            case "float":
                imported.entity = "number"
            case "categorical":
                imported.values = slot.values.filter { $0 != "__other__" }.map { SlotValue(canonical: $0) }
            case "text": break
            default:
                assistant.report.add(.adapted, "slot type", file: slot.file, line: slot.line,
                                     "slot '\(slot.name)' of type \(slot.type): a free-text slot in Frontline")
            }
            for mapping in slot.mappings {
                switch mapping.type {
                case "from_entity":
                    if let entity = mapping.entity, usesDuckling, let kind = RasaImporter.ducklingKinds[entity],
                       imported.values.isEmpty {
                        imported.entity = kind
                    }
                    if mapping.group != nil {
                        assistant.report.add(.notCarried, "entity group", file: slot.file, line: slot.line,
                                             "slot '\(slot.name)' maps from entity group '\(mapping.group ?? "")'")
                    }
                    if mapping.conditioned {
                        assistant.report.add(.notCarried, "slot mapping condition", file: slot.file, line: slot.line,
                                             "slot '\(slot.name)' from entity '\(mapping.entity ?? "")' only for some intents: "
                                             + "Frontline fills it whenever the span is found")
                    }
                case "from_text":
                    if mapping.conditioned {
                        assistant.report.add(.notCarried, "slot mapping condition", file: slot.file, line: slot.line,
                                             "slot '\(slot.name)' from text only for some intents: Frontline fills free-text slots when a form asks")
                    }
                default:
                    assistant.report.add(.notCarried, "slot mapping", file: slot.file, line: slot.line,
                                         "slot '\(slot.name)' mapping '\(mapping.type)' (intent- or action-driven): no Frontline equivalent")
                }
            }
            assistant.slots.append(imported)
        }
    }

    // MARK: Examples

    private mutating func buildExamples(source: String) {
        var roleCounts: [String: (count: Int, file: String, line: Int?)] = [:]
        for example in nlu.examples {
            let intent = ImportNames.intent(example.intent)
            if intent != example.intent, assistant.intent(intent) == nil {
                assistant.report.add(.adapted, "intent renamed", file: example.file, line: example.line,
                                     "intent '\(example.intent)' is '\(intent)' (no spaces in Frontline intent names)")
            }
            var spans: [SlotSpan] = []
            for entity in example.entities {
                let target = annotationTarget(entity: entity.entity, role: entity.role)
                let name = slotName(target, file: example.file, line: example.line)
                assistant.addSlotIfMissing(name)
                if !(entitySlots[entity.entity] ?? []).contains(name) { entitySlots[entity.entity, default: []].append(name) }
                if let role = entity.role {
                    let key = "\(entity.entity) role \(role) → \(name)"
                    roleCounts[key] = ((roleCounts[key]?.count ?? 0) + 1, example.file, roleCounts[key]?.line ?? example.line)
                }
                if let group = entity.group {
                    assistant.report.add(.notCarried, "entity group", file: example.file, line: example.line,
                                         "group '\(group)' of entity '\(entity.entity)': Frontline has no entity groups")
                }
                if !entity.extra.isEmpty {
                    assistant.report.add(.notCarried, "extra entities on one span", file: example.file, line: example.line,
                                         "\(entity.extra.joined(separator: ", ")) also annotated on the span of '\(entity.entity)': Frontline keeps one slot per span")
                }
                var value = entity.value
                if let v = value, v.contains(")") || v.contains(where: \.isNewline) {
                    assistant.report.add(.adapted, "value dropped", file: example.file, line: example.line,
                                         "value \"\(v)\" of '\(entity.entity)' has ')' or a line break, which an annotation can't hold: kept the span without it")
                    value = nil
                }
                spans.append(SlotSpan(slot: name, start: entity.start, end: entity.end, value: value))
            }
            assistant.examples.append(ImportedAssistant.Example(
                utterance: Utterance(text: example.text, intent: intent, slots: spans), file: example.file, line: example.line,
                group: Self.group(of: example.file)))
        }
        for (key, info) in roleCounts.sorted(by: { $0.key < $1.key }) {
            assistant.report.add(.adapted, "entity role", file: info.file, line: info.line, "\(key) (\(info.count) span(s))")
        }
    }

    /// `…/data/nlu/faq.yml` → `nlu/faq.yml`: the source's file layout under data/.
    static func group(of file: String) -> String {
        var relative = file
        if let range = file.range(of: "/data/", options: .backwards) {
            relative = String(file[range.upperBound...])
        } else {
            relative = FileAccess.fileName(file)
        }
        if relative.lowercased().hasSuffix(".yaml") { relative = String(relative.dropLast(5)) + ".yml" }
        return "nlu/" + relative
    }

    // MARK: Lookup tables, synonyms, regexes

    /// The slots a lookup table or regex named `name` belongs to: those its entity's
    /// annotations fill (one per role), else the slot of that name.
    private func slotsFor(table name: String) -> [String] {
        let annotated = entitySlots[name] ?? []
        if !annotated.isEmpty { return annotated }
        let target = ImportNames.slot(annotationTarget(entity: name, role: nil))
        if assistant.slot(target) != nil { return [target] }
        return renamed[name].flatMap { assistant.slot($0) != nil ? [$0] : nil } ?? []
    }

    private mutating func applyLookupsSynonymsAndRegexes() {
        for lookup in nlu.lookups {
            let line = lookup.elements.first?.line
            let file = lookup.elements.first?.file ?? ""
            let slots = slotsFor(table: lookup.name)
            guard !slots.isEmpty else {
                assistant.report.add(.notCarried, "lookup table", file: file, line: line,
                                     "lookup '\(lookup.name)' (\(lookup.elements.count) elements) names no entity or slot: it was only a feature in Rasa")
                continue
            }
            for slot in slots { assistant.updateSlot(slot) { s in
                for element in lookup.elements where !s.values.contains(where: { $0.canonical.lowercased() == element.text.lowercased() }) {
                    s.values.append(SlotValue(canonical: element.text))
                }
            } }
        }
        for synonym in nlu.synonyms {
            let texts = synonym.texts.map(\.text)
            let slots = Set(assistant.examples.flatMap { example in
                example.utterance.slots.filter { span in
                    span.value == synonym.value || Self.raw(example.utterance, span).lowercased() == synonym.value.lowercased() || texts.contains { $0.lowercased() == Self.raw(example.utterance, span).lowercased() }
                }.map(\.slot)
            }).sorted()
            guard !slots.isEmpty else {
                assistant.report.add(.notCarried, "synonym", file: synonym.texts.first?.file ?? "", line: synonym.texts.first?.line,
                                     "synonym '\(synonym.value)' (\(texts.joined(separator: ", "))): no annotation uses it, so its slot is unknown")
                continue
            }
            for slot in slots {
                assistant.updateSlot(slot) { s in
                    if let index = s.values.firstIndex(where: { $0.canonical == synonym.value }) {
                        s.values[index].synonyms += texts.filter { !s.values[index].synonyms.contains($0) && $0 != synonym.value }
                    } else {
                        s.values.append(SlotValue(canonical: synonym.value, synonyms: texts.filter { $0 != synonym.value }))
                    }
                }
            }
        }
        for regex in nlu.regexes {
            let file = regex.patterns.first?.file ?? ""
            let line = regex.patterns.first?.line
            let combined = regex.patterns.count == 1 ? regex.patterns[0].text : regex.patterns.map { "(?:\($0.text))" }.joined(separator: "|")
            let slots = slotsFor(table: regex.name)
            if slots.isEmpty {
                assistant.report.add(.notCarried, "regex", file: file, line: line,
                                     "regex '\(regex.name)' names no entity: it was only a feature in Rasa")
            }
            for slot in slots {
                applyRegex(regex.name, combined, to: slot, file: file, line: line)
            }
        }
    }

    private mutating func applyRegex(_ name: String, _ combined: String, to slot: String, file: String, line: Int?) {
        guard let current = assistant.slot(slot) else { return }
        guard current.values.isEmpty, current.entity == nil else {
            assistant.report.add(.notCarried, "regex", file: file, line: line,
                                 "regex '\(name)': slot '\(slot)' already has values or a built-in entity, which decide it in Frontline")
            return
        }
        guard let compiled = try? NSRegularExpression(pattern: combined),
              compiled.firstMatch(in: "", range: NSRange(location: 0, length: 0)) == nil else {
            assistant.report.add(.notCarried, "regex", file: file, line: line,
                                 "regex '\(name)' does not compile as an ICU pattern or matches empty text: \(combined)")
            return
        }
        let misses = assistant.examples.flatMap { example in
            example.utterance.slots.filter { $0.slot == slot }.map { Self.raw(example.utterance, $0) }
        }.filter { raw in
            let whole = NSRange(raw.startIndex..., in: raw)
            return compiled.firstMatch(in: raw, range: whole)?.range != whole
        }
        guard misses.isEmpty else {
            assistant.report.add(.notCarried, "regex", file: file, line: line,
                                 "regex '\(name)' does not match \(misses.count) annotated value(s) of slot '\(slot)' "
                                 + "(e.g. \"\(misses[0])\"): kept as a feature in Rasa, not a Frontline pattern")
            return
        }
        assistant.updateSlot(slot) { $0.pattern = combined }
    }

    static func raw(_ utterance: Utterance, _ span: SlotSpan) -> String {
        let scalars = Array(utterance.text.unicodeScalars)
        guard span.start >= 0, span.end <= scalars.count, span.start <= span.end else { return "" }
        return String(String.UnicodeScalarView(scalars[span.start..<span.end]))
    }

    // MARK: Responses

    /// A Rasa response's texts as Frontline variants, reporting what does not carry over.
    private mutating func variants(of name: String) -> [String]? {
        if let known = converted[name] { return known }
        let texts = convert(name)
        converted[name] = texts
        return texts
    }

    private mutating func convert(_ name: String) -> [String]? {
        guard let response = domain.responses.first(where: { $0.name == name }) else { return nil }
        var kept: [RasaDomainReader.Variant] = []
        let unconditioned = response.variants.filter { $0.conditions.isEmpty && $0.channel == nil && $0.text != nil }
        for variant in response.variants {
            let line = variant.line ?? response.line
            if !variant.buttons.isEmpty {
                assistant.report.add(.notCarried, "buttons", file: response.file, line: line,
                                     "\(name): buttons \(variant.buttons.map { "\"\($0)\"" }.joined(separator: ", ")) (the customer types the answer instead)")
            }
            if let image = variant.image {
                assistant.report.add(.notCarried, "image", file: response.file, line: line, "\(name): image \(image)")
            }
            if variant.custom {
                assistant.report.add(.notCarried, "custom payload", file: response.file, line: line, "\(name): custom/attachment payload")
            }
            for other in variant.other {
                assistant.report.add(.notCarried, "response field", file: response.file, line: line, "\(name): '\(other)'")
            }
            guard variant.text != nil else { continue }
            if let channel = variant.channel {
                if unconditioned.isEmpty {
                    kept.append(variant)
                    assistant.report.add(.adapted, "channel variant", file: response.file, line: line,
                                         "\(name): variant for channel '\(channel)' sent on every channel")
                } else {
                    assistant.report.add(.notCarried, "channel variant", file: response.file, line: line,
                                         "\(name): variant for channel '\(channel)' (Frontline sends the same texts on every channel)")
                }
                continue
            }
            if !variant.conditions.isEmpty {
                // "slot X is set" with {X} in the text is exactly how Frontline picks variants.
                let maps = variant.conditions.allSatisfy { condition in
                    !["null", "false", "none", ""].contains(condition.value.lowercased()) && (variant.text ?? "").contains("{\(condition.name)}")
                }
                if maps {
                    kept.append(variant)
                } else if unconditioned.isEmpty {
                    kept.append(variant)
                    assistant.report.add(.adapted, "condition", file: response.file, line: line,
                                         "\(name): condition \(variant.conditions.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")) ignored (no unconditional variant)")
                } else {
                    assistant.report.add(.notCarried, "condition", file: response.file, line: line,
                                         "\(name): variant for \(variant.conditions.map { "\($0.name)=\($0.value)" }.joined(separator: ", ")) (Frontline picks variants by the slots they mention)")
                }
                continue
            }
            kept.append(variant)
        }
        var texts: [String] = []
        for variant in kept {
            let converted = ImportNames.placeholders(in: (variant.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) { placeholder in
                guard ResponseTemplate.isPlaceholderName(placeholder) else { return nil }
                if let slot = renamed[placeholder], assistant.slot(slot) != nil { return slot }
                return assistant.slot(placeholder) != nil ? placeholder : nil
            }
            for unknown in converted.unknown {
                assistant.report.add(.adapted, "placeholder", file: response.file, line: variant.line ?? response.line,
                                     "\(name): {\(unknown)} is no slot, so it is sent as literal text")
            }
            if !converted.text.isEmpty, !texts.contains(converted.text) { texts.append(converted.text) }
        }
        return texts.isEmpty ? nil : texts
    }

    /// Adds a response the assistant sends; false when it has no text to send.
    private mutating func use(_ name: String) -> Bool {
        if used.contains(name) { return true }
        guard let texts = variants(of: name) else { return false }
        used.insert(name)
        assistant.setResponse(name, texts)
        return true
    }

    // MARK: Intents and forms

    private mutating func buildIntents() {
        var names: [String] = []
        for example in assistant.examples where !names.contains(example.utterance.intent) {
            names.append(example.utterance.intent)
        }
        for declared in domain.intents where !names.contains(declared.name) && !names.contains(where: { $0.hasPrefix(declared.name + "/") }) {
            assistant.report.add(.notCarried, "intent without examples", file: declared.file, line: declared.line,
                                 "intent '\(declared.name)' has no NLU examples, so no model can predict it")
        }
        for name in names {
            var intent = ImportedAssistant.Intent(name: name)
            let follows = stories.follows.filter { $0.intent == name }
            let formEnds = stories.follows.filter { $0.intent == name || $0.intent == RasaStoryReader.anyIntent }
            // The most frequent continuation wins; ties go to the first seen.
            var counts: [String: Int] = [:]
            for follow in follows { counts[follow.action, default: 0] += 1 }
            let best = follows.map(\.action).max { counts[$0, default: 0] < counts[$1, default: 0] }
            if name.contains("/"), domain.responses.contains(where: { $0.name == "utter_" + name }) {
                if addArticle(intent: name) { intent.knowledgeBase = true }
            } else if let best, domain.forms.contains(where: { $0.name == best }) {
                intent.form = buildForm(best)
                let after = formEnds.filter { $0.action == best }.compactMap(\.afterForm).first { domain.responses.map(\.name).contains($0) }
                if let after, use(after) { intent.response = after }
            } else if let best, best.hasPrefix("utter_"), use(best) {
                intent.response = best
            } else if let best, !best.hasPrefix("utter_") {
                let base = domain.actions.first { $0.name == best }
                assistant.report.add(.notCarried, "intent runs a custom action", file: base?.file ?? "", line: base?.line,
                                     "intent '\(name)' → \(best) in stories/rules")
            }
            if intent.response == nil, intent.form == nil, !intent.knowledgeBase, use("utter_" + name) {
                intent.response = "utter_" + name
            }
            if intent.response == nil, !intent.knowledgeBase {
                let declared = domain.intents.first { $0.name == name } ?? RasaDomainReader.Named(name: name, file: "", line: nil)
                assistant.report.add(.adapted, "handed to a person", file: declared.file, line: declared.line,
                                     "intent '\(name)' has no response Frontline can send: it is human_only (edit domain.yml)")
            }
            assistant.intents.append(intent)
        }
    }

    private mutating func addArticle(intent: String) -> Bool {
        let key = "utter_" + intent
        guard let texts = variants(of: key), let summary = texts.first else { return false }
        used.insert(key)
        let title = assistant.examples.first { $0.utterance.intent == intent }?.utterance.text ?? ImportNames.words(intent)
        let id = String(intent.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "-" })
        assistant.articles.append(ImportedAssistant.Article(id: id, title: title, summary: summary,
                                                            body: texts.joined(separator: "\n\n"), intent: intent))
        return true
    }

    private mutating func buildForm(_ name: String) -> String {
        if assistant.forms.contains(where: { $0.name == name }) { return name }
        guard let form = domain.forms.first(where: { $0.name == name }) else { return name }
        var steps: [ImportedAssistant.Form.Step] = []
        for rasaSlot in form.slots {
            let slot = slotName(rasaSlot, file: form.file, line: form.line)
            assistant.addSlotIfMissing(slot)
            var ask: [String] = []
            for key in ["utter_ask_\(name)_\(rasaSlot)", "utter_ask_\(rasaSlot)"] where ask.isEmpty {
                if let texts = variants(of: key) {
                    ask = texts
                    used.insert(key)
                }
            }
            if ask.isEmpty {
                ask = [ImportNames.defaultAsk(slot)]
                assistant.report.add(.adapted, "generated question", file: form.file, line: form.line,
                                     "form '\(name)' asks for '\(slot)' with \"\(ask[0])\" (no utter_ask_\(rasaSlot) response)")
            }
            var invalid: [String] = []
            if let s = assistant.slot(slot), s.entity != nil || s.pattern != nil || !s.values.isEmpty {
                invalid = [ImportNames.defaultInvalid(slot)]
                assistant.report.add(.adapted, "generated re-ask", file: form.file, line: form.line,
                                     "form '\(name)' re-asks for '\(slot)' with \"\(invalid[0])\" (validation was a custom action in Rasa)")
            }
            steps.append(.init(slot: slot, ask: ask, invalid: invalid))
        }
        assistant.forms.append(ImportedAssistant.Form(name: name, steps: steps))
        return name
    }

    private mutating func buildRephrase() {
        let fallback = stories.follows.first { $0.intent == "nlu_fallback" }?.action
        for key in [fallback, "utter_default", "utter_please_rephrase", "utter_fallback"].compactMap({ $0 }) {
            if let texts = variants(of: key) {
                assistant.rephrase = texts
                used.insert(key)
                return
            }
        }
    }

    /// Responses and forms nothing in Frontline sends, and custom actions.
    private mutating func reportLeftovers() {
        let forms = Set(domain.forms.map(\.name))
        for response in domain.responses where !used.contains(response.name) {
            assistant.report.add(.notCarried, "response only sent by stories or actions", file: response.file, line: response.line,
                                 "\(response.name): no intent answers with it directly")
        }
        for form in domain.forms where !assistant.forms.contains(where: { $0.name == form.name }) {
            assistant.report.add(.notCarried, "form not started by an intent", file: form.file, line: form.line,
                                 "form '\(form.name)' (\(form.slots.joined(separator: ", "))): no rule or story starts it right after an intent")
        }
        for action in domain.actions where !action.name.hasPrefix("utter_") && !forms.contains(action.name) {
            assistant.report.add(.notCarried, "custom action", file: action.file, line: action.line,
                                 "\(action.name): Python code; rebuild it as an HTTP action in domain.yml")
        }
    }
}
