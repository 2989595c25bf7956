import Foundation

/// A word of normalised text with its place in the original string.
public struct Token: Sendable, Hashable {
    /// Normalised Unicode scalars (case- and diacritic-folded, digits mapped to "0").
    public var scalars: [Unicode.Scalar]
    /// Half-open Unicode-scalar offsets into the original text.
    public var start: Int
    public var end: Int

    public var text: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }
}

/// Normalises and splits text in one pass, so every token keeps its offsets
/// into the original text (the slot filler needs them).
///
/// Rules: letters are lower-cased and stripped of diacritics ("Café" → "cafe"),
/// every decimal digit becomes "0" so numbers share features by shape, apostrophes
/// inside a word join it ("don't" → "dont"), and everything else separates words.
public enum Tokenizer {
    public static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(16)
        var current: [Unicode.Scalar] = []
        var start = 0
        var lastWordEnd = 0
        var index = 0

        func flush() {
            if !current.isEmpty {
                tokens.append(Token(scalars: current, start: start, end: lastWordEnd))
                current.removeAll(keepingCapacity: true)
            }
        }

        for scalar in text.unicodeScalars {
            defer { index += 1 }
            let v = scalar.value
            if v < 0x80 {
                // ASCII fast path.
                let folded: UInt32
                switch v {
                case 0x41...0x5A: folded = v + 0x20
                case 0x61...0x7A: folded = v
                case 0x30...0x39: folded = 0x30
                case 0x27 where !current.isEmpty:
                    continue  // apostrophe inside a word joins it
                default:
                    flush()
                    continue
                }
                if current.isEmpty { start = index }
                current.append(Unicode.Scalar(UInt8(folded)))
                lastWordEnd = index + 1
                continue
            }
            if scalar == "\u{2019}" && !current.isEmpty { continue }  // typographic apostrophe
            let folded = fold(scalar)
            if folded.isEmpty {
                // A combining mark (already folded away) neither joins nor splits,
                // but belongs to the word's span in the original text.
                if scalar.properties.generalCategory == .nonspacingMark {
                    if !current.isEmpty { lastWordEnd = index + 1 }
                    continue
                }
                flush()
                continue
            }
            if current.isEmpty { start = index }
            current.append(contentsOf: folded)
            lastWordEnd = index + 1
        }
        flush()
        return tokens
    }

    /// The normalised text: tokens joined by single spaces.
    public static func normalize(_ text: String) -> String {
        tokenize(text).map(\.text).joined(separator: " ")
    }

    /// Folds one non-ASCII scalar to the scalars it contributes to a word,
    /// or none when it is not part of a word.
    static func fold(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let props = scalar.properties
        if props.numericType == .decimal { return ["0"] }
        guard props.isAlphabetic else { return [] }
        // Canonical decomposition, then drop combining marks: "é" → "e".
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping
        var out: [Unicode.Scalar] = []
        for s in decomposed.unicodeScalars where s.properties.generalCategory != .nonspacingMark {
            out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
        }
        return out
    }
}
