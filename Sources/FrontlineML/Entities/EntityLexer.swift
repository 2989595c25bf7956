/// A piece of text as the built-in entity scanners see it.
struct EntityToken {
    enum Kind: UInt8 {
        /// A run of letters (apostrophes between letters join: "o'clock" → "oclock").
        case word
        /// A run of decimal digits, any script, as ASCII digits.
        case digits
        /// One scalar that is neither a letter, a digit nor white space.
        case symbol
    }

    var kind: Kind
    /// Half-open Unicode-scalar offsets into the original text.
    var start: Int
    var end: Int
    /// Words: lower-cased and diacritic-folded; digits: ASCII; symbols: the scalar.
    var text: String
    var info: WordInfo
    /// Digits: their value, or -1 beyond 18 digits.
    var value: Int
    /// Symbols: the scalar; otherwise NUL.
    var symbol: Unicode.Scalar
}

/// Splits text into words, digit runs and single symbols. Unlike `Tokenizer` it keeps
/// digits (the value matters here) and punctuation (which makes "12.50", "5:30", "$").
enum EntityLexer {
    static func lex(_ scalars: [Unicode.Scalar]) -> [EntityToken] {
        var tokens: [EntityToken] = []
        tokens.reserveCapacity(scalars.count / 3 + 4)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        let count = scalars.count
        var i = 0
        while i < count {
            let scalar = scalars[i]
            if isLetter(scalar) {
                let start = i
                bytes.removeAll(keepingCapacity: true)
                var end = i
                while i < count {
                    let s = scalars[i]
                    if s.value < 0x80 {
                        if s.value >= 0x41 && s.value <= 0x5A {
                            bytes.append(UInt8(s.value + 0x20))
                        } else if s.value >= 0x61 && s.value <= 0x7A {
                            bytes.append(UInt8(s.value))
                        } else if s == "'" && i + 1 < count && isLetter(scalars[i + 1]) {
                            i += 1
                            continue
                        } else {
                            break
                        }
                    } else if s == "\u{2019}" && i + 1 < count && isLetter(scalars[i + 1]) {
                        i += 1
                        continue
                    } else if s.properties.generalCategory == .nonspacingMark {
                        // Folded away, but part of the word's span.
                    } else if s.properties.isAlphabetic && s.properties.numericType == nil {
                        for f in Tokenizer.fold(s) { UTF8.encode(f) { bytes.append($0) } }
                    } else {
                        break
                    }
                    i += 1
                    end = i
                }
                let text = String(decoding: bytes, as: UTF8.self)
                let info =
                    bytes.count <= EntityLexicon.longestWord
                    ? (EntityLexicon.table[text] ?? .empty) : .empty
                tokens.append(
                    EntityToken(
                        kind: .word, start: start, end: end, text: text, info: info, value: 0,
                        symbol: "\0"))
                continue
            }
            if let first = digitValue(scalar) {
                let start = i
                bytes.removeAll(keepingCapacity: true)
                var value = 0
                var d: Int? = first
                while let digit = d {
                    bytes.append(UInt8(0x30 + digit))
                    if value >= 0 { value = bytes.count > 18 ? -1 : value * 10 + digit }
                    i += 1
                    d = i < count ? digitValue(scalars[i]) : nil
                }
                tokens.append(
                    EntityToken(
                        kind: .digits, start: start, end: i,
                        text: String(decoding: bytes, as: UTF8.self), info: .empty, value: value,
                        symbol: "\0"))
                continue
            }
            if isSpace(scalar) {
                i += 1
                continue
            }
            tokens.append(
                EntityToken(
                    kind: .symbol, start: i, end: i + 1, text: String(scalar), info: .empty,
                    value: 0, symbol: scalar))
            i += 1
        }
        return tokens
    }

    @inline(__always)
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
        return s.properties.isAlphabetic && s.properties.numericType == nil
    }

    /// 0–9 for a decimal digit of any script, else nil.
    @inline(__always)
    static func digitValue(_ s: Unicode.Scalar) -> Int? {
        let v = s.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 ? Int(v - 0x30) : nil }
        guard s.properties.numericType == .decimal, let n = s.properties.numericValue else {
            return nil
        }
        return Int(n)
    }

    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return s.properties.isWhitespace
    }
}
