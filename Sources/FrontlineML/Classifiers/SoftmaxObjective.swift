import Foundation

/// The training objective of multinomial logistic regression:
///
///     J(W, b) = Σ_i s_i · −log softmax(x_i·W + b)[y_i] / Σ_i s_i  +  (λ/2)·‖W‖²
///
/// with per-example weights s_i (class weighting) and no penalty on the bias.
/// Full-batch evaluation serves L-BFGS and the gradient checks.
public struct SoftmaxObjective: Sendable {
    public let x: SparseMatrix
    public let labels: [Int]
    public let sampleWeights: [Float]
    public let classCount: Int
    public let l2: Float
    private let weightSum: Float

    public init(x: SparseMatrix, labels: [Int], sampleWeights: [Float]? = nil, classCount: Int, l2: Float) {
        precondition(labels.count == x.rowCount)
        self.x = x
        self.labels = labels
        self.sampleWeights = sampleWeights ?? [Float](repeating: 1, count: labels.count)
        self.classCount = classCount
        self.l2 = l2
        weightSum = max(self.sampleWeights.reduce(0, +), .leastNonzeroMagnitude)
    }

    /// Value and gradient at `model`. Each of a fixed number of row slices gets a
    /// private gradient; the slices are summed in order, so results do not depend
    /// on the number of threads.
    public func evaluate(
        _ model: LinearScores, math: any DenseMath, workers: Int = Parallel.defaultWorkers
    ) -> (value: Float, gradient: LinearScores) {
        let k = classCount
        let d = x.columnCount
        let chunks = Parallel.trainingChunks
        let parts = UnsafeShared(PartialSums(count: chunks))
        let x = self.x, labels = self.labels, sampleWeights = self.sampleWeights, weightSum = self.weightSum
        Parallel.forChunks(count: x.rowCount, chunks: chunks, workers: workers) { chunk, rows in
            var gW = [Float](repeating: 0, count: d * k)
            var gB = [Float](repeating: 0, count: k)
            var p = [Float](repeating: 0, count: k)
            var loss: Double = 0
            x.withRowViews { row in
                gW.withUnsafeMutableBufferPointer { gw in
                    p.withUnsafeMutableBufferPointer { pbuf in
                        let pp = pbuf.baseAddress!
                        for i in rows {
                            let (idx, val) = row(i)
                            model.scores(indices: idx, values: val, into: pp)
                            Softmax.apply(pp, k)
                            let s = sampleWeights[i] / weightSum
                            let y = labels[i]
                            loss -= Double(s) * log(Double(max(pp[y], 1e-30)))
                            pp[y] -= 1
                            for c in 0..<k {
                                pp[c] *= s
                                gB[c] += pp[c]
                            }
                            Self.scatter(pp, k, indices: idx, values: val, into: gw.baseAddress!)
                        }
                    }
                }
            }
            parts.value.store(chunk, weights: gW, bias: gB, loss: loss)
        }
        let partial = parts.value
        // Sum the workers' gradients and add λ·W: long vectors, BLAS territory.
        var gradW = partial.weights[0]
        var gradB = partial.bias[0]
        var penalty: Float = 0
        gradW.withUnsafeMutableBufferPointer { g in
            for part in partial.weights.dropFirst() {
                part.withUnsafeBufferPointer { math.axpy(d * k, 1, $0.baseAddress!, g.baseAddress!) }
            }
            model.weights.withUnsafeBufferPointer {
                math.axpy(d * k, l2, $0.baseAddress!, g.baseAddress!)
                penalty = math.dot(d * k, $0.baseAddress!, $0.baseAddress!)
            }
        }
        for part in partial.bias.dropFirst() { for c in 0..<k { gradB[c] += part[c] } }
        let value = Float(partial.loss.reduce(0, +)) + 0.5 * l2 * penalty
        return (value, LinearScores(featureCount: d, classCount: k, weights: gradW, bias: gradB))
    }

    /// gradient rows j of x += x_j · r for every nonzero x_j.
    @inline(__always)
    static func scatter(
        _ r: UnsafePointer<Float>, _ k: Int,
        indices: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>,
        into g: UnsafeMutablePointer<Float>
    ) {
        for n in 0..<indices.count {
            let row = g + Int(indices[n]) * k
            let v = values[n]
            for c in 0..<k { row[c] += v * r[c] }
        }
    }
}

/// Per-worker results in preallocated slots, each worker writing only its own
/// (raw storage, so concurrent writes to different slots don't trip exclusivity checks).
final class PartialSums: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<(weights: [Float], bias: [Float], loss: Double)>
    let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: ([], [], 0), count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ chunk: Int, weights: [Float], bias: [Float], loss: Double) {
        slots[chunk] = (weights, bias, loss)
    }

    var weights: [[Float]] { (0..<count).map { slots[$0].weights } }
    var bias: [[Float]] { (0..<count).map { slots[$0].bias } }
    var loss: [Double] { (0..<count).map { slots[$0].loss } }
}
