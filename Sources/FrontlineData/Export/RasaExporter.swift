import Foundation
import FrontlineML

/// Writes Frontline data as a Rasa 3.x project, so nobody is locked in:
///
///     domain.yml        intents, entities, slots (from_entity), responses, forms, session_config
///     data/nlu.yml      intents with `[text](slot)` / `[text]{"entity": …, "value": …}` examples,
///                       lookup tables (slot values), synonyms, regexes (slot patterns)
///     data/rules.yml    intent → response, intent → form → response, FAQ groups → utter_<group>
///     config.yml        only when slots use built-in entities (Duckling dimensions)
///
/// Knowledge-base intents become retrieval responses (`utter_<intent>`) made of their
/// article's summary and body. `RasaImporter` reads the result back to the same data.
public enum RasaExporter {
    /// What was written, and what Rasa has no place for.
    public struct Summary: Sendable {
        public var files: [String] = []
        public var examples = 0
        public var spans = 0
        public var notes: [String] = []
    }

    /// Frontline built-in entity → Duckling dimension.
    static let ducklingDimensions = ["number": "number", "email": "email", "money": "amount-of-money", "phone": "phone-number",
                                     "url": "url", "date": "time", "time": "time"]

    public static func export(data: String, to folder: String) throws -> Summary {
        let dataset = try DatasetLoader.load(path: data)
        let hasDomain = FileAccess.kind(of: data) == .directory
            && DomainLoader.fileNames.contains { FileAccess.kind(of: FileAccess.join(data, $0)) == .file }
        let domain = hasDomain ? try DomainLoader.load(path: data) : nil
        return try export(dataset: dataset, domain: domain, to: folder)
    }

    public static func export(dataset: Dataset, domain: Domain?, to folder: String) throws -> Summary {
        var summary = Summary()
        let utterances = dataset.splitNames.flatMap { dataset.split(named: $0) ?? [] }
        do {
            try FileManager.default.createDirectory(atPath: FileAccess.join(folder, "data"), withIntermediateDirectories: true)
        } catch {
            throw DataError(file: folder, message: "cannot create the Rasa project folder: \(error.localizedDescription)")
        }
        var intents: [String] = []
        for utterance in utterances where !intents.contains(utterance.intent) { intents.append(utterance.intent) }
        let slotNames = orderedSlots(utterances: utterances, domain: domain)

        try AssistantFolderWriter.save(nluYAML(utterances, intents: intents, domain: domain, summary: &summary),
                                       to: FileAccess.join(folder, "data/nlu.yml"))
        summary.files.append("data/nlu.yml")
        if let domain {
            try AssistantFolderWriter.save(domainYAML(domain, intents: intents, slots: slotNames, summary: &summary),
                                           to: FileAccess.join(folder, "domain.yml"))
            try AssistantFolderWriter.save(rulesYAML(domain, intents: intents), to: FileAccess.join(folder, "data/rules.yml"))
            summary.files += ["domain.yml", "data/rules.yml"]
            let dimensions = Set(domain.slots.compactMap { $0.definition.entity.flatMap { ducklingDimensions[$0] } }).sorted()
            if !dimensions.isEmpty {
                try AssistantFolderWriter.save(configYAML(dimensions), to: FileAccess.join(folder, "config.yml"))
                summary.files.append("config.yml")
            }
        } else {
            let lines = intents.map { "  - \(YAMLWriting.quoted($0))" } + ["entities:"] + slotNames.map { "  - \(YAMLWriting.quoted($0))" }
            try AssistantFolderWriter.save("version: \"3.1\"\nintents:\n" + lines.joined(separator: "\n") + "\n",
                                           to: FileAccess.join(folder, "domain.yml"))
            summary.files.append("domain.yml")
        }
        return summary
    }

    static func orderedSlots(utterances: [Utterance], domain: Domain?) -> [String] {
        var names = domain?.slots.map(\.name) ?? []
        for utterance in utterances {
            for span in utterance.slots where !names.contains(span.slot) { names.append(span.slot) }
        }
        return names
    }

