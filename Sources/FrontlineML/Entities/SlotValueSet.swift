/// The declared values of a slot with their synonyms (a gazetteer), for turning
/// what a customer wrote into the canonical value and for finding values in text.
///
/// Matching ignores case, diacritics, spaces and punctuation between words
/// ("iPhone-15 Pro" = "iphone15pro" = "iphone 15 pro"), keeps digits, and tolerates
/// one typo (Damerau–Levenshtein distance 1: a letter inserted, missing, wrong, or
/// two adjacent letters swapped) when the declared form has at least
/// `fuzzyMinimumLength` letters and digits (spaces not counted). A typo never
/// touches a digit ("iphone 14" is another product, not a typo of "iphone 15") nor
/// the first letter ("phone" is not "iphone"). When the text fits two different
/// canonical values equally well, nothing is returned rather than a guess.
public struct SlotValueSet: Sendable {
    /// Shorter forms ("tv", "ps5") must match exactly: one typo changes too much of them.
    public static let defaultFuzzyMinimumLength = 5

    /// The declared values, in declaration order.
    public let values: [SlotValue]
    /// Letters and digits (spaces not counted) a declared form needs before a typo is tolerated.
    public let fuzzyMinimumLength: Int
    private let trie: ValueTrie

    /// Indexes every value's canonical form and synonyms; a form declared for two
    /// different values is kept as ambiguous and never matches.
    public init(_ values: [SlotValue], fuzzyMinimumLength: Int = SlotValueSet.defaultFuzzyMinimumLength) {
        self.values = values
        self.fuzzyMinimumLength = max(fuzzyMinimumLength, 1)
        var entries: [([UInt32], Int)] = []
        for (index, value) in values.enumerated() {
            for form in [value.canonical] + value.synonyms {
                entries.append((FoldedText(form).units, index))
            }
        }
        trie = ValueTrie(entries)
    }

    /// The canonical value `raw` stands for, and whether it matched exactly
    /// (ignoring case, diacritics and spacing) or with one typo; nil when it matches
    /// nothing or is ambiguous.
    public func normalize(_ raw: String) -> (value: String, exact: Bool)? {
        let text = FoldedText(raw)
        guard !text.units.isEmpty else { return nil }
        let end = text.units.count
        var hits: [ValueTrie.Hit] = []
        trie.walk(text, from: 0, fuzzyMinimum: fuzzyMinimumLength, accept: { $0 == end }, into: &hits)
        guard let (index, exact) = best(hits) else { return nil }
        return (values[index].canonical, exact)
    }

    /// Declared values and synonyms in `text`: whole words only, longest first,
    /// never overlapping, in text order.
    public func matches(in text: String) -> [ValueMatch] {
        let folded = FoldedText(text)
        guard folded.wordCount > 0 else { return [] }
        // A match may end only where a word ends.
        var isWordEnd = [Bool](repeating: false, count: folded.units.count + 1)
        for w in 0..<folded.wordCount { isWordEnd[folded.wordStart[w + 1]] = true }
        var scalars: [Unicode.Scalar] = []
        var results: [ValueMatch] = []
        var hits: [ValueTrie.Hit] = []
        var word = 0
        while word < folded.wordCount {
            hits.removeAll(keepingCapacity: true)
            let start = folded.wordStart[word]
            trie.walk(
                folded, from: start, fuzzyMinimum: fuzzyMinimumLength, accept: { $0 > start && isWordEnd[$0] },
                into: &hits)
            guard let (end, index, exact) = longest(hits) else {
                word += 1
                continue
            }
            let lastWord = folded.wordOfUnit[end - 1]
            if scalars.isEmpty { scalars = Array(text.unicodeScalars) }
            let from = folded.scalarStart[word]
            let to = folded.scalarEnd[lastWord]
            var raw = String.UnicodeScalarView()
            raw.append(contentsOf: scalars[from..<to])
            results.append(
                ValueMatch(raw: String(raw), start: from, end: to, value: values[index].canonical, exact: exact))
            word = lastWord + 1
        }
        return results
    }

    /// The value the hits agree on: an exact hit if any (unless ambiguous), else the
    /// single value all one-typo hits point to.
    private func best(_ hits: [ValueTrie.Hit]) -> (Int, Bool)? {
        if let exact = hits.first(where: { $0.exact }) {
            return exact.value >= 0 ? (Int(exact.value), true) : nil
        }
        guard let first = hits.first?.value, first >= 0, hits.allSatisfy({ $0.value == first }) else { return nil }
        return (Int(first), false)
    }

    /// The longest end with an unambiguous value, exact preferred at equal length.
    private func longest(_ hits: [ValueTrie.Hit]) -> (end: Int, index: Int, exact: Bool)? {
        var ends = Set(hits.map(\.end)).sorted(by: >)
        while let end = ends.first {
            ends.removeFirst()
            if let (index, exact) = best(hits.filter { $0.end == end }) { return (end, index, exact) }
        }
        return nil
    }
}
