import CBLAS

/// The dense linear algebra that training uses, behind one interface so the same
/// training code runs on OpenBLAS or on plain Swift loops and the benefit of BLAS
/// is measured rather than assumed. Matrices are row-major.
public protocol DenseMath: Sendable {
    var name: String { get }
    func dot(_ n: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float
    /// y += a·x
    func axpy(_ n: Int, _ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>)
    /// x *= a
    func scale(_ n: Int, _ a: Float, _ x: UnsafeMutablePointer<Float>)
    /// C = alpha·op(A)·op(B) + beta·C with op(A) m×k, op(B) k×n, C m×n.
    func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int)
}

public enum MathBackend: String, Sendable, CaseIterable, Codable {
    case cblas, swift

    public var math: any DenseMath {
        switch self {
        case .cblas: CBLASMath()
        case .swift: PlainMath()
        }
    }
}

/// OpenBLAS through CBLAS.
public struct CBLASMath: DenseMath {
    public init() {}
    public var name: String { "cblas" }

    /// OpenBLAS's own thread pool; 1 inside a server so requests don't fight over cores.
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }

    public func dot(_ n: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
        cblas_sdot(Int32(n), x, 1, y, 1)
    }
    public func axpy(_ n: Int, _ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(n), a, x, 1, y, 1)
    }
    public func scale(_ n: Int, _ a: Float, _ x: UnsafeMutablePointer<Float>) {
        cblas_sscal(Int32(n), a, x, 1)
    }
    public func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// The same operations as straightforward loops (the compiler vectorises the inner ones).
public struct PlainMath: DenseMath {
    public init() {}
    public var name: String { "swift" }

    public func dot(_ n: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
        var s: Float = 0
        for i in 0..<n { s += x[i] * y[i] }
        return s
    }
    public func axpy(_ n: Int, _ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        for i in 0..<n { y[i] += a * x[i] }
    }
    public func scale(_ n: Int, _ a: Float, _ x: UnsafeMutablePointer<Float>) {
        for i in 0..<n { x[i] *= a }
    }
    public func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            let ci = c + i * ldc
            if beta == 0 {
                for j in 0..<n { ci[j] = 0 }
            } else if beta != 1 {
                for j in 0..<n { ci[j] *= beta }
            }
            for p in 0..<k {
                let aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p])
                if aip == 0 { continue }
                if transB {
                    for j in 0..<n { ci[j] += aip * b[j * ldb + p] }
                } else {
                    let bp = b + p * ldb
                    for j in 0..<n { ci[j] += aip * bp[j] }
                }
            }
        }
    }
}