    /// Rasa 3 responses are named `utter_…`; Frontline's keep their name when they already are.
    static func responseName(_ name: String) -> String { name.hasPrefix("utter_") ? name : "utter_" + name }

    static func nluYAML(_ utterances: [Utterance], intents: [String], domain: Domain?, summary: inout Summary) -> String {
        let q = YAMLWriting.quoted
        var out = "version: \"3.1\"\nnlu:\n"
        for intent in intents {
            out += "  - intent: \(q(intent))\n    examples: |\n"
            for utterance in utterances where utterance.intent == intent {
                out += "      - \(annotated(utterance))\n"
                summary.examples += 1
                summary.spans += utterance.slots.count
            }
        }
        for slot in domain?.slots ?? [] {
            let definition = slot.definition
            if !definition.values.isEmpty {
                out += "  - lookup: \(q(slot.name))\n    examples: |\n"
                for value in definition.values { out += "      - \(oneLine(value.canonical))\n" }
                for value in definition.values where !value.synonyms.isEmpty {
                    out += "  - synonym: \(q(value.canonical))\n    examples: |\n"
                    for synonym in value.synonyms { out += "      - \(oneLine(synonym))\n" }
                }
            }
            if let pattern = definition.pattern {
                out += "  - regex: \(q(slot.name))\n    examples: |\n      - \(oneLine(pattern))\n"
                if definition.patternIgnoresCase || slot.canonical != nil {
                    summary.notes.append("slot '\(slot.name)': Rasa regexes have no ignore_case or canonical template")
                }
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    /// `[raw](slot)`, or the JSON form when a value is given (Rasa 3's recommended syntax).
    static func annotated(_ utterance: Utterance) -> String {
        let scalars = Array(utterance.text.unicodeScalars)
        var out = ""
        var cursor = 0
        func text(_ range: Range<Int>) -> String { oneLine(String(String.UnicodeScalarView(scalars[range]))) }
        for span in utterance.slots.sorted(by: { $0.start < $1.start })
        where span.start >= cursor && span.end <= scalars.count && span.start < span.end {
            out += text(cursor..<span.start)
            if let value = span.value {
                let json = try? JSONSerialization.data(withJSONObject: ["entity": span.slot, "value": value], options: [.sortedKeys])
                out += "[\(text(span.start..<span.end))]" + String(decoding: json ?? Data(), as: UTF8.self)
            } else {
                out += "[\(text(span.start..<span.end))](\(span.slot))"
            }
            cursor = span.end
        }
        return out + text(cursor..<scalars.count)
    }

    static func domainYAML(_ domain: Domain, intents: [String], slots: [String], summary: inout Summary) -> String {
        let q = YAMLWriting.quoted
        var out = "version: \"3.1\"\n\nintents:\n"
        // Retrieval intents are declared by their group ("faq"), as Rasa expects.
        var declared: [String] = []
        for intent in intents {
            let name = intent.split(separator: "/").first.map(String.init) ?? intent
            if !declared.contains(name) { declared.append(name) }
        }
        out += declared.map { "  - \(q($0))\n" }.joined()
        out += "\nentities:\n" + slots.map { "  - \(q($0))\n" }.joined()
        out += "\nslots:\n"
        for name in slots {
            let slot = domain.slot(name)
            let type = slot?.definition.entity == "number" ? "float" : "text"
            out += "  \(q(name)):\n    type: \(type)\n    influence_conversation: false\n"
            out += "    mappings:\n      - type: from_entity\n        entity: \(q(name))\n"
        }
        out += "\nresponses:\n"
        var written: Set<String> = []
        func response(_ name: String, _ texts: [String]) {
            guard written.insert(name).inserted, !texts.isEmpty else { return }
            // Frontline's literal braces ({{, }}) are plain braces in Rasa.
            let rasaTexts = texts.map { $0.replacingOccurrences(of: "{{", with: "{").replacingOccurrences(of: "}}", with: "}") }
            out += "  \(q(name)):\n" + rasaTexts.map { "    - text: \(q($0))\n" }.joined()
        }
        for intent in domain.intents {
            if intent.usesKnowledgeBase, let article = domain.articles(for: intent.name).first {
                let parts = article.body.components(separatedBy: "\n\n")
                response("utter_" + intent.name, parts.first == article.summary ? parts : [article.summary])
                if domain.articles(for: intent.name).count > 1 {
                    summary.notes.append("intent '\(intent.name)': \(domain.articles(for: intent.name).count) articles; Rasa gets the first")
                }
            } else if let name = intent.response, let texts = domain.response(name)?.variants {
                response(responseName(name), texts)
            }
            if intent.humanOnly { summary.notes.append("intent '\(intent.name)' hands off to a person: Rasa has no handoff") }
            if intent.action != nil { summary.notes.append("intent '\(intent.name)' runs HTTP action '\(intent.action ?? "")': write a custom action") }
        }
        if let rephrase = domain.response(domain.escalation.rephrase) { response("utter_default", rephrase.variants) }
        for form in domain.forms {
            for step in form.steps {
                for target in step.targets { response("utter_ask_\(form.name)_\(target.slot)", step.ask) }
                if step.targets.count > 1 { summary.notes.append("form '\(form.name)': a one_of step is asked for each slot in Rasa") }
            }
        }
        let used = Set(domain.forms.map(\.name))
        if !domain.forms.isEmpty {
            out += "\nforms:\n"
            for form in domain.forms where used.contains(form.name) {
                out += "  \(q(form.name)):\n    required_slots:\n" + form.steps.flatMap(\.targets).map { "      - \(q($0.slot))\n" }.joined()
            }
        }
        out += "\nsession_config:\n  session_expiration_time: 60\n  carry_over_slots_to_new_session: true\n"
        return out
    }

    static func rulesYAML(_ domain: Domain, intents: [String]) -> String {
        let q = YAMLWriting.quoted
        var out = "version: \"3.1\"\nrules:\n"
        var groups: [String] = []
        for intent in domain.intents where intents.contains(intent.name) {
            if intent.usesKnowledgeBase, intent.name.contains("/") {
                let group = String(intent.name.split(separator: "/")[0])
                if !groups.contains(group) { groups.append(group) }
                continue
            }
            let response = intent.usesKnowledgeBase ? "utter_" + intent.name : intent.response.map(responseName)
            if let form = intent.form {
                out += "  - rule: \(q("start \(form) on \(intent.name)"))\n    steps:\n      - intent: \(q(intent.name))\n"
                out += "      - action: \(q(form))\n      - active_loop: \(q(form))\n"
                if let response {
                    out += "  - rule: \(q("submit \(form) on \(intent.name)"))\n    condition:\n      - active_loop: \(q(form))\n"
                    out += "    steps:\n      - action: \(q(form))\n      - active_loop: null\n      - action: \(q(response))\n"
                }
            } else if let response {
                out += "  - rule: \(q(intent.name))\n    steps:\n      - intent: \(q(intent.name))\n      - action: \(q(response))\n"
            }
        }
        for group in groups {
            out += "  - rule: \(q(group))\n    steps:\n      - intent: \(q(group))\n      - action: \(q("utter_" + group))\n"
        }
        out += "  - rule: fallback\n    steps:\n      - intent: nlu_fallback\n      - action: utter_default\n"
        return out
    }

    static func configYAML(_ dimensions: [String]) -> String {
        """
        # Written by `frontline export rasa`: the slots use built-in entities, which Rasa gets from Duckling.
        recipe: default.v1
        language: en
        pipeline:
          - name: WhitespaceTokenizer
          - name: RegexFeaturizer
          - name: CountVectorsFeaturizer
          - name: DIETClassifier
            epochs: 100
          - name: EntitySynonymMapper
          - name: ResponseSelector
            epochs: 100
          - name: DucklingEntityExtractor
            url: http://localhost:8000
            dimensions: \(YAMLWriting.flowList(dimensions))
          - name: FallbackClassifier
            threshold: 0.3
        policies:
          - name: RulePolicy

        """
    }
}
