import Foundation

/// Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations.
///
/// Small dense matrices only (a few hundred rows, e.g. a 384×384 covariance for PCA):
/// Jacobi is simple, unconditionally stable and accurate to rounding for symmetric input,
/// and at this size a handful of sweeps take a second or two.
public struct SymmetricEigen: Sendable {
    public let size: Int
    /// Descending.
    public let values: [Double]
    /// Row-major `size × size`: row k is the unit eigenvector of `values[k]`.
    public let vectors: [Double]

    /// `matrix` is row-major `size × size` and must be symmetric (only symmetric input has
    /// real eigenvalues and orthonormal eigenvectors; the rotations assume it).
    public init(symmetric matrix: [Double], size n: Int, maxSweeps: Int = 60) {
        precondition(matrix.count == n * n, "matrix must hold size × size values")
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let total = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<maxSweeps {
            var off = 0.0
            for p in 0..<n { for q in 0..<n where q != p { off += a[p * n + q] * a[p * n + q] } }
            // Converged when what is left off the diagonal is below double rounding of the whole.
            if off <= 1e-30 * max(total, .leastNormalMagnitude) || off == 0 { break }
            for p in 0..<max(0, n - 1) {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    // The rotation J (c at pp and qq, s at pq, −s at qp) that zeroes a[p][q]
                    // in Jᵀ·A·J; t = tan of its angle, the smaller root for stability.
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {  // columns p and q: A·J
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {  // rows p and q: Jᵀ·(A·J)
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {  // V·J, kept transposed so eigenvectors are rows
                        let vp = v[p * n + k], vq = v[q * n + k]
                        v[p * n + k] = c * vp - s * vq
                        v[q * n + k] = s * vp + c * vq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        size = n
        values = order.map { a[$0 * n + $0] }
        var sorted = [Double](repeating: 0, count: n * n)
        for (row, k) in order.enumerated() {
            // Sign convention: the largest component positive, so results are reproducible.
            let slice = v[(k * n)..<((k + 1) * n)]
            let largest = slice.max { abs($0) < abs($1) } ?? 0
            let sign: Double = largest < 0 ? -1 : 1
            for j in 0..<n { sorted[row * n + j] = sign * v[k * n + j] }
        }
        vectors = sorted
    }
}
