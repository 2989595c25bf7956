/// Feature key → feature number, an open-addressing table with linear probing.
/// The keys are already well-mixed 64-bit hashes, so a lookup is a mask and a
/// compare or two; key and value share a slot so a lookup costs one cache miss
/// (on the tagging path these misses are most of the time).
struct FeatureIndex: Sendable {
    struct Slot: Sendable {
        var key: UInt64
        var value: Int32
        /// Free for the owner: the tagger keeps the end of the feature's pair row here.
        var extra: Int32
    }

    /// Keys in feature-number order (what gets saved).
    private(set) var keys: [UInt64] = []
    private var slots: [Slot]
    private var mask: Int
    private static let empty: UInt64 = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: Self.empty, value: -1, extra: -1), count: size)
        mask = size - 1
    }

    init(keys: [UInt64]) {
        self.init(capacity: keys.count)
        for k in keys { _ = insert(k) }
    }

    var count: Int { keys.count }

    /// The key 0 is the empty marker; it is folded onto 1 (one extra collision in 2^64).
    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == empty ? 1 : key }

    @inline(__always)
    func slot(_ key: UInt64) -> Slot? {
        let k = Self.stored(key)
        return slots.withUnsafeBufferPointer { s in
            var i = Int(truncatingIfNeeded: k) & mask
            while true {
                if s[i].key == k { return s[i] }
                if s[i].key == Self.empty { return nil }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    func lookup(_ key: UInt64) -> Int32? { slot(key)?.value }

    /// The key's number, adding it when new.
    mutating func insert(_ key: UInt64) -> Int32 {
        if let v = lookup(key) { return v }
        if (keys.count + 1) * 2 > slots.count { grow() }
        let k = Self.stored(key)
        var i = Int(truncatingIfNeeded: k) & mask
        while slots[i].key != Self.empty { i = (i + 1) & mask }
        let v = Int32(keys.count)
        slots[i] = Slot(key: k, value: v, extra: -1)
        keys.append(key)
        return v
    }

    /// Sets every slot's value and extra from its feature number (the tagger stores
    /// the feature's pair row there, saving a dependent load per feature).
    mutating func remap(_ body: (Int32) -> (Int32, Int32)) {
        for i in slots.indices where slots[i].key != Self.empty {
            (slots[i].value, slots[i].extra) = body(slots[i].value)
        }
    }

    private mutating func grow() {
        var bigger = FeatureIndex(capacity: slots.count)
        for k in keys { _ = bigger.insert(k) }
        self = bigger
    }
}
