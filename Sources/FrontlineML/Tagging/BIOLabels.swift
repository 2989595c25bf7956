/// The tag set of a slot tagger: "O" at index 0, then "B-slot", "I-slot" per slot
/// (slots sorted), and the BIO rule of which tag may follow which.
public struct BIOLabels: Sendable, Hashable, Codable {
    public let slots: [String]

    public init(slots: [String]) {
        self.slots = Array(Set(slots)).sorted()
    }

    public var count: Int { 1 + 2 * slots.count }
    public static let outside = 0
    public func begin(_ slot: Int) -> Int { 1 + 2 * slot }
    public func inside(_ slot: Int) -> Int { 2 + 2 * slot }
    /// The slot of a B or I tag, nil for O.
    public func slot(of label: Int) -> Int? { label == 0 ? nil : (label - 1) / 2 }
    public func isInside(_ label: Int) -> Bool { label != 0 && label % 2 == 0 }

    public func name(_ label: Int) -> String {
        guard let s = slot(of: label) else { return "O" }
        return (isInside(label) ? "I-" : "B-") + slots[s]
    }

    /// Whether `next` may follow `previous` (nil: the start of the utterance).
    /// I-x only continues B-x or I-x: this is what keeps decoded spans well formed.
    @inline(__always)
    public func allows(_ previous: Int?, _ next: Int) -> Bool {
        guard isInside(next) else { return true }
        guard let previous, previous != 0 else { return false }
        return slot(of: previous) == slot(of: next)
    }

    /// Tags per token from spans; spans that do not fall on token boundaries are
    /// skipped and counted (`misaligned`), as are spans of unknown slots.
    public func encode(_ spans: [SlotSpan], tokens: [TagToken]) -> (labels: [Int], misaligned: Int) {
        var labels = [Int](repeating: 0, count: tokens.count)
        var misaligned = 0
        let index = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1, $0) })
        for span in spans {
            guard let s = index[span.slot],
                  let first = tokens.firstIndex(where: { $0.start == span.start }),
                  let last = tokens.firstIndex(where: { $0.end == span.end }), last >= first
            else {
                misaligned += 1
                continue
            }
            labels[first] = begin(s)
            for t in (first + 1)..<(last + 1) { labels[t] = inside(s) }
        }
        return (labels, misaligned)
    }

    /// Maximal runs B-x I-x… as (slot, first token, last token); a stray I-x starts a run (CoNLL).
    public func runs(_ labels: [Int]) -> [(slot: Int, first: Int, last: Int)] {
        var out: [(slot: Int, first: Int, last: Int)] = []
        var t = 0
        while t < labels.count {
            guard let s = slot(of: labels[t]) else { t += 1; continue }
            var end = t
            while end + 1 < labels.count, labels[end + 1] == inside(s) { end += 1 }
            out.append((s, t, end))
            t = end + 1
        }
        return out
    }
}
