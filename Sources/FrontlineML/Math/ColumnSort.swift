/// Sorting of feature-column lists.
///
/// A text yields ~100–300 column indices that must be sorted before repeats are
/// counted. The standard library's stable comparison sort spent ~2 µs on that per
/// prediction (branch mispredictions); an LSD radix sort over 8-bit digits is
/// branch-free per element and needs only as many passes as the largest column
/// has bytes.
public enum ColumnSort {
    /// Sorts non-negative `columns` ascending, in place.
    public static func sort(_ columns: inout [Int32]) {
        let n = columns.count
        if n < 2 { return }
        if n <= 16 {
            insertionSort(&columns)
            return
        }
        var largest: Int32 = 0
        for c in columns {
            precondition(c >= 0, "column indices are never negative")
            if c > largest { largest = c }
        }
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { scratch in
            columns.withUnsafeMutableBufferPointer { data in
                var source = data.baseAddress!
                var target = scratch.baseAddress!
                var shift: Int32 = 0
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
                    while shift < 32 && (shift == 0 || largest >> shift != 0) {
                        counts.initialize(repeating: 0)
                        for i in 0..<n { counts[Int((source[i] >> shift) & 0xFF)] += 1 }
                        var total = 0
                        for d in 0..<256 {
                            let c = counts[d]
                            counts[d] = total
                            total += c
                        }
                        for i in 0..<n {
                            let v = source[i]
                            let d = Int((v >> shift) & 0xFF)
                            target[counts[d]] = v
                            counts[d] += 1
                        }
                        swap(&source, &target)
                        shift += 8
                    }
                }
                // After an odd number of passes the sorted run sits in the scratch buffer.
                if source != data.baseAddress! {
                    data.baseAddress!.update(from: source, count: n)
                }
            }
        }
    }

    static func insertionSort(_ a: inout [Int32]) {
        a.withUnsafeMutableBufferPointer { p in
            for i in 1..<p.count {
                let v = p[i]
                var j = i
                while j > 0 && p[j - 1] > v {
                    p[j] = p[j - 1]
                    j -= 1
                }
                p[j] = v
            }
        }
    }
}
