import FrontlineEngine
import FrontlineML

/// One customer message with the label an agent's outcome gives it.
public struct OutcomeExample: Sendable, Hashable, Codable {
    public var text: String
    /// The agent's intent (the bot's, when the agent confirmed it).
    public var intent: String
    /// The agent's slots; nil when the agent said nothing about slots.
    public var slots: [SlotCorrection]?
    public var botIntent: String?
    public var botConfidence: Double?
    public var conversationId: String
    public var sequence: Int
    public var outcomeId: Int
    public var resolution: String?

    public init(
        text: String, intent: String, slots: [SlotCorrection]?, botIntent: String?, botConfidence: Double?,
        conversationId: String, sequence: Int, outcomeId: Int, resolution: String?
    ) {
        self.text = text
        self.intent = intent
        self.slots = slots
        self.botIntent = botIntent
        self.botConfidence = botConfidence
        self.conversationId = conversationId
        self.sequence = sequence
        self.outcomeId = outcomeId
        self.resolution = resolution
    }

    /// True when the agent's intent differs from the bot's.
    public var corrected: Bool { botIntent != intent }

    /// A training example; slot spans only where the agent gave offsets.
    public var utterance: Utterance {
        let spans = (slots ?? []).compactMap { slot -> SlotSpan? in
            guard let start = slot.start, let end = slot.end, start < end else { return nil }
            return SlotSpan(slot: slot.slot, start: start, end: end, value: slot.value)
        }
        return Utterance(text: text, intent: intent, slots: spans)
    }
}

/// Outcomes sorted into what may train a model and what a trainer must look at.
public struct OutcomeHarvest: Sendable, Codable {
    /// Usable examples, one per distinct text.
    public var accepted: [OutcomeExample]
    /// Texts labelled two or more ways (by agents, or by an agent against the training data): none is used.
    public var conflicts: [Conflict]
    /// Repeats of an accepted example (same text, same intent), not used twice.
    public var duplicates: [OutcomeExample]
    /// Examples whose intent the domain no longer has.
    public var unknownIntents: [OutcomeExample]
    /// Corrections naming a message the conversation does not have (or not a customer's).
    public var missingMessages: [String]

    /// Nothing harvested (no database yet).
    public static let empty = OutcomeHarvest(accepted: [], conflicts: [], duplicates: [], unknownIntents: [], missingMessages: [])

    public struct Conflict: Sendable, Codable, Hashable {
        public var text: String
        /// Every label seen, with where it came from ("training data" or "outcome N").
        public var labels: [Label]
    }

    public struct Label: Sendable, Codable, Hashable {
        public var intent: String
        public var source: String
    }

    /// Sorts outcomes. `messages` gives a conversation's messages; `knownIntents` are the
    /// domain's; `trainingData` is checked for texts the outcomes label differently.
    /// Without `botReadings` (retraining needs none), an outcome whose corrections all carry
    /// their text and intent (the store fills the text in) is taken as it is, without reading
    /// its conversation: `botIntent` and `botConfidence` are then nil.
    public static func harvest(
        _ outcomes: [Outcome], messages: (String) async throws -> [Message], knownIntents: Set<String>,
        trainingData: [Utterance] = [], botReadings: Bool = true
    ) async throws -> OutcomeHarvest {
        var examples: [OutcomeExample] = []
        var missing: [String] = []
        for outcome in outcomes {
            if !botReadings, outcome.corrections.allSatisfy({ $0.text != nil && $0.intent != nil }) {
                for correction in outcome.corrections {
                    examples.append(OutcomeExample(
                        text: correction.text!, intent: correction.intent!, slots: correction.slots, botIntent: nil,
                        botConfidence: nil, conversationId: outcome.conversationId, sequence: correction.sequence,
                        outcomeId: outcome.id, resolution: outcome.resolution))
                }
                continue
            }
            let byNumber = Dictionary(try await messages(outcome.conversationId).map { ($0.sequence, $0) }) { a, _ in a }
            for correction in outcome.corrections {
                guard let message = byNumber[correction.sequence], message.role == .customer else {
                    missing.append("outcome \(outcome.id): conversation \(outcome.conversationId) has no customer message #\(correction.sequence)")
                    continue
                }
                guard let intent = correction.intent ?? message.parse?.intent else { continue }
                examples.append(OutcomeExample(
                    text: message.text, intent: intent, slots: correction.slots, botIntent: message.parse?.intent,
                    botConfidence: message.parse?.confidence, conversationId: outcome.conversationId,
                    sequence: correction.sequence, outcomeId: outcome.id, resolution: outcome.resolution))
            }
        }
        return sort(examples, knownIntents: knownIntents, trainingData: trainingData, missing: missing)
    }

    static func sort(
        _ examples: [OutcomeExample], knownIntents: Set<String>, trainingData: [Utterance], missing: [String]
    ) -> OutcomeHarvest {
        var known: [OutcomeExample] = []
        var unknown: [OutcomeExample] = []
        for example in examples {
            if knownIntents.contains(example.intent) { known.append(example) } else { unknown.append(example) }
        }
        // Labels per normalised text, from the training data and from the outcomes.
        var labels: [String: [Label]] = [:]
        for utterance in trainingData {
            labels[Tokenizer.normalize(utterance.text), default: []].append(Label(intent: utterance.intent, source: "training data"))
        }
        for example in known {
            labels[Tokenizer.normalize(example.text), default: []].append(Label(intent: example.intent, source: "outcome \(example.outcomeId)"))
        }
        var accepted: [OutcomeExample] = []
        var duplicates: [OutcomeExample] = []
        var conflicts: [String: Conflict] = [:]
        var seen: Set<String> = []
        for example in known {
            let key = Tokenizer.normalize(example.text)
            let all = labels[key] ?? []
            if Set(all.map(\.intent)).count > 1 {
                if conflicts[key] == nil { conflicts[key] = Conflict(text: example.text, labels: all) }
            } else if seen.insert(key).inserted {
                accepted.append(example)
            } else {
                duplicates.append(example)
            }
        }
        return OutcomeHarvest(
            accepted: accepted, conflicts: conflicts.values.sorted { $0.text < $1.text }, duplicates: duplicates,
            unknownIntents: unknown, missingMessages: missing)
    }
}
