/// A word as the slot tagger sees it: the raw form (case and digits kept, the
/// shape features need them) and its half-open Unicode-scalar offsets in the text.
public struct TagToken: Sendable, Hashable {
    public var raw: [Unicode.Scalar]
    public var start: Int
    public var end: Int

    public init(raw: [Unicode.Scalar], start: Int, end: Int) {
        self.raw = raw
        self.start = start
        self.end = end
    }

    public var text: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: raw)
        return String(s)
    }
}

/// Splits text for tagging. Unlike `Tokenizer` it keeps raw forms, because a
/// slot value is a piece of the original text and "Xx"/"dd" shapes matter.
///
/// Rules: whitespace separates words; leading and trailing punctuation
/// ("?", ",", quotes, brackets, a final ".") becomes tokens of its own, so
/// "7pm?" tags like "7pm"; punctuation inside a word stays ("5:30", "u.s.", "don't").
/// Whitespace-separated input (SNIPS, ATIS) therefore keeps every gold boundary.
public enum TagTokenizer {
    public static func tokenize(_ text: String) -> [TagToken] {
        var tokens: [TagToken] = []
        var word: [Unicode.Scalar] = []
        var wordStart = 0
        var index = 0
        for scalar in text.unicodeScalars {
            let space = scalar.value < 0x80
                ? scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)
                : scalar.properties.isWhitespace
            if space {
                split(word, start: wordStart, into: &tokens)
                word.removeAll(keepingCapacity: true)
            } else {
                if word.isEmpty { wordStart = index }
                word.append(scalar)
            }
            index += 1
        }
        split(word, start: wordStart, into: &tokens)
        return tokens
    }

    /// Peels leading and trailing punctuation off one whitespace-delimited word.
    private static func split(_ word: [Unicode.Scalar], start: Int, into tokens: inout [TagToken]) {
        guard !word.isEmpty else { return }
        var lo = 0, hi = word.count
        while lo < hi, isEdgePunctuation(word[lo], word: word) { lo += 1 }
        while hi > lo, isEdgePunctuation(word[hi - 1], word: word) { hi -= 1 }
        if lo == hi {
            // All punctuation ("...", "?!"): one token.
            tokens.append(TagToken(raw: word, start: start, end: start + word.count))
            return
        }
        for i in 0..<lo { tokens.append(TagToken(raw: [word[i]], start: start + i, end: start + i + 1)) }
        tokens.append(TagToken(raw: Array(word[lo..<hi]), start: start + lo, end: start + hi))
        for i in hi..<word.count { tokens.append(TagToken(raw: [word[i]], start: start + i, end: start + i + 1)) }
    }

    private static func isEdgePunctuation(_ s: Unicode.Scalar, word: [Unicode.Scalar]) -> Bool {
        switch s {
        case "?", "!", ",", ";", ":", "\"", "(", ")", "[", "]", "{", "}", "\u{201C}", "\u{201D}", "\u{00BF}", "\u{00A1}":
            return true
        case ".":
            // A lone final dot ends a sentence; dots elsewhere in the word make an abbreviation ("u.s.").
            return word.lazy.filter { $0 == "." }.count == 1
        default:
            return false
        }
    }
}
