/// The structure of a regular expression, just enough for `PatternSafety`: what repeats
/// what, where alternatives are, and which characters each part can start with.
struct RegexShape {
    indirect enum Kind {
        case atom(CharSet)
        /// Anchors, word boundaries, inline flags, comments: match no characters.
        case assertion
        case backreference
        case sequence([RegexShape])
        case alternation([RegexShape])
        case group(RegexShape)
        /// Look-ahead and look-behind: checked inside, but consume nothing.
        case lookaround(RegexShape)
        /// `(?>…)`: never backtracks into itself.
        case atomic(RegexShape)
        case `repeat`(RegexShape, min: Int, max: Int?, possessive: Bool)
    }

    var kind: Kind
    /// Character offsets of the source text, for error messages.
    var start: Int
    var end: Int

    /// The characters a match of this part can start with.
    var firstSet: CharSet {
        switch kind {
        case .atom(let set): return set
        case .assertion, .lookaround: return CharSet()
        case .backreference: return .all
        case .sequence(let items):
            var set = CharSet()
            for item in items {
                set.formUnion(item.firstSet)
                if !item.canBeEmpty { break }
            }
            return set
        case .alternation(let branches):
            var set = CharSet()
            for b in branches { set.formUnion(b.firstSet) }
            return set
        case .group(let inner), .atomic(let inner), .repeat(let inner, _, _, _): return inner.firstSet
        }
    }

    var canBeEmpty: Bool {
        switch kind {
        case .atom: return false
        case .assertion, .lookaround, .backreference: return true
        case .sequence(let items): return items.allSatisfy(\.canBeEmpty)
        case .alternation(let branches): return branches.contains { $0.canBeEmpty }
        case .group(let inner), .atomic(let inner): return inner.canBeEmpty
        case .repeat(let inner, let min, _, _): return min == 0 || inner.canBeEmpty
        }
    }

    /// Every character this part can consume.
    var repeatedSet: CharSet {
        switch kind {
        case .atom(let set): return set
        case .assertion, .lookaround: return CharSet()
        case .backreference: return .all
        case .sequence(let items), .alternation(let items):
            var set = CharSet()
            for item in items { set.formUnion(item.repeatedSet) }
            return set
        case .group(let inner), .atomic(let inner), .repeat(let inner, _, _, _): return inner.repeatedSet
        }
    }

    /// The parts of a group or sequence, in order.
    var sequenceItems: [RegexShape] {
        switch kind {
        case .group(let inner): return inner.sequenceItems
        case .sequence(let items): return items
        default: return [self]
        }
    }

    /// Backtracking repetitions (more than once, not possessive) in this part, itself
    /// included; atomic groups and look-arounds are not entered.
    var unboundedRepeats: [RegexShape] {
        var found: [RegexShape] = []
        collect(into: &found) {
            if case .repeat(_, _, let max, let possessive) = $0.kind { return !possessive && (max == nil || max! > 1) }
            return false
        }
        return found
    }

    /// Alternations in this part, itself included; atomic groups and look-arounds are not entered.
    var alternations: [RegexShape] {
        var found: [RegexShape] = []
        collect(into: &found) {
            if case .alternation = $0.kind { return true }
            return false
        }
        return found
    }

    /// Two branches can start with the same character.
    var overlappingBranches: Bool {
        guard case .alternation(let branches) = kind else { return false }
        let firsts = branches.map(\.firstSet)
        for i in firsts.indices {
            for j in firsts.indices where j > i && firsts[i].overlaps(firsts[j]) { return true }
        }
        return false
    }

    private func collect(into found: inout [RegexShape], _ wanted: (RegexShape) -> Bool) {
        if wanted(self) { found.append(self) }
        switch kind {
        case .sequence(let items), .alternation(let items):
            for item in items { item.collect(into: &found, wanted) }
        case .group(let inner), .repeat(let inner, _, _, _):
            inner.collect(into: &found, wanted)
        case .atom, .assertion, .backreference, .lookaround, .atomic:
            break
        }
    }
}

/// Reads ICU regular-expression syntax into a `RegexShape`. Returns nil for text it can't
/// read (unbalanced parentheses…): compiling the expression reports those.
struct RegexShapeParser {
    let chars: [Character]
    private var i = 0

    init(_ chars: [Character]) { self.chars = chars }

    mutating func parse() -> RegexShape? {
        guard let tree = parseAlternation(), i == chars.count else { return nil }
        return tree
    }

