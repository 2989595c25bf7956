import Testing
@testable import FrontlineML

@Suite struct DenseMathTests {
    let blas = CBLASMath()
    let plain = PlainMath()

    @Test func backendsAreNamed() {
        #expect(MathBackend.cblas.math.name == "cblas")
        #expect(MathBackend.swift.math.name == "swift")
    }

    @Test func dotAgrees() {
        var rng = SeededGenerator(seed: 1)
        for n in [1, 7, 64, 1001] {
            let x = rng.floats(n), y = rng.floats(n)
            let reference = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let a = blas.dot(n, x, y), b = plain.dot(n, x, y)
            #expect(close(a, b, rel: 1e-4), "n = \(n)")
            #expect(close(a, Float(reference), rel: 1e-4), "n = \(n)")
        }
        #expect(blas.dot(3, [1, 2, 3], [4, 5, 6]) == 32)
        #expect(plain.dot(3, [1, 2, 3], [4, 5, 6]) == 32)
    }

    @Test func axpyAndScaleAgree() {
        var rng = SeededGenerator(seed: 2)
        for n in [1, 9, 513] {
            let x = rng.floats(n), y = rng.floats(n)
            var a = y, b = y
            blas.axpy(n, -0.37, x, &a)
            plain.axpy(n, -0.37, x, &b)
            let expected = zip(x, y).map { $1 - 0.37 * $0 }
            #expect(maxDifference(a, b) <= 1e-6)
            #expect(maxDifference(a, expected) <= 1e-6)

            var c = x, d = x
            blas.scale(n, 2.5, &c)
            plain.scale(n, 2.5, &d)
            #expect(c == d)
            #expect(c == x.map { $0 * 2.5 })
        }
    }

    /// Reference: C = alpha·op(A)·op(B) + beta·C in Double, row-major with leading dimensions.
    func reference(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: [Float], lda: Int,
        b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int
    ) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    let aip = transA ? a[p * lda + i] : a[i * lda + p]
                    let bpj = transB ? b[j * ldb + p] : b[p * ldb + j]
                    s += Double(aip) * Double(bpj)
                }
                out[i * ldc + j] = Float(Double(alpha) * s + Double(beta) * Double(c[i * ldc + j]))
            }
        }
        return out
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func gemmAgrees(transA: Bool, transB: Bool) {
        var rng = SeededGenerator(seed: 3)
        for (m, n, k) in [(5, 7, 3), (1, 4, 9), (8, 2, 6), (4, 4, 4)] {
            for (alpha, beta): (Float, Float) in [(1, 0), (0.7, 0.3), (-1.5, 1), (2, -0.5)] {
                // Padded leading dimensions, so a backend that ignores lda/ldb/ldc fails.
                let aRows = transA ? k : m, aCols = transA ? m : k
                let bRows = transB ? n : k, bCols = transB ? k : n
                let lda = aCols + 2, ldb = bCols + 1, ldc = n + 3
                let a = rng.floats(aRows * lda), b = rng.floats(bRows * ldb), c0 = rng.floats(m * ldc)
                var c1 = c0, c2 = c0
                blas.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                          b: b, ldb: ldb, beta: beta, c: &c1, ldc: ldc)
                plain.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                           b: b, ldb: ldb, beta: beta, c: &c2, ldc: ldc)
                let expected = reference(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                         a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c0, ldc: ldc)
                var ok = true
                for i in 0..<m {
                    for j in 0..<n {
                        let e = expected[i * ldc + j]
                        ok = ok && close(c1[i * ldc + j], c2[i * ldc + j], rel: 1e-4)
                            && close(c1[i * ldc + j], e, rel: 1e-4) && close(c2[i * ldc + j], e, rel: 1e-4)
                    }
                    // The padding columns of C are not touched.
                    for j in n..<ldc {
                        ok = ok && c1[i * ldc + j] == c0[i * ldc + j] && c2[i * ldc + j] == c0[i * ldc + j]
                    }
                }
                #expect(ok, "m \(m) n \(n) k \(k) alpha \(alpha) beta \(beta)")
            }
        }
    }
}
