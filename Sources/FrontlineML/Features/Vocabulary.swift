/// Maps n-gram keys to feature columns with an open-addressing table.
///
/// The columns are the keys' positions in `keys`, which is what a model file
/// stores; the table is rebuilt on load (a few milliseconds for 200k keys).
public struct Vocabulary: Sendable {
    public let keys: [UInt64]
    private let slots: [UInt64]
    private let columns: [Int32]
    private let mask: Int

    public init(keys: [UInt64]) {
        self.keys = keys
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        var columns = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (column, key) in keys.enumerated() {
            var i = Int(truncatingIfNeeded: key) & mask
            while slots[i] != 0 && slots[i] != key { i = (i + 1) & mask }
            slots[i] = key
            columns[i] = Int32(column)
        }
        self.slots = slots
        self.columns = columns
        self.mask = mask
    }

    public var count: Int { keys.count }

    /// The column of `key`, or -1 when training never kept it.
    @inline(__always)
    public func column(of key: UInt64) -> Int32 {
        slots.withUnsafeBufferPointer { slots in
            var i = Int(truncatingIfNeeded: key) & mask
            while true {
                let k = slots[i]
                if k == key { return columns[i] }
                if k == 0 { return -1 }
                i = (i + 1) & mask
            }
        }
    }
}
