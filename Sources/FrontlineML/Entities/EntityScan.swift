/// One recognition pass over one text: the scalars, their tokens and what the
/// scanners (extensions of this type, one file per family) have found so far.
struct EntityScan {
    let scalars: [Unicode.Scalar]
    let tokens: [EntityToken]
    let settings: EntitySettings
    let reference: ReferenceTime
    var candidates: [EntityCandidate] = []

    init(scalars: [Unicode.Scalar], settings: EntitySettings, reference: ReferenceTime) {
        self.scalars = scalars
        self.tokens = EntityLexer.lex(scalars)
        self.settings = settings
        self.reference = reference
        candidates.reserveCapacity(16)
    }

    var count: Int { tokens.count }

    /// Adds a candidate spanning tokens `first..<end`.
    mutating func add(_ kind: EntityCandidate.Kind, tokens first: Int, _ end: Int, _ payload: EntityCandidate.Payload) {
        guard first < end, end <= tokens.count else { return }
        candidates.append(
            EntityCandidate(kind: kind, start: tokens[first].start, end: tokens[end - 1].end, payload: payload))
    }

    // MARK: Token tests, all safe for any index.

    /// Token `i` ends exactly where token `j` starts (no white space between).
    @inline(__always)
    func adjacent(_ i: Int, _ j: Int) -> Bool {
        i >= 0 && j < tokens.count && i < j && tokens[i].end == tokens[j].start
    }

    /// Tokens `i` and `j` are separated by at most one white-space scalar.
    @inline(__always)
    func near(_ i: Int, _ j: Int) -> Bool {
        i >= 0 && j < tokens.count && i < j && tokens[j].start - tokens[i].end <= 1
    }

    @inline(__always)
    func isSymbol(_ i: Int, _ s: Unicode.Scalar) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .symbol && tokens[i].symbol == s
    }

    @inline(__always)
    func isDigits(_ i: Int) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .digits
    }

    @inline(__always)
    func isWord(_ i: Int) -> Bool {
        i >= 0 && i < tokens.count && tokens[i].kind == .word
    }

    @inline(__always)
    func keyword(_ i: Int) -> EntityKeyword {
        i >= 0 && i < tokens.count ? tokens[i].info.keyword : .none
    }

    @inline(__always)
    func info(_ i: Int) -> WordInfo {
        i >= 0 && i < tokens.count ? tokens[i].info : .empty
    }

    /// A digit run that does not continue a code or another number: not glued to
    /// letters or digits ("A12", "7b"), nor to them through ".", ",", ":", "/", "-"
    /// ("A-12345", "3.5" read from the "5").
    func startsCleanly(_ i: Int) -> Bool {
        guard adjacent(i - 1, i) else { return true }
        let previous = tokens[i - 1]
        guard previous.kind == .symbol else { return false }
        switch previous.symbol {
        case ".", ",", ":", "/", "-":
            return !(adjacent(i - 2, i - 1) && tokens[i - 2].kind != .symbol)
        default:
            return true
        }
    }

    /// A letter run glued to the end of token `i` ("5pm", "2nd", "7b").
    @inline(__always)
    func gluedWord(after i: Int) -> Bool {
        adjacent(i, i + 1) && tokens[i + 1].kind == .word
    }
}
