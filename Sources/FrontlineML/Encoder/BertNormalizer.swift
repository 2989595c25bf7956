import Foundation

/// One character of normalised text and the original character it came from.
struct NormalizedScalar {
    var scalar: Unicode.Scalar
    /// The original scalar's range in the input text (a scalar that expands, e.g. under
    /// NFD, gives several normalised scalars with the same origin).
    var origin: Range<String.Index>
}

/// Hugging Face's BertNormalizer and BertPreTokenizer, scalar by scalar with the origin of
/// every output scalar kept, so word pieces can point back into the customer's text.
///
/// The order is the reference's: clean text (drop NUL, U+FFFD and control/format
/// characters, whitespace → space), pad CJK ideographs with spaces, strip accents (NFD,
/// then drop non-spacing marks), lower-case.
struct BertNormalizer: Sendable {
    var cleanText = true
    var handleChineseChars = true
    var stripAccents = true
    var lowercase = true

    /// Appends the normalised form of `text[range]` to `out`.
    func normalize(_ text: String, _ range: Range<String.Index>, into out: inout [NormalizedScalar]) {
        let scalars = text.unicodeScalars
        var i = range.lowerBound
        while i < range.upperBound {
            let next = scalars.index(after: i)
            append(scalars[i], origin: i..<next, into: &out)
            i = next
        }
    }

    @inline(__always)
    private func append(_ c: Unicode.Scalar, origin: Range<String.Index>, into out: inout [NormalizedScalar]) {
        let space = NormalizedScalar(scalar: " ", origin: origin)
        if c.isASCII {
            // Fast path: ASCII is unchanged by NFD and lower-cases to one scalar.
            let v = c.value
            if cleanText {
                if v == 9 || v == 10 || v == 13 { out.append(space); return }
                if v == 0 || v < 32 || v == 127 { return }
            }
            let lower = lowercase && v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : c
            out.append(NormalizedScalar(scalar: lower, origin: origin))
            return
        }
        if cleanText {
            if c.value == 0xFFFD || Self.isControl(c) { return }
            if c.properties.isWhitespace { out.append(space); return }
        }
        let pad = handleChineseChars && Self.isChineseChar(c)
        if pad { out.append(space) }
        if stripAccents {
            for d in String(c).decomposedStringWithCanonicalMapping.unicodeScalars
            where d.properties.generalCategory != .nonspacingMark {
                appendLowercased(d, origin: origin, into: &out)
            }
        } else {
            appendLowercased(c, origin: origin, into: &out)
        }
        if pad { out.append(space) }
    }

    @inline(__always)
    private func appendLowercased(_ c: Unicode.Scalar, origin: Range<String.Index>, into out: inout [NormalizedScalar]) {
        guard lowercase, c.properties.changesWhenLowercased else {
            out.append(NormalizedScalar(scalar: c, origin: origin))
            return
        }
        for l in c.properties.lowercaseMapping.unicodeScalars { out.append(NormalizedScalar(scalar: l, origin: origin)) }
    }

    /// Control in the reference's sense: categories Cc, Cf, Cs, Co, Cn, except tab and newlines.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// The CJK Unified Ideograph blocks BERT splits into single characters.
    static func isChineseChar(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// BertPreTokenizer's punctuation: ASCII punctuation (which includes $ + < = > ^ ` | ~)
    /// or any Unicode punctuation category.
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 {
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// BertPreTokenizer: words are split at whitespace (dropped) and every punctuation
    /// character is a word of its own. Returns ranges into `normalized`.
    static func words(_ normalized: [NormalizedScalar], from start: Int) -> [Range<Int>] {
        var words: [Range<Int>] = []
        var wordStart = -1
        for i in start..<normalized.count {
            let c = normalized[i].scalar
            let isSpace = c == " " || (!c.isASCII && c.properties.isWhitespace) || c == "\t" || c == "\n" || c == "\r"
            if isSpace || isPunctuation(c) {
                if wordStart >= 0 { words.append(wordStart..<i); wordStart = -1 }
                if !isSpace { words.append(i..<(i + 1)) }
            } else if wordStart < 0 {
                wordStart = i
            }
        }
        if wordStart >= 0 { words.append(wordStart..<normalized.count) }
        return words
    }
}
