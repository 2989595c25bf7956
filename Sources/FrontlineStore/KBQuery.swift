/// Customer text turned into safe FTS5 search terms.
///
/// Customer text is never handed to FTS5's query parser as it is: `"`, `*`, `(`,
/// `NEAR`, `AND`… would be syntax. Instead the text is cut into runs of letters,
/// digits and combining marks (everything else separates), English function words are
/// dropped, and each remaining term is quoted as an FTS5 string, so it can only ever
/// mean "this word". Terms are OR-ed: BM25 rewards articles that match more of them.
struct KBQuery: Sendable {
    /// Distinct lowercased terms, in order of first appearance.
    let terms: [String]

    /// Longer queries are cut: the first words of a message carry its topic, and each
    /// term costs two index lookups when scoring.
    static let maxTerms = 24
    /// Longer "words" are noise (pasted tokens, base64) and only slow the index down.
    static let maxTermLength = 64

    init(_ text: String) {
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

    var isEmpty: Bool { terms.isEmpty }

    /// `"a" OR "b" OR …`: matches articles containing any term.
    var anyTermExpression: String {
        terms.map(Self.quoted).joined(separator: " OR ")
    }

    /// An FTS5 string: the term between double quotes, inner quotes doubled. The
    /// splitting above leaves no quotes, but quoting stays correct without that.
    static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber: return true
        default: return false
        }
    }

    /// Words that say nothing about the topic; matching on them only adds noise.
    static let stopWords: Set<String> = [
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
