/// The NLU's reading of one customer message, stored with it for audits and retraining.
/// Kept separate from FrontlineML's types so a change there never breaks stored JSON.
public struct MessageParse: Sendable, Codable, Hashable {
    /// The decided intent (the out-of-scope label when the gate rejected the top intent).
    public var intent: String
    public var confidence: Double
    public var ranking: [ParsedIntent]
    public var outOfScope: Bool
    public var slots: [ParsedSlot]
    public var entities: [ParsedEntity]
    /// True when what agents taught since the model was trained changed the intent or its
    /// confidence. Stored only when true, so rows written before it existed read as false.
    public var learnedFromOutcomes: Bool

    public init(
        intent: String,
        confidence: Double,
        ranking: [ParsedIntent] = [],
        outOfScope: Bool = false,
        slots: [ParsedSlot] = [],
        entities: [ParsedEntity] = [],
        learnedFromOutcomes: Bool = false
    ) {
        self.intent = intent
        self.confidence = confidence
        self.ranking = ranking
        self.outOfScope = outOfScope
        self.slots = slots
        self.entities = entities
        self.learnedFromOutcomes = learnedFromOutcomes
    }

    enum CodingKeys: String, CodingKey {
        case intent, confidence, ranking, outOfScope, slots, entities, learnedFromOutcomes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intent = try c.decode(String.self, forKey: .intent)
        confidence = try c.decode(Double.self, forKey: .confidence)
        ranking = try c.decode([ParsedIntent].self, forKey: .ranking)
        outOfScope = try c.decode(Bool.self, forKey: .outOfScope)
        slots = try c.decode([ParsedSlot].self, forKey: .slots)
        entities = try c.decode([ParsedEntity].self, forKey: .entities)
        learnedFromOutcomes = try c.decodeIfPresent(Bool.self, forKey: .learnedFromOutcomes) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(intent, forKey: .intent)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(ranking, forKey: .ranking)
        try c.encode(outOfScope, forKey: .outOfScope)
        try c.encode(slots, forKey: .slots)
        try c.encode(entities, forKey: .entities)
        if learnedFromOutcomes { try c.encode(true, forKey: .learnedFromOutcomes) }
    }
}

public struct ParsedIntent: Sendable, Codable, Hashable {
    public var name: String
    public var confidence: Double

    public init(name: String, confidence: Double) {
        self.name = name
        self.confidence = confidence
    }
}

/// A slot found in the text. Offsets are half-open Unicode-scalar offsets, as in `SlotSpan`.
public struct ParsedSlot: Sendable, Codable, Hashable {
    public var slot: String
    public var value: String
    public var raw: String
    public var start: Int
    public var end: Int
    public var confidence: Double

    public init(slot: String, value: String, raw: String, start: Int, end: Int, confidence: Double) {
        self.slot = slot
        self.value = value
        self.raw = raw
        self.start = start
        self.end = end
        self.confidence = confidence
    }
}

/// A built-in entity (date, email, money…) found in the text.
public struct ParsedEntity: Sendable, Codable, Hashable {
    public var kind: String
    public var value: String
    public var raw: String
    public var start: Int
    public var end: Int

    public init(kind: String, value: String, raw: String, start: Int, end: Int) {
        self.kind = kind
        self.value = value
        self.raw = raw
        self.start = start
        self.end = end
    }
}
