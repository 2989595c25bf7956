import FrontlineML

/// A slot declared in the domain: how its values are recognised (the `SlotDefinition` that
/// models carry), how they are normalised, how long they are kept and how forms ask for them.
public struct DomainSlot: Sendable, Hashable {
    /// Built-in entity kinds a slot may name with `entity:`; the engine's recognisers fill them
    /// without training.
    public static let builtinEntities = ["date", "time", "email", "phone", "number", "money", "url"]

    public var definition: SlotDefinition
    /// Replacement template applied to the pattern's match to give the canonical value,
    /// `$1` being the first capture group: "A-$1" turns "a 48213" into "A-48213".
    /// Kept in the slot definition, so trained models normalise with it too.
    public var canonical: String? {
        get { definition.canonical }
        set { definition.canonical = newValue }
    }
    public var memory: SlotMemory
    /// Question variants forms use when they list the slot without their own `ask`.
    public var ask: [String]
    /// Re-ask variants after an answer that doesn't fit, likewise the forms' default.
    public var invalid: [String]
    /// Line of the slot's name in domain.yml.
    public var line: Int?

    public var name: String { definition.name }

    /// True when neither an entity, a pattern nor values restrict the slot: any text fills it.
    public var isFreeText: Bool {
        definition.entity == nil && definition.pattern == nil && definition.values.isEmpty
    }

    public init(definition: SlotDefinition, canonical: String? = nil, memory: SlotMemory = .conversation,
                ask: [String] = [], invalid: [String] = [], line: Int? = nil) {
        self.definition = definition
        if let canonical { self.definition.canonical = canonical }
        self.memory = memory
        self.ask = ask
        self.invalid = invalid
        self.line = line
    }
}

/// How long a slot's value is kept.
public enum SlotMemory: String, Sendable, Hashable, Codable, CaseIterable {
    /// Until the conversation ends (the default).
    case conversation
    /// For the customer across conversations and channels (an email address, say).
    case customer
}
