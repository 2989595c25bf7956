import Foundation
import FrontlineML

/// Writes an `ImportedAssistant` as a Frontline assistant folder that `train`, `evaluate` and
/// `chat` take as it is: `domain.yml`, `nlu/*.yml`, `kb/*.md` and `import-report.md`.
///
/// Frontline's domain asks for things other frameworks leave implicit (a handoff message, a
/// rephrase message, an answer for every intent); the writer supplies plain defaults for
/// them, and the report says so.
public enum AssistantFolderWriter {
    public static let reportFile = "import-report.md"
    static let acknowledgement = "handoff_acknowledgement"
    static let rephrase = "ask_rephrase"
    static let formCancelled = "form_cancelled"
    static let kbAnswer = "kb_answer"
    static let kbNoMatch = "kb_no_match"

    /// Writes the folder (creating it; files of the same names are replaced) and returns the
    /// report as written, including the defaults the writer added.
    @discardableResult
    public static func write(_ imported: ImportedAssistant, to folder: String) throws -> ImportReport {
        var assistant = imported
        addDefaults(&assistant)
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: FileAccess.join(folder, "nlu"), withIntermediateDirectories: true)
            if !assistant.articles.isEmpty {
                try manager.createDirectory(atPath: FileAccess.join(folder, "kb"), withIntermediateDirectories: true)
            }
        } catch {
            throw DataError(file: folder, message: "cannot create the assistant folder: \(error.localizedDescription)")
        }
        try save(domainYAML(assistant), to: FileAccess.join(folder, "domain.yml"))
        for (group, text) in nluFiles(assistant) {
            let path = FileAccess.join(folder, group)
            try? manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try save(text, to: path)
        }
        for article in assistant.articles {
            try save(articleMarkdown(article), to: FileAccess.join(folder, "kb/\(article.id).md"))
        }
        try save(assistant.report.markdown(), to: FileAccess.join(folder, reportFile))
        return assistant.report
    }

    static func save(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw DataError(file: path, message: "cannot write file: \(error.localizedDescription)")
        }
    }

    /// The responses and settings Frontline needs that the source did not have.
    static func addDefaults(_ assistant: inout ImportedAssistant) {
        func generate(_ name: String, _ text: String, _ why: String) {
            assistant.setResponse(name, [text])
            assistant.report.add(.adapted, "generated response", file: "domain.yml", line: nil, "\(name): \"\(text)\" (\(why))")
        }
        generate(acknowledgement, "I'm passing you to a member of our team. The wait is about {wait_minutes} minutes.",
                 "Frontline hands off to a person; edit the text")
        if assistant.rephrase.isEmpty {
            generate(rephrase, "Sorry, I didn't understand that. Could you say it another way?", "no fallback response in the source")
        } else {
            assistant.setResponse(rephrase, assistant.rephrase)
        }
        if !assistant.forms.isEmpty, assistant.intent("deny") != nil {
            generate(formCancelled, "No problem, I've stopped that. What else can I do for you?", "sent when \"deny\" cancels a form")
        }
        if assistant.intents.contains(where: \.knowledgeBase) {
            assistant.setResponse(kbAnswer, ["{article_summary}"])
            generate(kbNoMatch, "Sorry, I don't have an answer to that yet.", "sent when no article matches")
            assistant.report.add(.adapted, "article links", file: "kb/", line: nil,
                                 "articles made of FAQ responses link to https://kb.invalid/<id>: put your help-centre URLs in kb/*.md")
        }
    }

    static func domainYAML(_ assistant: ImportedAssistant) -> String {
        let q = YAMLWriting.quoted
        var out = """
            # Imported from \(assistant.report.source) (\(assistant.report.format)) by `frontline import`.
            # import-report.md lists what did not carry over. Format: TrainingData/README.md, "The domain (domain.yml)".
            version: "1"

            """
        if !assistant.slots.isEmpty {
            out += "slots:\n"
            for slot in assistant.slots {
                var lines: [String] = []
                if !slot.values.isEmpty {
                    lines.append("    values:")
                    var claimed: Set<String> = []
                    for value in slot.values where claimed.insert(value.canonical.lowercased()).inserted {
                        let synonyms = value.synonyms.filter { claimed.insert($0.lowercased()).inserted }
                        lines.append("      - \(q(value.canonical)): \(YAMLWriting.flowList(synonyms))")
                    }
                } else if let entity = slot.entity {
                    lines.append("    entity: \(entity)")
                } else if let pattern = slot.pattern {
                    lines.append("    pattern: \(q(pattern))")
                    if slot.patternIgnoresCase { lines.append("    ignore_case: true") }
                }
                if !slot.ask.isEmpty { lines.append("    ask: \(YAMLWriting.flowList(slot.ask))") }
                out += "  \(slot.name):" + (lines.isEmpty ? "\n" : "\n" + lines.joined(separator: "\n") + "\n")
            }
            out += "\n"
        }
        out += "intents:\n"
        for intent in assistant.intents {
            var fields: [String] = []
            if let form = intent.form { fields.append("form: \(q(form))") }
            if intent.knowledgeBase {
                fields.append("kb: true")
            } else if let response = intent.response {
                fields.append("response: \(q(response))")
            } else {
                fields.append("human_only: true")
            }
            out += "  \(q(intent.name)): {\(fields.joined(separator: ", "))}\n"
        }
        let usedForms = Set(assistant.intents.compactMap(\.form))
        let forms = assistant.forms.filter { usedForms.contains($0.name) }
        if !forms.isEmpty {
            out += "\nforms:\n"
            for form in forms {
                out += "  \(q(form.name)):\n    slots:\n"
                for step in form.steps {
                    out += "      - slot: \(step.slot)\n        ask: \(YAMLWriting.flowList(step.ask))\n"
                    if !step.invalid.isEmpty { out += "        invalid: \(YAMLWriting.flowList(step.invalid))\n" }
                }
                if assistant.intent("deny") != nil {
                    out += "    on_cancel: \(formCancelled)\n"
                } else {
                    out += "    cancel_intents: []\n"
                }
            }
        }
        out += """

            escalation:
              acknowledgement: \(acknowledgement)
              rephrase: \(rephrase)
              default_queue: general
              queues:
                general:
                  expected_wait_minutes: 5

            """
        if assistant.intents.contains(where: \.knowledgeBase) {
            // One article per FAQ intent: the intent already chose it, so any relevance will do.
            out += "\nkb:\n  min_score: 0\n  answer: \(kbAnswer)\n  no_match: \(kbNoMatch)\n"
        }
        out += "\nresponses:\n"
        for response in assistant.responses {
            out += "  \(q(response.name)):\n"
            for variant in response.variants { out += "    - \(q(variant))\n" }
        }
        return out
    }

    /// File path in the folder → its Frontline NLU YAML, one item per intent in each file.
    static func nluFiles(_ assistant: ImportedAssistant) -> [(String, String)] {
        var order: [String] = []
        var byGroup: [String: [ImportedAssistant.Example]] = [:]
        for example in assistant.examples {
            if byGroup[example.group] == nil { order.append(example.group) }
            byGroup[example.group, default: []].append(example)
        }
        return order.map { group in
            let examples = byGroup[group] ?? []
            var intents: [String] = []
            for example in examples where !intents.contains(example.utterance.intent) { intents.append(example.utterance.intent) }
            var out = "# Imported from \(examples.first?.file ?? assistant.report.source)\nversion: \"1\"\nnlu:\n"
            for intent in intents {
                out += "  - intent: \(YAMLWriting.quoted(intent))\n    examples: |\n"
                for example in examples where example.utterance.intent == intent {
                    let spans = example.utterance.slots.map { ($0.slot, $0.start, $0.end, $0.value) }
                    out += "      - " + YAMLWriting.annotated(example.utterance.text, spans: spans) + "\n"
                }
            }
            return (group, out)
        }
    }

    static func articleMarkdown(_ article: ImportedAssistant.Article) -> String {
        let q = YAMLWriting.quoted
        return """
            ---
            title: \(q(article.title))
            summary: \(q(article.summary))
            intents: \(YAMLWriting.flowList([article.intent]))
            url: \(q("https://kb.invalid/\(article.id)"))
            ---
            \(article.body)

            """
    }
}
