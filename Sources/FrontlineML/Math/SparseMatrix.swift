/// A sparse row vector: parallel column indices (ascending) and values.
public struct SparseVector: Sendable, Equatable {
    public var indices: [Int32]
    public var values: [Float]

    public init(indices: [Int32] = [], values: [Float] = []) {
        self.indices = indices
        self.values = values
    }

    public var nonzeroCount: Int { indices.count }
}

/// Rows of sparse vectors in compressed sparse row form.
public struct SparseMatrix: Sendable {
    public private(set) var rowStarts: [Int]
    public private(set) var indices: [Int32]
    public private(set) var values: [Float]
    public let columnCount: Int

    public init(columnCount: Int) {
        self.columnCount = columnCount
        rowStarts = [0]
        indices = []
        values = []
    }

    public init(rows: [SparseVector], columnCount: Int) {
        self.init(columnCount: columnCount)
        let total = rows.reduce(0) { $0 + $1.nonzeroCount }
        indices.reserveCapacity(total)
        values.reserveCapacity(total)
        rowStarts.reserveCapacity(rows.count + 1)
        for row in rows { append(row) }
    }

    public mutating func append(_ row: SparseVector) {
        indices.append(contentsOf: row.indices)
        values.append(contentsOf: row.values)
        rowStarts.append(indices.count)
    }

    public var rowCount: Int { rowStarts.count - 1 }
    public var nonzeroCount: Int { indices.count }

    /// Calls `body` with in-place views of every row's indices and values
    /// (no copies on the training path): `body(rowIndices, rowValues)` per row.
    @inline(__always)
    public func withRowViews<R>(
        _ body: (_ row: (Int) -> (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<Float>)) throws -> R
    ) rethrows -> R {
        try indices.withUnsafeBufferPointer { idx in
            try values.withUnsafeBufferPointer { val in
                try rowStarts.withUnsafeBufferPointer { starts in
                    try body { i in
                        let r = starts[i]..<starts[i + 1]
                        return (UnsafeBufferPointer(rebasing: idx[r]), UnsafeBufferPointer(rebasing: val[r]))
                    }
                }
            }
        }
    }

    public func row(_ i: Int) -> SparseVector {
        let r = rowStarts[i]..<rowStarts[i + 1]
        return SparseVector(indices: Array(indices[r]), values: Array(values[r]))
    }

    /// The rows at `rows`, in that order.
    public func selecting(rows: [Int]) -> SparseMatrix {
        var out = SparseMatrix(columnCount: columnCount)
        for i in rows {
            let r = rowStarts[i]..<rowStarts[i + 1]
            out.indices.append(contentsOf: indices[r])
            out.values.append(contentsOf: values[r])
            out.rowStarts.append(out.indices.count)
        }
        return out
    }
}
