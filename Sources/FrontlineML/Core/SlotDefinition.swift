/// What a slot holds and how its values are recognised and normalised.
///
/// The assistant's domain declares these; training copies them into the model,
/// so parsing needs nothing but the model folder.
public struct SlotDefinition: Sendable, Hashable, Codable {
    public var name: String
    /// A built-in entity kind that fills the slot without training ("date", "email",
    /// "number", "money", "phone", "url", …), also used to normalise tagged values.
    public var entity: String?
    /// A regular expression that recognises the slot's values (e.g. order numbers).
    public var pattern: String?
    /// Whether `pattern` ignores letter case.
    public var patternIgnoresCase: Bool
    /// Replacement template that turns a pattern match into the canonical value,
    /// `$1` being the first capture group: "A-$1" makes "a 48213" "A-48213".
    public var canonical: String?
    /// Declared values, each with the synonyms customers write for it.
    public var values: [SlotValue]

    public init(
        name: String, entity: String? = nil, pattern: String? = nil, patternIgnoresCase: Bool = false,
        canonical: String? = nil, values: [SlotValue] = []
    ) {
        self.name = name
        self.entity = entity
        self.pattern = pattern
        self.patternIgnoresCase = patternIgnoresCase
        self.canonical = canonical
        self.values = values
    }
}

extension SlotValue {
    /// A value and its synonyms (labelled form, as the domain reader writes it).
    public init(canonical: String, synonyms: [String] = []) {
        self.init(canonical, synonyms: synonyms)
    }
}
