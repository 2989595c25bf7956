/// Finds the shapes of regular expression that make a backtracking matcher (ICU, which
/// `NSRegularExpression` uses) take exponential time on a hostile message, so a domain
/// can't declare one: one 4,000-character message would stall a turn for minutes.
///
/// Refused (each has a test):
/// - backreferences (`\1`, `\k<name>`): no linear-time bound is possible;
/// - a repeated group whose inner repetition can hand characters to what follows it in the
///   same iteration, or to the next iteration: `(a+)+`, `(\w+\s?)*`, `(.*a){3}`, `(a|a?)+`;
/// - alternatives under a repetition that can start with the same character: `(a|ab)*`,
///   `(\w|\d)+`, `(?:x|x)+`.
/// Possessive quantifiers (`a++`) and atomic groups (`(?>…)`) never backtrack into
/// themselves and are accepted. Merely polynomial patterns (`\d+\d+x`) pass; the
/// recognizer's time budget bounds them (`PatternBudget`).
///
/// The analysis is conservative: a safe pattern may be refused (`(ab|ac)+`); the error
/// says how to rewrite it (`a(?:b|c)`, a possessive quantifier or an atomic group).
public enum PatternSafety {
    /// Why `pattern` can backtrack catastrophically, or nil when it can't (or does not parse:
    /// compiling reports that).
    public static func problem(in pattern: String) -> String? {
        var parser = RegexShapeParser(Array(pattern))
        guard let tree = parser.parse() else { return nil }
        return find(in: tree, parser.chars)
    }

    private static func find(in node: RegexShape, _ chars: [Character]) -> String? {
        switch node.kind {
        case .backreference:
            return "it uses a backreference (\(text(node, chars))), which can take exponential time; match the text without referring back"
        case .atomic:
            return nil
        case .atom, .assertion:
            return nil
        case .sequence(let items), .alternation(let items):
            for item in items { if let p = find(in: item, chars) { return p } }
            return nil
        case .group(let inner), .lookaround(let inner):
            return find(in: inner, chars)
        case .repeat(let inner, _, let max, let possessive):
            if !possessive && (max == nil || max! > 1) {
                if let p = ambiguousIteration(node, inner, chars) { return p }
            }
            return find(in: inner, chars)
        }
    }

    /// The body of a repetition can split the same text between its iterations, or
    /// between its parts, in more than one way.
    private static func ambiguousIteration(_ whole: RegexShape, _ body: RegexShape, _ chars: [Character]) -> String? {
        let quoted = text(whole, chars)
        let bodyFirst = body.firstSet
        let items = body.sequenceItems
        for (index, item) in items.enumerated() {
            let rest = Array(items[(index + 1)...])
            var follow = CharSet()
            var restCanBeEmpty = true
            for r in rest {
                follow.formUnion(r.firstSet)
                if !r.canBeEmpty {
                    restCanBeEmpty = false
                    break
                }
            }
            if restCanBeEmpty { follow.formUnion(bodyFirst) }
            for inner in item.unboundedRepeats where inner.repeatedSet.overlaps(follow) {
                return "nested quantifier: \(quoted) repeats \(text(inner, chars)), which can also match what follows it, "
                    + "so a long message makes the matcher try exponentially many ways; make the parts unambiguous, "
                    + "or use a possessive quantifier (++, *+) or an atomic group (?>…)"
            }
            for alternatives in item.alternations where alternatives.overlappingBranches {
                return "overlapping alternatives under a quantifier: in \(quoted) the branches of \(text(alternatives, chars)) "
                    + "can start with the same character, so a long message makes the matcher try exponentially many ways; "
                    + "factor the common start out (a(?:b|c) rather than (?:ab|ac)) or use an atomic group (?>…)"
            }
        }
        return nil
    }

    private static func text(_ node: RegexShape, _ chars: [Character]) -> String {
        let lower = max(0, min(node.start, chars.count))
        let upper = max(lower, min(node.end, chars.count))
        return String(chars[lower..<upper])
    }
}

/// A set of characters: exact for ASCII; beyond it three classes (letters and digits,
/// white space, everything else), enough to tell `\w+` from `\s`.
struct CharSet: Equatable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    /// Bit 0: non-ASCII letters, marks and digits; bit 1: non-ASCII white space; bit 2: the rest.
    var nonASCII: UInt8 = 0

    static let wordClass: UInt8 = 1
    static let spaceClass: UInt8 = 2
    static let otherClass: UInt8 = 4

    static let all = CharSet(low: ~0, high: ~0, nonASCII: 7)

    static func of(_ c: Character) -> CharSet {
        var s = CharSet()
        s.insert(c)
        return s
    }

    /// Inserts `c` and, being conservative about case-insensitive matching, its other case.
    mutating func insert(_ c: Character) {
        guard let scalar = c.unicodeScalars.first else { return }
        let v = scalar.value
        guard v < 128 else {
            let p = scalar.properties
            nonASCII |= p.isAlphabetic || p.numericType != nil ? Self.wordClass : p.isWhitespace ? Self.spaceClass : Self.otherClass
            return
        }
        insertASCII(v)
        if (65...90).contains(v) { insertASCII(v + 32) }
        if (97...122).contains(v) { insertASCII(v - 32) }
    }

    mutating func insertASCII(_ v: UInt32) {
        if v < 64 { low |= 1 << UInt64(v) } else { high |= 1 << UInt64(v - 64) }
    }

    mutating func insertRange(_ a: UInt32, _ b: UInt32) {
        guard a <= b else { return }
        if b >= 128 { nonASCII = 7 }
        guard a < 128 else { return }
        for v in a...min(b, 127) {
            insertASCII(v)
            // Case-insensitive matching folds letters.
            if (65...90).contains(v) { insertASCII(v + 32) }
            if (97...122).contains(v) { insertASCII(v - 32) }
        }
    }

    mutating func formUnion(_ other: CharSet) {
        low |= other.low
        high |= other.high
        nonASCII |= other.nonASCII
    }

    func overlaps(_ other: CharSet) -> Bool {
        (low & other.low) != 0 || (high & other.high) != 0 || (nonASCII & other.nonASCII) != 0
    }

    var inverted: CharSet { CharSet(low: ~low, high: ~high, nonASCII: ~nonASCII & 7) }

    static var digits: CharSet {
        var s = CharSet()
        s.insertRange(48, 57)
        return s
    }

    static var word: CharSet {
        var s = CharSet.digits
        s.insertRange(65, 90)
        s.insertRange(97, 122)
        s.insertASCII(95)
        s.nonASCII = wordClass
        return s
    }

    static var space: CharSet {
        var s = CharSet()
        for v: UInt32 in [9, 10, 11, 12, 13, 32] { s.insertASCII(v) }
        s.nonASCII = spaceClass
        return s
    }
}
