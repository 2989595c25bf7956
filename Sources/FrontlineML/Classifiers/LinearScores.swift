import Foundation

/// Scores of a linear model: `scores = bias + Σ_j x_j · weights[j, ·] (+ Σ_j x_j · mass)`.
///
/// Weights are feature-major (one row of `classCount` floats per feature), so a
/// sparse input touches only its own rows, each a contiguous run the compiler
/// vectorises. Both classifiers predict through this.
public struct LinearScores: Sendable {
    public let featureCount: Int
    public let classCount: Int
    /// featureCount × classCount, row-major.
    public var weights: [Float]
    public var bias: [Float]
    /// Per-class weight of the input's total mass Σ_j x_j. Naive Bayes keeps its
    /// class denominators here, so adding an example changes only its own rows.
    public var mass: [Float]?

    public init(featureCount: Int, classCount: Int, weights: [Float], bias: [Float], mass: [Float]? = nil) {
        precondition(weights.count == featureCount * classCount && bias.count == classCount)
        precondition(mass == nil || mass?.count == classCount)
        self.featureCount = featureCount
        self.classCount = classCount
        self.weights = weights
        self.bias = bias
        self.mass = mass
    }

    public init(featureCount: Int, classCount: Int) {
        self.init(
            featureCount: featureCount, classCount: classCount,
            weights: [Float](repeating: 0, count: featureCount * classCount),
            bias: [Float](repeating: 0, count: classCount))
    }

    /// Writes the class scores of `x` into `out` (classCount floats).
    @inline(__always)
    public func scores(_ x: SparseVector, into out: UnsafeMutablePointer<Float>) {
        x.indices.withUnsafeBufferPointer { idx in
            x.values.withUnsafeBufferPointer { val in scores(indices: idx, values: val, into: out) }
        }
    }

    @inline(__always)
    public func scores(
        indices idx: UnsafeBufferPointer<Int32>, values val: UnsafeBufferPointer<Float>,
        into out: UnsafeMutablePointer<Float>
    ) {
        let k = classCount
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                Kernels.scores(
                    weights: w.baseAddress!, rowStride: k, bias: b.baseAddress!, k: k,
                    indices: idx, values: val, into: out)
            }
        }
        if let mass {
            var total: Float = 0
            for v in val { total += v }
            for c in 0..<k { out[c] += total * mass[c] }
        }
    }

    public func scores(_ x: SparseVector) -> [Float] {
        [Float](unsafeUninitializedCapacity: classCount) { buffer, count in
            if let base = buffer.baseAddress { scores(x, into: base) }
            count = classCount
        }
    }
}

public enum Softmax {
    /// In place: scores → probabilities that sum to 1 (max-subtracted for stability).
    @inline(__always)
    public static func apply(_ p: UnsafeMutablePointer<Float>, _ k: Int) {
        guard k > 0 else { return }
        var m = p[0]
        for c in 1..<k where p[c] > m { m = p[c] }
        var sum: Float = 0
        for c in 0..<k {
            let e = expf(p[c] - m)
            p[c] = e
            sum += e
        }
        let inv = 1 / sum
        for c in 0..<k { p[c] *= inv }
    }

    public static func probabilities(_ scores: [Float]) -> [Float] {
        var p = scores
        p.withUnsafeMutableBufferPointer { if let base = $0.baseAddress { apply(base, $0.count) } }
        return p
    }
}

/// The inner loops shared by prediction and training.
enum Kernels {
    /// out = bias + Σ_n values[n] · weights[indices[n]·rowStride ..< +k]
    @inline(__always)
    static func scores(
        weights: UnsafePointer<Float>, rowStride: Int, bias: UnsafePointer<Float>, k: Int,
        indices idx: UnsafeBufferPointer<Int32>, values val: UnsafeBufferPointer<Float>,
        into out: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<k { out[c] = bias[c] }
        for n in 0..<idx.count {
            let row = weights + Int(idx[n]) * rowStride
            let v = val[n]
            for c in 0..<k { out[c] += v * row[c] }
        }
    }
}