    private var atEnd: Bool { i >= chars.count }
    private func peek(_ offset: Int = 0) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }

    private mutating func parseAlternation() -> RegexShape? {
        let start = i
        guard let first = parseSequence() else { return nil }
        var branches = [first]
        while peek() == "|" {
            i += 1
            guard let next = parseSequence() else { return nil }
            branches.append(next)
        }
        return branches.count == 1 ? first : RegexShape(kind: .alternation(branches), start: start, end: i)
    }

    private mutating func parseSequence() -> RegexShape? {
        let start = i
        var items: [RegexShape] = []
        while let c = peek(), c != "|", c != ")" {
            guard let item = parseQuantified() else { return nil }
            items.append(item)
        }
        return items.count == 1 ? items[0] : RegexShape(kind: .sequence(items), start: start, end: i)
    }

    private mutating func parseQuantified() -> RegexShape? {
        let start = i
        guard var atom = parseAtom() else { return nil }
        while true {
            var min = 0
            var max: Int?
            switch peek() {
            case "*": i += 1
            case "+":
                i += 1
                min = 1
            case "?":
                i += 1
                max = 1
            case "{":
                guard let (a, b, next) = braces(at: i) else { return atom }
                min = a
                max = b
                i = next
            default:
                return atom
            }
            var possessive = false
            if peek() == "?" {
                i += 1
            } else if peek() == "+" {
                i += 1
                possessive = true
            }
            atom = RegexShape(kind: .repeat(atom, min: min, max: max, possessive: possessive), start: start, end: i)
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` at `at`: (min, max, index after).
    private func braces(at: Int) -> (Int, Int?, Int)? {
        var j = at + 1
        func number() -> Int? {
            var digits = ""
            while j < chars.count, let d = chars[j].wholeNumberValue, chars[j].isASCII {
                digits.append(String(d))
                j += 1
            }
            return digits.isEmpty ? nil : Int(digits.prefix(9))
        }
        guard let a = number() else { return nil }
        if j < chars.count && chars[j] == "}" { return (a, a, j + 1) }
        guard j < chars.count && chars[j] == "," else { return nil }
        j += 1
        let b = number()
        guard j < chars.count && chars[j] == "}" else { return nil }
        return (a, b, j + 1)
    }

    private mutating func parseAtom() -> RegexShape? {
        let start = i
        guard let c = peek() else { return nil }
        switch c {
        case "(":
            return parseGroup()
        case "[":
            i += 1
            guard let set = parseClass() else { return nil }
            return RegexShape(kind: .atom(set), start: start, end: i)
        case ".":
            i += 1
            return RegexShape(kind: .atom(.all), start: start, end: i)
        case "^", "$":
            i += 1
            return RegexShape(kind: .assertion, start: start, end: i)
        case "\\":
            return parseEscape()
        case "*", "+", "?", "{", ")":
            // A quantifier with nothing to repeat: not ours to explain.
            return nil
        default:
            i += 1
            return RegexShape(kind: .atom(.of(c)), start: start, end: i)
        }
    }

    private mutating func parseGroup() -> RegexShape? {
        let start = i
        i += 1
        enum Form { case plain, atomic, lookaround }
        var form = Form.plain
        if peek() == "?" {
            switch peek(1) {
            case "#":
                while let c = peek(), c != ")" { i += 1 }
                guard peek() == ")" else { return nil }
                i += 1
                return RegexShape(kind: .assertion, start: start, end: i)
            case ":":
                i += 2
            case ">":
                i += 2
                form = .atomic
            case "=", "!":
                i += 2
                form = .lookaround
            case "<":
                if peek(2) == "=" || peek(2) == "!" {
                    i += 3
                    form = .lookaround
                } else {
                    // Named group.
                    while let c = peek(), c != ">" { i += 1 }
                    guard peek() == ">" else { return nil }
                    i += 1
                }
            default:
                // Inline flags: "(?i)" alone, or "(?i:…)".
                i += 1
                while let c = peek(), c.isLetter || c == "-" { i += 1 }
                if peek() == ")" {
                    i += 1
                    return RegexShape(kind: .assertion, start: start, end: i)
                }
                guard peek() == ":" else { return nil }
                i += 1
            }
        }
        guard let inner = parseAlternation(), peek() == ")" else { return nil }
        i += 1
        switch form {
        case .plain: return RegexShape(kind: .group(inner), start: start, end: i)
        case .atomic: return RegexShape(kind: .atomic(inner), start: start, end: i)
        case .lookaround: return RegexShape(kind: .lookaround(inner), start: start, end: i)
        }
    }

    private mutating func parseEscape() -> RegexShape? {
        let start = i
        i += 1
        guard let c = peek() else { return nil }
        i += 1
        func atom(_ set: CharSet) -> RegexShape { RegexShape(kind: .atom(set), start: start, end: i) }
        switch c {
        case "1", "2", "3", "4", "5", "6", "7", "8", "9":
            while let d = peek(), d.isASCII, d.isNumber { i += 1 }
            return RegexShape(kind: .backreference, start: start, end: i)
        case "k":
            if peek() == "<" {
                while let d = peek(), d != ">" { i += 1 }
                if peek() == ">" { i += 1 }
            }
            return RegexShape(kind: .backreference, start: start, end: i)
        case "b", "B", "A", "Z", "z", "G":
            return RegexShape(kind: .assertion, start: start, end: i)
        case "Q":
            var set = CharSet()
            var any = false
            while let d = peek() {
                if d == "\\" && peek(1) == "E" {
                    i += 2
                    break
                }
                set.insert(d)
                any = true
                i += 1
            }
            return any ? atom(set) : RegexShape(kind: .assertion, start: start, end: i)
        default:
            return atom(escapedSet(c))
        }
    }

    /// The characters of an escape (after the backslash, at `c`), reading its argument.
    private mutating func escapedSet(_ c: Character) -> CharSet {
        switch c {
        case "d": return .digits
        case "D": return CharSet.digits.inverted
        case "w": return .word
        case "W": return CharSet.word.inverted
        case "s": return .space
        case "S": return CharSet.space.inverted
        case "p", "P":
            var name = ""
            if peek() == "{" {
                i += 1
                while let d = peek(), d != "}" {
                    name.append(d)
                    i += 1
                }
                if peek() == "}" { i += 1 }
            } else if let d = peek() {
                name = String(d)
                i += 1
            }
            var set: CharSet
            if name.hasPrefix("L") || name.lowercased().hasPrefix("letter") || name.lowercased() == "alpha" {
                set = CharSet()
                set.insertRange(65, 90)
                set.insertRange(97, 122)
                set.nonASCII = CharSet.wordClass
            } else if name.hasPrefix("N") || name == "Nd" || name.lowercased() == "digit" {
                set = .digits
                set.nonASCII = CharSet.wordClass
            } else {
                return .all
            }
            return c == "P" ? set.inverted : set
        case "x", "u", "U", "N", "0", "c", "h", "H", "v", "V", "R", "X":
            // Code points and named characters: skip the argument, count as anything.
            if peek() == "{" {
                while let d = peek(), d != "}" { i += 1 }
                if peek() == "}" { i += 1 }
            } else {
                while let d = peek(), d.isHexDigit, c != "h", c != "H", c != "v", c != "V", c != "R", c != "X" {
                    i += 1
                }
            }
            return .all
        case "n": return .of("\n")
        case "t": return .of("\t")
        case "r": return .of("\r")
        case "f": return .of("\u{0C}")
        case "e": return .of("\u{1B}")
        case "a": return .of("\u{07}")
        default: return .of(c)
        }
    }

    /// A bracket expression after its "[": the set, or nil when unterminated.
    private mutating func parseClass() -> CharSet? {
        var set = CharSet()
        var negated = false
        if peek() == "^" {
            negated = true
            i += 1
        }
        var first = true
        var previous: Character?
        while let c = peek() {
            if c == "]" && !first {
                i += 1
                return negated ? set.inverted : set
            }
            first = false
            switch c {
            case "[":
                // A nested set or set operation ("[[a-z]&&[^x]]", "[[:alpha:]]"): anything.
                var depth = 0
                while let d = peek() {
                    if d == "\\" {
                        i += 2
                        continue
                    }
                    if d == "[" { depth += 1 }
                    if d == "]" {
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            break
                        }
                    }
                    i += 1
                }
                set = .all
                previous = nil
            case "\\":
                i += 1
                guard let e = peek() else { return nil }
                i += 1
                switch e {
                case "d", "D", "w", "W", "s", "S", "p", "P", "x", "u", "U", "N", "0", "h", "H", "v", "V":
                    set.formUnion(escapedSet(e))
                    previous = nil
                case "n": set.insert("\n"); previous = "\n"
                case "t": set.insert("\t"); previous = "\t"
                case "r": set.insert("\r"); previous = "\r"
                default:
                    set.insert(e)
                    previous = e
                }
            case "-":
                i += 1
                if let low = previous, let high = peek(), high != "]", high != "[", high != "\\" {
                    i += 1
                    if let a = low.unicodeScalars.first?.value, let b = high.unicodeScalars.first?.value {
                        set.insertRange(a, b)
                        // Case-insensitive matching may fold either end.
                        set.insert(low)
                        set.insert(high)
                    }
                    previous = nil
                } else {
                    set.insert("-")
                    previous = "-"
                }
            default:
                set.insert(c)
                previous = c
                i += 1
            }
        }
        return nil
    }
}
