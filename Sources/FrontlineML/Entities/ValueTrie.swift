/// A character trie over the folded, space-free forms of declared slot values,
/// searched exactly or with one typo in a single walk.
///
/// Frozen into flat arrays after building: each node's children are a run of
/// (label, target) pairs sorted by label.
struct ValueTrie: Sendable {
    /// A terminal's value index; `ambiguous` when two canonical values share the form.
    static let none: Int32 = -1
    static let ambiguous: Int32 = -2

    private var childStart: [Int32] = []
    private var childCount: [Int32] = []
    private var labels: [UInt32] = []
    private var targets: [Int32] = []
    private var terminal: [Int32] = []
    private var depth: [Int32] = []

    /// Builds from (folded form, value index) pairs.
    init(_ entries: [([UInt32], Int)]) {
        var children: [[UInt32: Int32]] = [[:]]
        var terminals: [Int32] = [Self.none]
        var depths: [Int32] = [0]
        for (form, value) in entries where !form.isEmpty {
            var node = 0
            for unit in form {
                if let next = children[node][unit] {
                    node = Int(next)
                } else {
                    let next = Int32(children.count)
                    children.append([:])
                    terminals.append(Self.none)
                    depths.append(depths[node] + 1)
                    children[node][unit] = next
                    node = Int(next)
                }
            }
            let existing = terminals[node]
            if existing == Self.none {
                terminals[node] = Int32(value)
            } else if existing != Int32(value) {
                terminals[node] = Self.ambiguous
            }
        }
        for node in children {
            childStart.append(Int32(labels.count))
            childCount.append(Int32(node.count))
            for (label, target) in node.sorted(by: { $0.key < $1.key }) {
                labels.append(label)
                targets.append(target)
            }
        }
        terminal = terminals
        depth = depths
    }

    /// One way the text from the walk's start to `end` spells a declared form.
    struct Hit {
        /// Unit position in the folded text just after the match.
        var end: Int
        /// Value index, or `ValueTrie.ambiguous`.
        var value: Int32
        var exact: Bool
    }

    /// Every declared form the folded text spells from unit `start`, ending where
    /// `accept(end)` allows, exactly or with one typo: an inserted, missing or wrong
    /// letter, or two adjacent letters swapped. Typos never touch digits or the first
    /// letter ("phone" is not a typo of "iphone"), need a form of at least
    /// `fuzzyMinimum` units, and never insert a whole one-letter word.
    func walk(
        _ text: FoldedText, from start: Int, fuzzyMinimum: Int, accept: (Int) -> Bool, into hits: inout [Hit]
    ) {
        var search = Search(trie: self, text: text, start: start, fuzzyMinimum: fuzzyMinimum, hits: hits)
        search.visit(node: 0, at: start, edits: 1, accept: accept)
        hits = search.hits
    }

    private func child(_ node: Int, _ label: UInt32) -> Int? {
        let from = Int(childStart[node])
        let to = from + Int(childCount[node])
        var lo = from
        var hi = to
        while lo < hi {
            let mid = (lo + hi) / 2
            if labels[mid] < label { lo = mid + 1 } else { hi = mid }
        }
        return lo < to && labels[lo] == label ? Int(targets[lo]) : nil
    }

    private struct Search {
        let trie: ValueTrie
        let text: FoldedText
        let start: Int
        let fuzzyMinimum: Int
        var hits: [Hit]

        mutating func visit(node: Int, at p: Int, edits: Int, accept: (Int) -> Bool) {
            let units = text.units
            let value = trie.terminal[node]
            if value != ValueTrie.none && accept(p) && (edits == 1 || Int(trie.depth[node]) >= fuzzyMinimum) {
                hits.append(Hit(end: p, value: value, exact: edits == 1))
            }
            let here: UInt32? = p < units.count ? units[p] : nil
            if let here, let next = trie.child(node, here) {
                visit(node: next, at: p + 1, edits: edits, accept: accept)
            }
            guard edits > 0, p > start else { return }
            let from = Int(trie.childStart[node])
            let to = from + Int(trie.childCount[node])
            for e in from..<to where FoldedText.isLetter(trie.labels[e]) {
                let target = Int(trie.targets[e])
                // A missing letter in the text.
                visit(node: target, at: p, edits: 0, accept: accept)
                // A wrong letter.
                if let here, here != trie.labels[e], FoldedText.isLetter(here) {
                    visit(node: target, at: p + 1, edits: 0, accept: accept)
                }
            }
            guard let here, FoldedText.isLetter(here) else { return }
            // An extra letter, unless it is a whole one-letter word ("a iphone").
            if text.wordLength(at: p) > 1 {
                visit(node: node, at: p + 1, edits: 0, accept: accept)
            }
            // Two letters swapped.
            if p + 1 < units.count, units[p + 1] != here, FoldedText.isLetter(units[p + 1]),
                let first = trie.child(node, units[p + 1]), let second = trie.child(first, here)
            {
                visit(node: second, at: p + 2, edits: 0, accept: accept)
            }
        }
    }
}
