/// Slot values seen in training, as lower-cased token sequences per slot. A match
/// in new text becomes "this token begins / continues a known <slot> value".
struct SlotGazetteer: Sendable {
    /// Phrase key (hash of the lower-cased token sequence) → slots that had it as a value.
    private(set) var phrases: [UInt64: [Int32]] = [:]
    private(set) var longest = 0
    /// Longer values are rare and mostly titles that a gazetteer would not generalise.
    static let maxTokens = 8

    init() {}

    init(phrases: [UInt64: [Int32]], longest: Int) {
        self.phrases = phrases
        self.longest = longest
    }

    /// Adds the value at tokens first...last (their lower-cased form hashes) for `slot`.
    mutating func add(_ words: ArraySlice<UInt64>, slot: Int32) {
        guard !words.isEmpty, words.count <= Self.maxTokens else { return }
        let key = Self.key(words)
        var slots = phrases[key] ?? []
        if !slots.contains(slot) {
            slots.append(slot)
            slots.sort()
            phrases[key] = slots
        }
        longest = max(longest, words.count)
    }

    /// Every (slot, first, last) whose tokens spell a known value of the slot.
    func forEachMatch(_ words: [UInt64], _ body: (Int32, Int, Int) -> Void) {
        guard longest > 0 else { return }
        for first in words.indices {
            var key: UInt64 = 0x6761_7A65_7474_6565
            for last in first..<min(words.count, first + longest) {
                key = FeatureHash.combine(key, words[last])
                if let slots = phrases[key] {
                    for s in slots { body(s, first, last) }
                }
            }
        }
    }

    static func key(_ words: ArraySlice<UInt64>) -> UInt64 {
        var key: UInt64 = 0x6761_7A65_7474_6565
        for w in words { key = FeatureHash.combine(key, w) }
        return key
    }

    /// Flat form for saving: keys, then per key the count of slots and the slots.
    var flattened: (keys: [UInt64], slotCounts: [Int32], slots: [Int32]) {
        var keys: [UInt64] = [], counts: [Int32] = [], slots: [Int32] = []
        for key in phrases.keys.sorted() {
            let s = phrases[key] ?? []
            keys.append(key)
            counts.append(Int32(s.count))
            slots.append(contentsOf: s)
        }
        return (keys, counts, slots)
    }

    init?(keys: [UInt64], slotCounts: [Int32], slots: [Int32], longest: Int) {
        guard keys.count == slotCounts.count, slotCounts.reduce(0, { $0 + Int(max(0, $1)) }) == slots.count else { return nil }
        var table: [UInt64: [Int32]] = [:]
        var offset = 0
        for (key, count) in zip(keys, slotCounts) {
            table[key] = Array(slots[offset..<(offset + Int(count))])
            offset += Int(count)
        }
        self.init(phrases: table, longest: longest)
    }
}
