/// Customer text turned into safe full-text search terms, shared by the stores (SQLite
/// FTS5, PostgreSQL text search) so both search for the same words.
///
/// Customer text is never handed to a query parser as it is: `"`, `*`, `(`,
/// `NEAR`, `AND`… would be syntax. Instead the text is cut into runs of letters,
/// digits and combining marks (everything else separates), English function words are
/// dropped, and each store quotes the remaining terms so they can only ever mean
/// "this word". Terms are OR-ed: ranking rewards articles that match more of them.
public struct KBQuery: Sendable {
    /// Distinct lowercased terms, in order of first appearance.
    public let terms: [String]

    /// Longer queries are cut: the first words of a message carry its topic, and each
    /// term costs two index lookups when scoring.
    public static let maxTerms = 24
    /// Longer "words" are noise (pasted tokens, base64) and only slow the index down.
    public static let maxTermLength = 64

    public init(_ text: String) {
        var terms: [String] = []
        var seen: Set<String> = []
        var current = String.UnicodeScalarView()
        func flush() {
            defer { current = String.UnicodeScalarView() }
            guard !current.isEmpty, current.count <= Self.maxTermLength, terms.count < Self.maxTerms else { return }
            let term = String(current).lowercased()
            guard !Self.stopWords.contains(term), seen.insert(term).inserted else { return }
            terms.append(term)
        }
        for scalar in text.unicodeScalars {
            if Self.isWordScalar(scalar) {
                current.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        self.terms = terms
    }

    public var isEmpty: Bool { terms.isEmpty }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber: return true
        default: return false
        }
    }

    /// Words that say nothing about the topic; matching on them only adds noise.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "not", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "as", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "done", "have", "has",
        "had", "i", "me", "my", "mine", "you", "your", "we", "our", "it", "its", "this", "that", "these", "those",
        "there", "here", "what", "which", "who", "whom", "how", "when", "where", "why", "can", "could", "would",
        "should", "will", "shall", "may", "might", "must", "so", "too", "very", "just", "please", "hi", "hello",
        "hey", "thanks", "thank", "s", "t", "d", "ll", "m", "re", "ve", "im", "dont", "about", "any", "some",
        "get", "got", "want", "need", "know", "like", "up", "out", "into", "than", "then", "them", "they", "he",
        "she", "his", "her", "him", "us", "yes", "no", "ok", "okay",
    ]
}
