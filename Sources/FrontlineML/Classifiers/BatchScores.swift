/// Scores of many inputs at once.
///
/// Columns are ordered by document frequency, so the first few hundred carry
/// about half of every input's nonzeros and their weight rows are shared by the
/// whole batch. Those go through one dense product `X_dense · W_top` (BLAS);
/// the long tail is gathered row by row as in single-input scoring.
extension LinearScores {
    /// Leading columns scored densely in batches (measured on CLINC150: 256 is
    /// where the dense block stops paying for its zeros).
    public static let batchDenseColumns = 256

    /// Writes the scores of every row of `x` into `out` (rowCount × classCount, row-major).
    public func scores(
        batch x: SparseMatrix, into out: UnsafeMutablePointer<Float>, denseColumns: Int = batchDenseColumns,
        math: any DenseMath = CBLASMath()
    ) {
        let k = classCount
        let rows = x.rowCount
        guard rows > 0 else { return }
        let dense = min(denseColumns, featureCount)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, rows * dense)) { denseX in
            let xd = denseX.baseAddress!
            xd.initialize(repeating: 0, count: rows * dense)
            x.withRowViews { row in
                for r in 0..<rows {
                    let (idx, val) = row(r)
                    var p = 0
                    while p < idx.count && Int(idx[p]) < dense {
                        xd[r * dense + Int(idx[p])] = val[p]
                        p += 1
                    }
                }
            }
            weights.withUnsafeBufferPointer { w in
                if dense > 0 {
                    math.gemm(
                        transA: false, transB: false, m: rows, n: k, k: dense, alpha: 1,
                        a: xd, lda: dense, b: w.baseAddress!, ldb: k, beta: 0, c: out, ldc: k)
                } else {
                    out.initialize(repeating: 0, count: rows * k)
                }
                x.withRowViews { row in
                    for r in 0..<rows {
                        let (idx, val) = row(r)
                        let o = out + r * k
                        for c in 0..<k { o[c] += bias[c] }
                        var p = 0
                        while p < idx.count && Int(idx[p]) < dense { p += 1 }
                        for n in p..<idx.count {
                            let wr = w.baseAddress! + Int(idx[n]) * k
                            let v = val[n]
                            for c in 0..<k { o[c] += v * wr[c] }
                        }
                        if let mass {
                            var total: Float = 0
                            for v in val { total += v }
                            for c in 0..<k { o[c] += total * mass[c] }
                        }
                    }
                }
            }
        }
    }
}
