import CBLAS
import Foundation

/// Principal component analysis of the rows of a dense matrix: centre, covariance through
/// one `cblas_sgemm`, eigenvectors by `SymmetricEigen`, project onto the leading ones.
public enum PrincipalComponents {
    /// `data` is row-major `rows × width`; returns row-major `rows × keep`, the centred rows'
    /// coordinates along the `keep` directions of largest variance (largest first).
    public static func project(_ data: [Float], rows: Int, width: Int, keep: Int) -> (projected: [Float], variances: [Double]) {
        precondition(data.count == rows * width && rows > 1 && keep >= 1 && keep <= width, "project needs rows × width data, rows > 1, 1 ≤ keep ≤ width")
        var mean = [Double](repeating: 0, count: width)
        for r in 0..<rows { for j in 0..<width { mean[j] += Double(data[r * width + j]) } }
        for j in 0..<width { mean[j] /= Double(rows) }
        var centred = data
        for r in 0..<rows { for j in 0..<width { centred[r * width + j] -= Float(mean[j]) } }

        var covariance = [Float](repeating: 0, count: width * width)
        centred.withUnsafeBufferPointer { x in
            covariance.withUnsafeMutableBufferPointer { c in
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(width), Int32(width), Int32(rows),
                            1 / Float(rows - 1), x.baseAddress, Int32(width), x.baseAddress, Int32(width), 0, c.baseAddress, Int32(width))
            }
        }
        // sgemm fills both triangles, but rounding can differ between them: symmetrise.
        var symmetric = [Double](repeating: 0, count: width * width)
        for i in 0..<width { for j in 0..<width {
            symmetric[i * width + j] = (Double(covariance[i * width + j]) + Double(covariance[j * width + i])) / 2
        } }
        let eigen = SymmetricEigen(symmetric: symmetric, size: width)
        let basis = eigen.vectors[0..<(keep * width)].map { Float($0) }
        var projected = [Float](repeating: 0, count: rows * keep)
        centred.withUnsafeBufferPointer { x in
            basis.withUnsafeBufferPointer { b in
                projected.withUnsafeMutableBufferPointer { p in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(keep), Int32(width),
                                1, x.baseAddress, Int32(width), b.baseAddress, Int32(width), 0, p.baseAddress, Int32(keep))
                }
            }
        }
        return (projected, Array(eigen.values[0..<keep]))
    }
}
