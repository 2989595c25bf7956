import Foundation

/// One assistant's language understanding: the intent classifier, the slot tagger
/// (when the training data had slot annotations), the built-in and pattern entities,
/// and the slots' declared values.
public struct NLUModel: Sendable {
    public let intents: IntentClassifier
    public let tagger: SlotTagger?
    public let slotDefinitions: [SlotDefinition]
    public let entities: BuiltinEntityRecognizer
    let resolver: SlotResolver
    /// The joint intent × slot decision, when on (see `JointRerank`); a parse-time choice,
    /// not part of the model files.
    public var rerank: JointRerank?

    public init(intents: IntentClassifier, tagger: SlotTagger?, slotDefinitions: [SlotDefinition]) throws {
        self.intents = intents
        self.tagger = tagger
        self.slotDefinitions = slotDefinitions
        entities = try Self.recognizer(for: slotDefinitions)
        resolver = SlotResolver(definitions: slotDefinitions)
    }

    /// The entity recogniser for a domain: the built-ins plus one pattern entity per
    /// slot that declares a pattern, named after the slot.
    static func recognizer(for definitions: [SlotDefinition]) throws -> BuiltinEntityRecognizer {
        do {
            return try BuiltinEntityRecognizer(patterns: definitions.compactMap { d in
                d.pattern.map { PatternEntity(name: d.name, pattern: $0, caseInsensitive: d.patternIgnoresCase) }
            })
        } catch {
            throw NLUError.invalidSlotDefinition(String(describing: error))
        }
    }

    /// The tagger's extra features for this domain.
    static func tokenFeatures(for definitions: [SlotDefinition]) throws -> EntityTokenFeatures {
        EntityTokenFeatures(
            recognizer: try recognizer(for: definitions),
            valueSets: definitions.filter { !$0.values.isEmpty }.sorted { $0.name < $1.name }
                .map { ($0.name, SlotValueSet($0.values)) })
    }

    /// Intent, slots and entities of one message; relative dates are resolved against `reference`.
    /// With a `memory`, what agents taught since training is mixed in (see `OutcomeMemory`).
    /// `embedding`: the text's sentence embedding when the caller already has it (a server
    /// batches the encoder across conversations); computed here when nil and the model needs one.
    /// `dateDirections`: intent → the way its undated months and weekends point (the domain's
    /// `dates:`), applied when the text itself has no tense word.
    public func parse(
        _ text: String, reference: ReferenceTime, top: Int = 5, memory: OutcomeMemory? = nil, embedding: [Float]? = nil,
        dateDirections: [String: DateDirection] = [:]
    ) -> NLUParse {
        let featurizer = intents.featurizer
        let x = featurizer.combine(embedding ?? featurizer.embedder?.embed([text])[0], featurizer.ngrams(text))
        let probabilities = intents.probabilities(x)
        var prediction = intents.decide(probabilities: probabilities, top: top)
        var learned = false
        if let memory, memory.modelClassCount == intents.classCount,
           let mixed = memory.mix(x, probabilities: probabilities) {
            let adjusted = mixed.withUnsafeBufferPointer { intents.decide(probabilities: $0, labels: memory.labels, top: top) }
            learned = adjusted.intent.name != prediction.intent.name
                || abs(adjusted.intent.confidence - prediction.intent.confidence) > 1e-6
            prediction = adjusted
        }
        // The tagger is told the intent it should tag for: the predicted one, or, when the
        // gate says out of scope, the best in-scope guess (its slots may still be useful
        // to a human reading the handoff).
        let tagged: [TaggedSlot]
        if let tagger, let rerank, !prediction.outOfScope,
           let chosen = rerank.choose(text, ranking: prediction.ranking, tagger: tagger) {
            prediction.intent = chosen.intent
            tagged = chosen.slots
        } else if let tagger {
            let intent = prediction.outOfScope
                ? prediction.ranking.first { !OutOfScope.isOutOfScope($0.name) }?.name
                : prediction.intent.name
            tagged = tagger.tag(text, intent: intent)
        } else {
            tagged = []
        }
        // Entities after the intent is final: it decides which way an undated month points.
        var reference = reference
        if reference.direction == nil { reference.direction = dateDirections[prediction.intent.name] }
        let found = entities.recognize(text, reference: reference)
        return NLUParse(
            intent: prediction.intent, ranking: prediction.ranking, outOfScope: prediction.outOfScope,
            outOfScopeReason: prediction.outOfScopeReason,
            slots: resolver.resolve(text: text, tagged: tagged, entities: found), entities: found,
            learnedFromOutcomes: learned)
    }

    public func parse(
        _ text: String, now: Date = Date(), timeZone: TimeZone = .current, top: Int = 5, memory: OutcomeMemory? = nil
    ) -> NLUParse {
        parse(text, reference: ReferenceTime(now, timeZone: timeZone), top: top, memory: memory)
    }
}

public enum NLUError: Error, CustomStringConvertible, Equatable {
    case invalidSlotDefinition(String)

    public var description: String {
        switch self {
        case .invalidSlotDefinition(let message): "invalid slot definition: \(message)"
        }
    }
}
