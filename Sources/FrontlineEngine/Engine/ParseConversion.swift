import FrontlineML

extension MessageParse {
    /// The stored form of an NLU parse (Double confidences, entity kinds as strings).
    public init(_ parse: NLUParse) {
        self.init(
            intent: parse.intent.name,
            confidence: Double(parse.intent.confidence),
            ranking: parse.ranking.map { ParsedIntent(name: $0.name, confidence: Double($0.confidence)) },
            outOfScope: parse.outOfScope,
            slots: parse.slots.map {
                ParsedSlot(slot: $0.slot, value: $0.value, raw: $0.raw, start: $0.start, end: $0.end, confidence: Double($0.confidence))
            },
            entities: parse.entities.map {
                ParsedEntity(kind: $0.kind.rawValue, value: $0.value, raw: $0.raw, start: $0.start, end: $0.end)
            },
            learnedFromOutcomes: parse.learnedFromOutcomes)
    }
}
