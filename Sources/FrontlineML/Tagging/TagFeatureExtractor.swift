/// Per-token feature keys, in the spirit of classic CRF slot fillers: the word and
/// its neighbours ±2, word bigrams, prefixes and suffixes 1–4, shapes and flags,
/// the utterance's intent (alone and with the word), gazetteer matches and any
/// caller-supplied features. Output is flat: keys of token t are
/// `keys[starts[t]..<starts[t + 1]]`.
struct TagFeatureExtractor: Sendable {
    var useIntent: Bool
    var gazetteer: SlotGazetteer?
    var source: (any TokenFeatureSource)?
    /// Neighbouring words as features up to this distance (2 or more).
    var window: Int = 2
    /// The intent also conjoined with the next word and with the bigram around the word.
    var intentContext: Bool = false

    struct Output {
        var keys: [UInt64] = []
        var starts: [Int] = [0]
    }

    /// Template identifiers; part of the saved model's meaning (bump the format on change).
    enum T: UInt64 {
        case bias = 1, word, prev1, next1, prev2, next2, bigramPrev, bigramNext, bigramPrev2, bigramNext2
        case prefix, suffix, shape, shortShape, flags, length, first, last
        case intent, intentWord, intentPrev, gazBegin, gazInside, external, digitWord
        case prevFar, nextFar, intentNext, intentBigram
    }

    @inline(__always)
    static func key(_ t: T, _ v: UInt64 = 0) -> UInt64 { FeatureHash.combine(FeatureHash.mix(t.rawValue), v) }

    static let boundary = FeatureHash.string("<s>")
    static let end = FeatureHash.string("</s>")

    /// Lower-cased forms' hashes (what the gazetteer keys on).
    static func wordHashes(_ tokens: [TagToken]) -> [UInt64] {
        tokens.map { FeatureHash.scalars(lower($0.raw)) }
    }

    func extract(_ tokens: [TagToken], text: String, intent: String?) -> Output {
        var out = Output()
        let n = tokens.count
        out.keys.reserveCapacity(n * 36)
        out.starts.reserveCapacity(n + 1)
        let lowered = tokens.map { Self.lower($0.raw) }
        let words = lowered.map { FeatureHash.scalars($0) }
        func word(_ i: Int) -> UInt64 { i < 0 ? Self.boundary : i >= n ? Self.end : words[i] }
        let intentHash = useIntent ? intent.map(FeatureHash.string) : nil

        // Gazetteer matches per token, collected first (a match spans tokens).
        var gaz = [[UInt64]](repeating: [], count: n)
        gazetteer?.forEachMatch(words) { slot, first, last in
            gaz[first].append(Self.key(.gazBegin, UInt64(slot)))
            if last > first { for t in (first + 1)...last { gaz[t].append(Self.key(.gazInside, UInt64(slot))) } }
        }
        let external = source?.features(for: tokens, in: text)

        for t in 0..<n {
            let w = words[t]
            let raw = tokens[t].raw, low = lowered[t]
            out.keys.append(Self.key(.bias))
            out.keys.append(Self.key(.word, w))
            out.keys.append(Self.key(.prev1, word(t - 1)))
            out.keys.append(Self.key(.next1, word(t + 1)))
            out.keys.append(Self.key(.prev2, word(t - 2)))
            out.keys.append(Self.key(.next2, word(t + 2)))
            out.keys.append(Self.key(.bigramPrev, FeatureHash.combine(word(t - 1), w)))
            out.keys.append(Self.key(.bigramNext, FeatureHash.combine(w, word(t + 1))))
            out.keys.append(Self.key(.bigramPrev2, FeatureHash.combine(word(t - 2), word(t - 1))))
            out.keys.append(Self.key(.bigramNext2, FeatureHash.combine(word(t + 1), word(t + 2))))
            if window > 2 {
                for d in 3...window {
                    out.keys.append(Self.key(.prevFar, FeatureHash.combine(UInt64(d), word(t - d))))
                    out.keys.append(Self.key(.nextFar, FeatureHash.combine(UInt64(d), word(t + d))))
                }
            }
            // Affixes: only as long as the word, each length its own feature.
            var h: UInt64 = 0
            for i in 0..<min(4, low.count) {
                h = FeatureHash.combine(h, UInt64(low[i].value))
                out.keys.append(Self.key(.prefix, h))
            }
            h = 0
            for i in 0..<min(4, low.count) {
                h = FeatureHash.combine(h, UInt64(low[low.count - 1 - i].value))
                out.keys.append(Self.key(.suffix, h))
            }
            let (shape, short, flags) = Self.shape(raw)
            out.keys.append(Self.key(.shape, shape))
            out.keys.append(Self.key(.shortShape, short))
            out.keys.append(Self.key(.flags, flags))
            if flags & 2 != 0 {
                // Digits folded to "0": "7pm" and "9pm" share a feature.
                out.keys.append(Self.key(.digitWord, FeatureHash.scalars(low.map { Self.kind($0) == .digit ? "0" : $0 })))
            }
            out.keys.append(Self.key(.length, UInt64(min(low.count, 8))))
            if t == 0 { out.keys.append(Self.key(.first)) }
            if t == n - 1 { out.keys.append(Self.key(.last)) }
            if let i = intentHash {
                out.keys.append(Self.key(.intent, i))
                out.keys.append(Self.key(.intentWord, FeatureHash.combine(i, w)))
                out.keys.append(Self.key(.intentPrev, FeatureHash.combine(i, word(t - 1))))
                if intentContext {
                    out.keys.append(Self.key(.intentNext, FeatureHash.combine(i, word(t + 1))))
                    out.keys.append(Self.key(.intentBigram, FeatureHash.combine(i, FeatureHash.combine(word(t - 1), w))))
                }
            }
            out.keys.append(contentsOf: gaz[t])
            if let external, t < external.count {
                for f in external[t] { out.keys.append(Self.key(.external, FeatureHash.string(f))) }
            }
            out.starts.append(out.keys.count)
        }
        return out
    }

