import Foundation
import Testing
@testable import FrontlineML

@Suite struct SymmetricEigenTests {
    /// A random orthonormal basis (Gram–Schmidt of random rows), row-major n × n.
    static func orthonormal(_ n: Int, _ rng: inout SeededGenerator) -> [Double] {
        var q = (0..<(n * n)).map { _ in Double.random(in: -1...1, using: &rng) }
        for i in 0..<n {
            for k in 0..<i {
                let d = (0..<n).reduce(0.0) { $0 + q[i * n + $1] * q[k * n + $1] }
                for j in 0..<n { q[i * n + j] -= d * q[k * n + j] }
            }
            let norm = (0..<n).reduce(0.0) { $0 + q[i * n + $1] * q[i * n + $1] }.squareRoot()
            for j in 0..<n { q[i * n + j] /= norm }
        }
        return q
    }

    static func checkDecomposition(_ a: [Double], _ n: Int, _ e: SymmetricEigen, tolerance: Double) {
        for k in 0..<n {
            // A·v = λ·v
            for i in 0..<n {
                let av = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * e.vectors[k * n + $1] }
                #expect(abs(av - e.values[k] * e.vectors[k * n + i]) < tolerance)
            }
            // Orthonormal rows
            for l in k..<n {
                let d = (0..<n).reduce(0.0) { $0 + e.vectors[k * n + $1] * e.vectors[l * n + $1] }
                #expect(abs(d - (k == l ? 1 : 0)) < tolerance)
            }
        }
        for k in 1..<n { #expect(e.values[k - 1] >= e.values[k]) }
    }

    @Test func recoversAKnownConstruction() {
        var rng = SeededGenerator(seed: 14)
        for n in [2, 5, 24] {
            let q = Self.orthonormal(n, &rng)
            let lambda = (0..<n).map { _ in Double.random(in: -10...10, using: &rng) }
            // A = Qᵀ·diag(λ)·Q: row i of Q is an eigenvector with eigenvalue λ[i].
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += q[k * n + i] * lambda[k] * q[k * n + j] } } }
            let e = SymmetricEigen(symmetric: a, size: n)
            let expected = lambda.sorted(by: >)
            for k in 0..<n { #expect(abs(e.values[k] - expected[k]) < 1e-9) }
            Self.checkDecomposition(a, n, e, tolerance: 1e-9)
            // Each eigenvector is ± the constructing row.
            for (k, value) in e.values.enumerated() {
                guard let source = lambda.firstIndex(where: { abs($0 - value) < 1e-9 }) else { continue }
                let d = (0..<n).reduce(0.0) { $0 + e.vectors[k * n + $1] * q[source * n + $1] }
                #expect(abs(abs(d) - 1) < 1e-8)
            }
        }
    }

    @Test func decomposesRandomSymmetricMatrices() {
        var rng = SeededGenerator(seed: 7)
        let n = 40
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n {
            let v = Double.random(in: -1...1, using: &rng)
            a[i * n + j] = v
            a[j * n + i] = v
        } }
        let e = SymmetricEigen(symmetric: a, size: n)
        Self.checkDecomposition(a, n, e, tolerance: 1e-9)
        // The trace is the eigenvalues' sum.
        let trace = (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] }
        #expect(abs(e.values.reduce(0, +) - trace) < 1e-9)
    }

    @Test func principalComponentsAreUncorrelatedAndOrderedByVariance() {
        var rng = SeededGenerator(seed: 3)
        let (rows, width, keep) = (500, 6, 3)
        // Independent coordinates with variances 25, 9, 4, 1, …, mixed by a rotation.
        let q = Self.orthonormal(width, &rng)
        let scales: [Double] = [5, 3, 2, 1, 0.5, 0.2]
        var data = [Float](repeating: 0, count: rows * width)
        for r in 0..<rows {
            let z = scales.map { $0 * Double.random(in: -1.7320508...1.7320508, using: &rng) }
            for j in 0..<width { data[r * width + j] = Float((0..<width).reduce(0.0) { $0 + z[$1] * q[$1 * width + j] }) + 10 }
        }
        let (projected, variances) = PrincipalComponents.project(data, rows: rows, width: width, keep: keep)
        #expect(projected.count == rows * keep)
        for a in 0..<keep {
            for b in a..<keep {
                let c = (0..<rows).reduce(0.0) { $0 + Double(projected[$1 * keep + a]) * Double(projected[$1 * keep + b]) } / Double(rows - 1)
                if a == b {
                    #expect(abs(c - variances[a]) < 1e-3 * variances[a])
                } else {
                    #expect(abs(c) < 1e-3 * variances[a])
                }
            }
            // Centred.
            #expect(abs((0..<rows).reduce(0.0) { $0 + Double(projected[$1 * keep + a]) }) / Double(rows) < 1e-3)
        }
        #expect(variances[0] > variances[1] && variances[1] > variances[2])
        #expect(abs(variances[0] - 25) < 5)
    }
}
