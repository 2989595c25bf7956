import Foundation
import FrontlineML

/// An assistant read from another framework, in Frontline's terms, before it is written out
/// as an assistant folder (`AssistantFolderWriter`) or handed to training (`--format rasa`).
public struct ImportedAssistant: Sendable {
    /// One training example with where it came from.
    public struct Example: Sendable, Equatable {
        public var utterance: Utterance
        public var file: String
        public var line: Int?
        /// The NLU file it goes to in the assistant folder, e.g. `nlu/faq.yml`.
        public var group: String
    }

    public struct Slot: Sendable, Equatable {
        public var name: String
        /// A built-in entity kind (`DomainSlot.builtinEntities`).
        public var entity: String?
        public var pattern: String?
        public var patternIgnoresCase = false
        public var values: [SlotValue] = []
        /// Questions a form asks for it.
        public var ask: [String] = []
    }

    public struct Intent: Sendable, Equatable {
        public var name: String
        public var response: String?
        public var form: String?
        /// Answered by knowledge-base articles listing it (FAQ / retrieval intents).
        public var knowledgeBase = false
        /// The source's own response key, used in report lines ("utter_greet").
        public var note: String?
    }

    public struct Form: Sendable, Equatable {
        public struct Step: Sendable, Equatable {
            public var slot: String
            public var ask: [String]
            /// Re-ask texts; needed when the slot's answers can be invalid (values, patterns, entities).
            public var invalid: [String]
        }

        public var name: String
        public var steps: [Step]
    }

    public struct Article: Sendable, Equatable {
        public var id: String
        public var title: String
        public var summary: String
        public var body: String
        public var intent: String
    }

    public var examples: [Example] = []
    public var slots: [Slot] = []
    public var intents: [Intent] = []
    /// Response name → text variants (Frontline placeholders already).
    public var responses: [(name: String, variants: [String])] = []
    public var forms: [Form] = []
    public var articles: [Article] = []
    /// The response sent when the bot did not understand (Rasa's utter_default, Dialogflow's fallback).
    public var rephrase: [String] = []
    public var report: ImportReport

    public init(report: ImportReport) {
        self.report = report
    }

    public func slot(_ name: String) -> Slot? { slots.first { $0.name == name } }
    public func intent(_ name: String) -> Intent? { intents.first { $0.name == name } }
    public func response(_ name: String) -> [String]? { responses.first { $0.name == name }?.variants }

    /// The examples as a training dataset (all in the train split).
    public func dataset(source: String, format: DataFormat) throws -> Dataset {
        try Dataset(source: source, format: format, splits: [Dataset.trainSplit: examples.map(\.utterance)])
    }

    /// What training needs of the slots (recognisers and values).
    public var slotDefinitions: [SlotDefinition] {
        slots.map { SlotDefinition(name: $0.name, entity: $0.entity, pattern: $0.pattern,
                                   patternIgnoresCase: $0.patternIgnoresCase, values: $0.values) }
    }

    mutating func addSlotIfMissing(_ name: String) {
        if slot(name) == nil { slots.append(Slot(name: name)) }
    }

    mutating func updateSlot(_ name: String, _ change: (inout Slot) -> Void) {
        addSlotIfMissing(name)
        if let index = slots.firstIndex(where: { $0.name == name }) { change(&slots[index]) }
    }

    mutating func setResponse(_ name: String, _ variants: [String]) {
        if let index = responses.firstIndex(where: { $0.name == name }) {
            responses[index].variants = variants
        } else {
            responses.append((name, variants))
        }
    }

    /// Recounts what was imported, after all examples are in.
    mutating func countImported() {
        report.importedCounts = ImportReport.Counts(examples: examples.count, spans: examples.reduce(0) { $0 + $1.utterance.slots.count })
    }

    /// Adds every annotated value (and the raw text written for it) to slots that list values,
    /// so the values cover the training data and synonyms normalise like they did in the source.
    mutating func completeSlotValues() {
        for index in slots.indices where !slots[index].values.isEmpty {
            let name = slots[index].name
            var values = slots[index].values
            var owner: [String: Int] = [:]
            for (i, value) in values.enumerated() {
                for form in [value.canonical] + value.synonyms { owner[form.lowercased()] = owner[form.lowercased()] ?? i }
            }
            for example in examples {
                let scalars = Array(example.utterance.text.unicodeScalars)
                for span in example.utterance.slots where span.slot == name && span.start >= 0 && span.end <= scalars.count {
                    let raw = String(String.UnicodeScalarView(scalars[span.start..<span.end]))
                    let canonical = span.value ?? raw
                    let valueIndex: Int
                    if let existing = values.firstIndex(where: { $0.canonical == canonical }) {
                        valueIndex = existing
                    } else if span.value == nil, owner[raw.lowercased()] != nil {
                        continue  // already a name or synonym of some value
                    } else {
                        guard owner[canonical.lowercased()] == nil else { continue }
                        values.append(SlotValue(canonical: canonical))
                        valueIndex = values.count - 1
                        owner[canonical.lowercased()] = valueIndex
                    }
                    if span.value != nil, owner[raw.lowercased()] == nil {
                        values[valueIndex].synonyms.append(raw)
                        owner[raw.lowercased()] = valueIndex
                    }
                }
            }
            slots[index].values = values
        }
    }
}