    static func lower(_ raw: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(raw.count)
        for s in raw {
            if s.value < 0x80 {
                out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(UInt8(s.value + 0x20)) : s)
            } else {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    /// Word shape ("Xxxx" capped at 4 per run, "Xx" collapsed) and flags:
    /// 1 all digits, 2 has a digit, 4 all punctuation, 8 title case, 16 all upper, 32 has punctuation.
    static func shape(_ raw: [Unicode.Scalar]) -> (UInt64, UInt64, UInt64) {
        var shape: UInt64 = 0x5348, short: UInt64 = 0x5353
        var last: UInt32 = 0, run = 0
        var digits = 0, puncts = 0, uppers = 0, letters = 0
        for s in raw {
            let c: UInt32
            switch Self.kind(s) {
            case .digit: c = 100; digits += 1
            case .upper: c = 88; uppers += 1; letters += 1
            case .lower: c = 120; letters += 1
            case .other: c = s.value; puncts += 1
            }
            run = c == last ? run + 1 : 1
            if run <= 4 { shape = FeatureHash.combine(shape, UInt64(c)) }
            if c != last { short = FeatureHash.combine(short, UInt64(c)) }
            last = c
        }
        var flags: UInt64 = 0
        if digits == raw.count { flags |= 1 }
        if digits > 0 { flags |= 2 }
        if puncts == raw.count { flags |= 4 }
        if let f = raw.first, kind(f) == .upper, uppers == 1, letters > 1 { flags |= 8 }
        if letters > 0, uppers == letters { flags |= 16 }
        if puncts > 0 { flags |= 32 }
        return (shape, short, flags)
    }

    enum Kind { case digit, upper, lower, other }

    /// Character class for shapes, with an ASCII fast path (Unicode property
    /// lookups were a third of the tagging time).
    @inline(__always)
    static func kind(_ s: Unicode.Scalar) -> Kind {
        let v = s.value
        if v < 0x80 {
            switch v {
            case 0x30...0x39: return .digit
            case 0x41...0x5A: return .upper
            case 0x61...0x7A: return .lower
            default: return .other
            }
        }
        let p = s.properties
        if p.numericType == .decimal { return .digit }
        if p.isUppercase { return .upper }
        if p.isAlphabetic { return .lower }
        return .other
    }
}
