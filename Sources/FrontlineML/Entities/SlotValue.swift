/// A declared slot value: the canonical name the bot works with and the other ways
/// customers write it (`iphone 15 pro` ← "15 pro", "iphone15pro").
public struct SlotValue: Sendable, Hashable, Codable {
    /// The value reported for any of its forms.
    public var canonical: String
    /// Other forms that mean the same value.
    public var synonyms: [String]

    /// A value and its synonyms.
    public init(_ canonical: String, synonyms: [String] = []) {
        self.canonical = canonical
        self.synonyms = synonyms
    }
}

/// A declared value found in a text.
public struct ValueMatch: Sendable, Hashable, Codable {
    /// The original text the match covers.
    public var raw: String
    /// Half-open Unicode-scalar offsets into the text, as in `SlotSpan`.
    public var start: Int
    public var end: Int
    /// The canonical value.
    public var value: String
    /// False when the text is one typo away from the declared form.
    public var exact: Bool

    /// A match with the given fields.
    public init(raw: String, start: Int, end: Int, value: String, exact: Bool) {
        self.raw = raw
        self.start = start
        self.end = end
        self.value = value
        self.exact = exact
    }
}
