import Foundation
import FrontlineML

/// Reads a Dialogflow agent folder's entities and intents into an `ImportedAssistant`
/// (see `DialogflowImporter`).
struct DialogflowAssistantBuilder {
    let folder: String
    let language: String
    var assistant: ImportedAssistant

    /// Custom entity (`@name`) → what a slot of that entity gets.
    private var entities: [String: ImportedAssistant.Slot] = [:]
    /// Slot → the Dialogflow entity it was first declared with, for conflicts.
    private var slotEntity: [String: String] = [:]
    private var fallbackTexts: [String] = []
    private var reportedEntities: Set<String> = []

    init(folder: String, language: String, assistant: ImportedAssistant) {
        self.folder = folder
        self.language = language
        self.assistant = assistant
    }

    // MARK: Entities

    mutating func readEntities() throws {
        let dir = FileAccess.join(folder, "entities")
        guard FileAccess.kind(of: dir) == .directory else { return }
        for name in try FileAccess.visibleEntries(of: dir) where name.hasSuffix(".json") && !name.contains("_entries_") {
            let file = FileAccess.join(dir, name)
            let definition = try DialogflowJSON.object(file)
            let entity = (definition["name"] as? String) ?? String(name.dropLast(5))
            let entriesFile = FileAccess.join(dir, "\(name.dropLast(5))_entries_\(language).json")
            guard FileAccess.kind(of: entriesFile) == .file else {
                assistant.report.add(.notCarried, "entity without entries", file: file, line: nil,
                                     "entity '@\(entity)' has no entries in language \(language)")
                continue
            }
            guard let entries = try DialogflowJSON.value(entriesFile) as? [[String: Any]] else {
                throw DataError(file: entriesFile, message: "expected a JSON list of {\"value\", \"synonyms\"} entries")
            }
            var slot = ImportedAssistant.Slot(name: "")
            if (definition["isRegexp"] as? Bool) == true {
                let patterns = entries.compactMap { $0["value"] as? String }
                let combined = patterns.count == 1 ? patterns[0] : patterns.map { "(?:\($0))" }.joined(separator: "|")
                if let regex = try? NSRegularExpression(pattern: combined),
                   regex.firstMatch(in: "", range: NSRange(location: 0, length: 0)) == nil {
                    slot.pattern = combined
                } else {
                    assistant.report.add(.notCarried, "regexp entity", file: entriesFile, line: nil,
                                         "'@\(entity)': the patterns don't compile as ICU or match empty text: \(combined)")
                }
            } else {
                for (index, entry) in entries.enumerated() {
                    guard let value = entry["value"] as? String, !value.isEmpty else { continue }
                    if value.contains("@") && value.contains(":") {
                        assistant.report.add(.notCarried, "composite entity value", file: entriesFile,
                                             line: DialogflowJSON.line(of: "\"value\"", in: entriesFile, occurrence: index),
                                             "'@\(entity)' value \"\(value)\" is made of other entities")
                        continue
                    }
                    let synonyms = ((entry["synonyms"] as? [String]) ?? []).filter { $0 != value && !$0.isEmpty }
                    slot.values.append(SlotValue(canonical: value, synonyms: synonyms))
                }
                if (definition["automatedExpansion"] as? Bool) == true {
                    assistant.report.add(.notCarried, "automated expansion", file: file, line: DialogflowJSON.line(of: "\"automatedExpansion\"", in: file),
                                         "'@\(entity)' accepts values beyond its entries: Frontline's tagger still learns new ones from annotations, forms accept only listed ones")
                }
                if (definition["allowFuzzyExtraction"] as? Bool) == true {
                    assistant.report.add(.adapted, "fuzzy matching", file: file, line: DialogflowJSON.line(of: "\"allowFuzzyExtraction\"", in: file),
                                         "'@\(entity)': Frontline matches values with one typo allowed")
                }
            }
            entities["@" + entity] = slot
        }
    }

    // MARK: Intents

