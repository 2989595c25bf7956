/// Everything the natural-language understanding found in one message.
public struct NLUParse: Sendable, Hashable, Codable {
    public var intent: IntentScore
    public var ranking: [IntentScore]
    public var outOfScope: Bool
    public var outOfScopeReason: OutOfScopeGate.Reason?
    public var slots: [ParsedSlot]
    /// Built-in and pattern entities found in the text, whether or not they fill a slot.
    public var entities: [EntityMatch]
    /// True when what agents taught since the model was trained (`OutcomeMemory`) changed
    /// the decided intent or its confidence.
    public var learnedFromOutcomes: Bool

    public init(
        intent: IntentScore, ranking: [IntentScore], outOfScope: Bool, outOfScopeReason: OutOfScopeGate.Reason?,
        slots: [ParsedSlot], entities: [EntityMatch], learnedFromOutcomes: Bool = false
    ) {
        self.intent = intent
        self.ranking = ranking
        self.outOfScope = outOfScope
        self.outOfScopeReason = outOfScopeReason
        self.slots = slots
        self.entities = entities
        self.learnedFromOutcomes = learnedFromOutcomes
    }

    enum CodingKeys: String, CodingKey {
        case intent, ranking, outOfScope, outOfScopeReason, slots, entities, learnedFromOutcomes
    }

    /// Documents written before `learnedFromOutcomes` existed decode with it false.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intent = try c.decode(IntentScore.self, forKey: .intent)
        ranking = try c.decode([IntentScore].self, forKey: .ranking)
        outOfScope = try c.decode(Bool.self, forKey: .outOfScope)
        outOfScopeReason = try c.decodeIfPresent(OutOfScopeGate.Reason.self, forKey: .outOfScopeReason)
        slots = try c.decode([ParsedSlot].self, forKey: .slots)
        entities = try c.decode([EntityMatch].self, forKey: .entities)
        learnedFromOutcomes = try c.decodeIfPresent(Bool.self, forKey: .learnedFromOutcomes) ?? false
    }
}

/// A slot value found in a message.
public struct ParsedSlot: Sendable, Hashable, Codable {
    /// Where a slot value came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The trained tagger.
        case tagger
        /// A built-in or pattern entity of the kind the slot declares.
        case entity
        /// One of the slot's declared values (or a synonym) found in the text.
        case values
    }

    public var slot: String
    /// The normalised value: a declared value's canonical name, an entity's canonical
    /// value (ISO date, digits of a phone number…), else the raw text.
    public var value: String
    /// The text as the customer wrote it.
    public var raw: String
    /// Half-open Unicode-scalar offsets into the message.
    public var start: Int
    public var end: Int
    public var confidence: Float
    public var source: Source

    public init(slot: String, value: String, raw: String, start: Int, end: Int, confidence: Float, source: Source) {
        self.slot = slot
        self.value = value
        self.raw = raw
        self.start = start
        self.end = end
        self.confidence = confidence
        self.source = source
    }

    public var span: SlotSpan { SlotSpan(slot: slot, start: start, end: end, value: value) }
}
