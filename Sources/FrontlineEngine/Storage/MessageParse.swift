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

    public init(
        intent: String,
        confidence: Double,
        ranking: [ParsedIntent] = [],
        outOfScope: Bool = false,
        slots: [ParsedSlot] = [],
        entities: [ParsedEntity] = []
    ) {
        self.intent = intent
        self.confidence = confidence
        self.ranking = ranking
        self.outOfScope = outOfScope
        self.slots = slots
        self.entities = entities
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