    mutating func readIntents() throws {
        let dir = FileAccess.join(folder, "intents")
        guard FileAccess.kind(of: dir) == .directory else {
            throw DataError(file: folder, message: "no intents/ folder: expected a Dialogflow ES export")
        }
        var sourceExamples = 0, sourceSpans = 0
        for name in try FileAccess.visibleEntries(of: dir) where name.hasSuffix(".json") && !name.contains("_usersays_") {
            let file = FileAccess.join(dir, name)
            let intent = try DialogflowJSON.object(file)
            let sourceName = (intent["name"] as? String) ?? String(name.dropLast(5))
            let isFallback = (intent["fallbackIntent"] as? Bool) == true
            let intentName = isFallback ? OutOfScope.defaultLabel : ImportNames.intent(sourceName)
            if isFallback {
                assistant.report.add(.adapted, "fallback intent", file: file, line: DialogflowJSON.line(of: "\"fallbackIntent\"", in: file),
                                     "'\(sourceName)' is Frontline's out-of-scope intent 'oos'; its responses ask to rephrase")
            } else if intentName != sourceName {
                assistant.report.add(.adapted, "intent renamed", file: file, line: DialogflowJSON.line(of: "\"name\"", in: file),
                                     "'\(sourceName)' is '\(intentName)' (no spaces in Frontline intent names)")
            }
            reportIntentExtras(intent, name: sourceName, file: file)

            // Examples.
            let says = FileAccess.join(dir, "\(name.dropLast(5))_usersays_\(language).json")
            var count = 0
            let group = "nlu/" + String(name.dropLast(5).map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }) + ".yml"
            if FileAccess.kind(of: says) == .file {
                guard let items = try DialogflowJSON.value(says) as? [[String: Any]] else {
                    throw DataError(file: says, message: "expected a JSON list of examples with \"data\" parts")
                }
                let text = (try? FileAccess.readText(says)) ?? ""
                for (index, item) in items.enumerated() {
                    sourceExamples += 1
                    let line = DialogflowJSON.line(of: "\"data\"", inText: text, occurrence: index)
                    let parts = (item["data"] as? [[String: Any]]) ?? []
                    let annotated = parts.filter { !(($0["alias"] as? String) ?? "").isEmpty }.count
                    sourceSpans += annotated
                    if let example = example(parts, intent: intentName, isTemplate: (item["isTemplate"] as? Bool) == true, file: says, line: line) {
                        assistant.examples.append(ImportedAssistant.Example(utterance: example, file: says, line: line,
                                                                            group: group))
                        count += 1
                    } else {
                        assistant.report.skippedSpans += annotated
                    }
                }
            }

            // Parameters, messages.
            let response = ((intent["responses"] as? [[String: Any]]) ?? []).first ?? [:]
            let parameters = (response["parameters"] as? [[String: Any]]) ?? []
            for parameter in parameters {
                guard let param = parameter["name"] as? String, let dataType = parameter["dataType"] as? String else { continue }
                declareSlot(ImportNames.slot(param), entity: dataType, file: file,
                            line: DialogflowJSON.line(of: "\"\(param)\"", in: file))
            }
            let texts = messages(response, intent: sourceName, file: file)
            if isFallback {
                fallbackTexts += texts
                if count == 0 { continue }
            }
            guard count > 0 else {
                assistant.report.add(.notCarried, "intent without examples", file: file, line: nil,
                                     "intent '\(sourceName)' has no training phrases in \(language) (only events or contexts start it)")
                continue
            }
            var imported = ImportedAssistant.Intent(name: intentName)
            let required = parameters.filter { ($0["required"] as? Bool) == true }
            if !required.isEmpty {
                imported.form = buildForm(intentName, required, file: file)
            }
            if !texts.isEmpty {
                let responseName = "\(ImportNames.slot(intentName))_reply"
                assistant.setResponse(responseName, texts)
                imported.response = responseName
            } else {
                assistant.report.add(.adapted, "handed to a person", file: file, line: nil,
                                     "intent '\(sourceName)' has no text response in \(language): it is human_only (edit domain.yml)")
            }
            if assistant.intent(intentName) == nil { assistant.intents.append(imported) }
        }
        assistant.report.sourceCounts = ImportReport.Counts(examples: sourceExamples, spans: sourceSpans)
    }

    /// One example from its parts, or nil (reported) when it can't be used.
    private mutating func example(_ parts: [[String: Any]], intent: String, isTemplate: Bool, file: String, line: Int?) -> Utterance? {
        if isTemplate {
            assistant.report.add(.warning, ImportReport.skippedExample, file: file, line: line,
                                 "template-mode example of '\(intent)' (@entity:alias placeholders, no real text): expected an example phrase")
            return nil
        }
        var text = ""
        var spans: [SlotSpan] = []
        for part in parts {
            guard let piece = part["text"] as? String else {
                assistant.report.add(.warning, ImportReport.skippedExample, file: file, line: line,
                                     "a part without \"text\" in an example of '\(intent)': expected {\"text\": …}")
                return nil
            }
            let start = text.unicodeScalars.count
            text += piece
            guard let alias = part["alias"] as? String, !alias.isEmpty else { continue }
            guard let meta = part["meta"] as? String, meta.hasPrefix("@") else {
                assistant.report.add(.warning, ImportReport.skippedExample, file: file, line: line,
                                     "annotated part \"\(piece)\" of '\(intent)' has alias '\(alias)' but no \"meta\": expected \"@entity\"")
                return nil
            }
            // A span is the part's text without surrounding spaces, as an annotation would be written.
            let leading = piece.unicodeScalars.prefix { $0.properties.isWhitespace }.count
            let trailing = piece.unicodeScalars.reversed().prefix { $0.properties.isWhitespace }.count
            let length = piece.unicodeScalars.count
            guard length - leading - trailing > 0 else {
                assistant.report.add(.warning, ImportReport.skippedExample, file: file, line: line,
                                     "annotated part of '\(intent)' (alias '\(alias)') is blank: expected text to annotate")
                return nil
            }
            let slot = ImportNames.slot(alias)
            declareSlot(slot, entity: meta, file: file, line: line)
            spans.append(SlotSpan(slot: slot, start: start + leading, end: start + length - trailing))
        }
        // Examples are one line in Frontline; offsets stay valid as each break becomes one space.
        let oneLine = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
        guard !oneLine.trimmingCharacters(in: .whitespaces).isEmpty else {
            assistant.report.add(.warning, ImportReport.skippedExample, file: file, line: line, "empty example of '\(intent)': expected text")
            return nil
        }
        // Leading spaces would shift offsets when the line is written and read back.
        let lead = oneLine.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
        let trimmedText = String(String.UnicodeScalarView(oneLine.unicodeScalars.dropFirst(lead)))
            .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        let shifted = spans.map { SlotSpan(slot: $0.slot, start: $0.start - lead, end: $0.end - lead, value: $0.value) }
        return Utterance(text: trimmedText, intent: intent, slots: shifted)
    }

    /// A slot for a parameter or annotation, from its entity: built-in, custom values or free text.
    private mutating func declareSlot(_ slot: String, entity: String, file: String, line: Int?) {
        if let first = slotEntity[slot] {
            if first != entity, reportedEntities.insert("conflict:\(slot):\(entity)").inserted {
                assistant.report.add(.adapted, "slot with several entities", file: file, line: line,
                                     "'\(slot)' is \(first) elsewhere and \(entity) here: Frontline keeps \(first)")
            }
            return
        }
        slotEntity[slot] = entity
        var definition = ImportedAssistant.Slot(name: slot)
        if entity.hasPrefix("@sys.") {
            if let kind = DialogflowSystemEntities.builtin[entity] {
                definition.entity = kind
                if DialogflowSystemEntities.approximate.contains(entity) {
                    assistant.report.add(.adapted, "system entity", file: file, line: line, "\(entity) → Frontline's \(kind) (closest built-in)")
                }
            } else if !DialogflowSystemEntities.freeText.contains(entity), reportedEntities.insert(entity).inserted {
                assistant.report.add(.notCarried, "system entity without equivalent", file: file, line: line,
                                     "\(entity): no Frontline built-in; '\(slot)' is learned from annotations only")
            }
        } else if let custom = entities[entity] {
            definition.values = custom.values
            definition.pattern = custom.pattern
        } else if reportedEntities.insert(entity).inserted {
            assistant.report.add(.notCarried, "unknown entity", file: file, line: line, "\(entity) is not among entities/: '\(slot)' is free text")
        }
        if let index = assistant.slots.firstIndex(where: { $0.name == slot }) {
            assistant.slots[index] = definition
        } else {
            assistant.slots.append(definition)
        }
    }

    /// Text responses in the chosen language; everything else is reported.
    private mutating func messages(_ response: [String: Any], intent: String, file: String) -> [String] {
        var blocks: [[String]] = []
        for (index, message) in ((response["messages"] as? [[String: Any]]) ?? []).enumerated() {
            let type = "\(message["type"] ?? "0")"
            let lang = message["lang"] as? String
            let platform = (message["platform"] as? String) ?? ""
            guard lang == nil || lang == language else { continue }
            let line = DialogflowJSON.line(of: "\"type\"", in: file, occurrence: index)
            guard type == "0" || type == "message", platform.isEmpty || platform == "PLATFORM_UNSPECIFIED" else {
                let what = ["1": "card", "2": "quick replies", "3": "image", "4": "custom payload"][type] ?? "message type \(type)"
                assistant.report.add(.notCarried, "rich message", file: file, line: line,
                                     "'\(intent)': \(what)\(platform.isEmpty ? "" : " for \(platform)")")
                continue
            }
            let speech: [String]
            if let list = message["speech"] as? [String] { speech = list } else if let one = message["speech"] as? String { speech = [one] } else { speech = [] }
            let converted = speech.compactMap { convertText($0, intent: intent, file: file, line: line) }.filter { !$0.isEmpty }
            if !converted.isEmpty { blocks.append(converted) }
        }
        guard var variants = blocks.first else { return [] }
        if blocks.count > 1 {
            // Several text messages are sent one after the other: one Frontline text holds them all.
            let rest = blocks.dropFirst().map { $0[0] }.joined(separator: "\n")
            variants = variants.map { $0 + "\n" + rest }
            assistant.report.add(.adapted, "several text messages", file: file, line: nil,
                                 "'\(intent)': \(blocks.count) text messages joined into one reply")
        }
        var unique: [String] = []
        for variant in variants where !unique.contains(variant) { unique.append(variant) }
        return unique
    }

    /// `$param` → `{slot}`; braces escaped; `#context.param` kept as text (reported).
    private mutating func convertText(_ text: String, intent: String, file: String, line: Int?) -> String? {
        var out = ""
        var scalars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)[...]
        func isName(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-" }
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            switch first {
            case "{": out += "{{"
            case "}": out += "}}"
            case "$" where scalars.first.map(isName) == true:
                var name = String(String.UnicodeScalarView(scalars.prefix(while: isName)))
                scalars = scalars.dropFirst(name.unicodeScalars.count)
                if name.hasSuffix("-") { name.removeLast(); scalars = ["-"] + scalars }
                var original = false
                if scalars.starts(with: ".original".unicodeScalars) {
                    scalars = scalars.dropFirst(9)
                    original = true
                }
                let slot = ImportNames.slot(name)
                if assistant.slot(slot) != nil {
                    out += "{\(slot)}"
                    if original {
                        assistant.report.add(.adapted, "parameter reference", file: file, line: line,
                                             "'\(intent)': $\(name).original sends the slot's value")
                    }
                } else {
                    out += "$" + name
                    assistant.report.add(.notCarried, "parameter reference", file: file, line: line,
                                         "'\(intent)': $\(name) is no parameter of the intent: kept as text")
                }
            case "#" where scalars.first.map(isName) == true:
                let name = String(String.UnicodeScalarView(scalars.prefix { isName($0) || $0 == "." }))
                scalars = scalars.dropFirst(name.unicodeScalars.count)
                out += "#" + name
                assistant.report.add(.notCarried, "context reference", file: file, line: line,
                                     "'\(intent)': #\(name) reads a context: kept as text")
            default: out.unicodeScalars.append(first)
            }
        }
        return out
    }

    private mutating func buildForm(_ intent: String, _ required: [[String: Any]], file: String) -> String {
        let name = ImportNames.slot(intent) + "_form"
        var steps: [ImportedAssistant.Form.Step] = []
        for parameter in required {
            guard let param = parameter["name"] as? String else { continue }
            let slot = ImportNames.slot(param)
            let line = DialogflowJSON.line(of: "\"\(param)\"", in: file)
            var ask = ((parameter["prompts"] as? [[String: Any]]) ?? []).filter { ($0["lang"] as? String ?? language) == language }
                .compactMap { ($0["value"] as? String).flatMap { convertText($0, intent: intent, file: file, line: line) } }
                .filter { !$0.isEmpty }
            if ask.isEmpty {
                ask = [ImportNames.defaultAsk(slot)]
                assistant.report.add(.adapted, "generated question", file: file, line: line,
                                     "'\(intent)' asks for '\(slot)' with \"\(ask[0])\" (no prompt in \(language))")
            }
            var invalid: [String] = []
            if let s = assistant.slot(slot), s.entity != nil || s.pattern != nil || !s.values.isEmpty {
                invalid = [ImportNames.defaultInvalid(slot)]
                assistant.report.add(.adapted, "generated re-ask", file: file, line: line,
                                     "'\(intent)' re-asks for '\(slot)' with \"\(invalid[0])\"")
            }
            steps.append(.init(slot: slot, ask: Array(NSOrderedSet(array: ask)) as? [String] ?? ask, invalid: invalid))
        }
        assistant.forms.append(ImportedAssistant.Form(name: name, steps: steps))
        return name
    }

    private mutating func reportIntentExtras(_ intent: [String: Any], name: String, file: String) {
        func at(_ key: String) -> Int? { DialogflowJSON.line(of: "\"\(key)\"", in: file) }
        if let contexts = intent["contexts"] as? [String], !contexts.isEmpty {
            assistant.report.add(.notCarried, "input contexts", file: file, line: at("contexts"),
                                 "'\(name)' only matches in contexts \(contexts.joined(separator: ", ")): Frontline matches it anywhere")
        }
        let response = ((intent["responses"] as? [[String: Any]]) ?? []).first ?? [:]
        if let affected = response["affectedContexts"] as? [[String: Any]], !affected.isEmpty {
            assistant.report.add(.notCarried, "output contexts", file: file, line: at("affectedContexts"),
                                 "'\(name)' sets contexts \(affected.compactMap { $0["name"] as? String }.joined(separator: ", "))")
        }
        if let events = intent["events"] as? [[String: Any]], !events.isEmpty {
            assistant.report.add(.notCarried, "events", file: file, line: at("events"),
                                 "'\(name)' is triggered by events \(events.compactMap { $0["name"] as? String }.joined(separator: ", "))")
        }
        if (intent["webhookUsed"] as? Bool) == true || (intent["webhookForSlotFilling"] as? Bool) == true {
            assistant.report.add(.notCarried, "fulfillment", file: file, line: at("webhookUsed"),
                                 "'\(name)' calls the webhook\((response["action"] as? String).map { " (action \($0))" } ?? ""): rebuild it as an HTTP action")
        }
        if intent["parentId"] != nil {
            assistant.report.add(.notCarried, "follow-up intent", file: file, line: at("parentId"),
                                 "'\(name)' is a follow-up intent: Frontline treats it as a top-level intent")
        }
        if let conditional = intent["conditionalResponses"] as? [Any], !conditional.isEmpty {
            assistant.report.add(.notCarried, "conditional responses", file: file, line: at("conditionalResponses"), "'\(name)'")
        }
        for parameter in (response["parameters"] as? [[String: Any]]) ?? [] where (parameter["isList"] as? Bool) == true {
            assistant.report.add(.notCarried, "list parameter", file: file, line: at(parameter["name"] as? String ?? ""),
                                 "'\(name)': parameter '\(parameter["name"] as? String ?? "")' collects a list; Frontline slots hold one value")
        }
    }

    mutating func finish() {
        assistant.rephrase = fallbackTexts
        assistant.completeSlotValues()
        assistant.countImported()
    }
}
