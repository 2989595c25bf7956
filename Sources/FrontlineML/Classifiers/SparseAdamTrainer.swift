import Foundation

/// Mini-batch Adam for softmax regression on sparse rows.
///
/// Columns are ordered by document frequency, so the first `denseFeatures`
/// columns are the n-grams nearly every batch contains (the top 256 hold about
/// half of all nonzeros, ~20% dense within a batch). Those go through BLAS as
/// dense mini-batch products: scores `X_dense·W_top` and gradient
/// `X_denseᵀ·R`. The long tail stays sparse: each step updates only the rows of
/// the features present in the batch ("lazy" Adam, as in TensorFlow's
/// LazyAdam), each row's gradient gathered from the batch residuals through a
/// per-batch inverted index and applied at once. Work is split into a fixed
/// number of chunks, by examples (forward), by class slices (dense gradient)
/// and round-robin by rows (sparse tail), so the result does not depend on the
/// number of threads that run the chunks.
struct SparseAdamTrainer {
    let x: SparseMatrix
    let labels: [Int]
    let sampleWeights: [Float]
    let classCount: Int
    let settings: LogisticRegression.Settings
    let math: any DenseMath
    let workers: Int

    private static let beta2: Float = 0.999
    private static let epsilon: Float = 1e-8

    mutating func run(progress: ((String) -> Void)?) -> LinearScores {
        let d = x.columnCount, k = classCount, n = x.rowCount
        let batchSize = max(1, min(settings.batchSize, n))
        // The workers below are the parallelism; OpenBLAS's own threads would spin against them.
        CBLASMath.setThreads(1)
        let dense = max(0, min(settings.denseFeatures, d))
        let momentStride = settings.momentum > 0 ? 2 * classCount : classCount
        let chunks = Parallel.trainingChunks
        let buffers = TrainingBuffers(
            features: d, classes: k, batch: batchSize, chunks: chunks, dense: dense, momentStride: momentStride)
        defer { buffers.release() }
        let shared = UnsafeShared(buffers)

        var order = Array(0..<n)
        var rng = SeededGenerator(seed: settings.seed)
        var index = BatchIndex(features: d)
        let stepsPerEpoch = (n + batchSize - 1) / batchSize
        let epochs = max(settings.epochs, (settings.minimumSteps + stepsPerEpoch - 1) / stepsPerEpoch)
        let totalSteps = max(1, epochs * stepsPerEpoch)
        var step = 0
        let x = self.x, labels = self.labels, sampleWeights = self.sampleWeights
        let l2 = settings.l2
        let math = self.math
        let beta1 = settings.momentum
        let adam = AdamStep(beta1: beta1)

        for epoch in 0..<epochs {
            order.shuffle(using: &rng)
            var epochLoss: Double = 0
            for start in stride(from: 0, to: n, by: batchSize) {
                let batch = Array(order[start..<min(n, start + batchSize)])
                let rows = batch.count
                step += 1
                var batchWeight: Float = 0
                for i in batch { batchWeight += sampleWeights[i] }
                let inverseWeight = 1 / max(batchWeight, .leastNonzeroMagnitude)

                // 1. Forward: residuals R = s_i·(p_i − e_y) / Σs, one row per example.
                //    Scores = X_dense·W_top (BLAS) + bias + the sparse tail.
                Parallel.forChunks(count: rows, chunks: chunks, workers: workers) { chunk, range in
                    let b = shared.value
                    var loss: Double = 0
                    x.withRowViews { row in
                        if dense > 0 {
                            for bi in range {
                                let xd = b.denseX + bi * dense
                                xd.update(repeating: 0, count: dense)
                                let (idx, val) = row(batch[bi])
                                var p = 0
                                while p < idx.count && Int(idx[p]) < dense {
                                    xd[Int(idx[p])] = val[p]
                                    p += 1
                                }
                            }
                            math.gemm(
                                transA: false, transB: false, m: range.count, n: k, k: dense, alpha: 1,
                                a: b.denseX + range.lowerBound * dense, lda: dense, b: b.weights, ldb: k,
                                beta: 0, c: b.residual + range.lowerBound * k, ldc: k)
                        } else {
                            b.residual.advanced(by: range.lowerBound * k).update(repeating: 0, count: range.count * k)
                        }
                        for bi in range {
                            let i = batch[bi]
                            let (idx, val) = row(i)
                            let r = b.residual + bi * k
                            var p = 0
                            while p < idx.count && Int(idx[p]) < dense { p += 1 }
                            for c in 0..<k { r[c] += b.bias[c] }
                            for q in p..<idx.count {
                                let w = b.weights + Int(idx[q]) * k
                                let v = val[q]
                                for c in 0..<k { r[c] += v * w[c] }
                            }
                            Softmax.apply(r, k)
                            let s = sampleWeights[i] * inverseWeight
                            loss -= Double(s) * log(Double(max(r[labels[i]], 1e-30)))
                            r[labels[i]] -= 1
                            for c in 0..<k { r[c] *= s }
                        }
                    }
                    b.loss[chunk] = loss
                }
                for c in 0..<chunks { epochLoss += buffers.loss[c] * Double(batchWeight) }

                // 2. Which tail rows the batch touches, and where each occurs.
                index.build(x, batch: batch, step: step, firstColumn: dense)

                // 3. Gradients and Adam. Dense rows: G = X_denseᵀ·R by class slices
                //    (BLAS), then Adam on that slice. Tail rows: gathered per row.
                let decay = 1 - Float(step - 1) / Float(totalSteps)  // linear decay to 0
                let t = Float(step)
                let rate = settings.learningRate * decay
                    * (1 - powf(Self.beta2, t)).squareRoot() / (1 - powf(beta1, t))
                let occurrences = UnsafeShared(index)
                let touchedCount = index.touched.count
                Parallel.forChunks(count: chunks, chunks: chunks, workers: workers) { chunk, _ in
                    let b = shared.value
                    if dense > 0 {
                        let c0 = k * chunk / chunks, c1 = k * (chunk + 1) / chunks
                        if c1 > c0 {
                            math.gemm(
                                transA: true, transB: false, m: dense, n: c1 - c0, k: rows, alpha: 1,
                                a: b.denseX, lda: dense, b: b.residual + c0, ldb: k,
                                beta: 0, c: b.denseGradient + c0, ldc: k)
                            for j in 0..<dense {
                                adam.apply(
                                    weights: b.weights + j * k + c0, gradient: b.denseGradient + j * k + c0,
                                    moments: b.moments + j * momentStride + c0, rowStride: k,
                                    count: c1 - c0, l2: l2, rate: rate)
                            }
                        }
                    }
                    // Tail rows round-robin: the first-touched rows are the most frequent
                    // features, so contiguous chunks would load one worker more.
                    let ix = occurrences.value
                    let g = b.scratch + chunk * k
                    for tr in stride(from: chunk, to: touchedCount, by: chunks) {
                        for c in 0..<k { g[c] = 0 }
                        for o in ix.starts[tr]..<ix.starts[tr + 1] {
                            let r = b.residual + Int(ix.example[o]) * k
                            let v = ix.value[o]
                            for c in 0..<k { g[c] += v * r[c] }
                        }
                        let j = ix.touched[tr]
                        adam.apply(
                            weights: b.weights + j * k, gradient: g, moments: b.moments + j * momentStride,
                            rowStride: k, count: k, l2: l2, rate: rate)
                    }
                }

                // 4. Bias: column sums of R as a (1×rows)·(rows×k) product.
                math.gemm(
                    transA: false, transB: false, m: 1, n: k, k: rows, alpha: 1,
                    a: buffers.ones, lda: rows, b: buffers.residual, ldb: k,
                    beta: 0, c: buffers.biasGradient, ldc: k)
                adam.apply(
                    weights: buffers.bias, gradient: buffers.biasGradient, moments: buffers.biasMoments,
                    rowStride: k, count: k, l2: 0, rate: rate)
            }
            progress?(String(format: "epoch %d/%d  loss %.4f", epoch + 1, epochs,
                              epochLoss / Double(max(sampleWeights.reduce(0, +), .leastNonzeroMagnitude))))
        }
        return LinearScores(
            featureCount: d, classCount: k,
            weights: Array(UnsafeBufferPointer(start: buffers.weights, count: d * k)),
            bias: Array(UnsafeBufferPointer(start: buffers.bias, count: k)))
    }
}

/// One Adam step on part of a row. `moments` holds v, or m then v (`rowStride`
/// apart) when β1 > 0; with β1 = 0 (the default, which measured as well on
/// validation) the first moment is not stored at all, which cuts the memory
/// traffic that bounds the sparse updates by a third. Written with explicit SIMD
/// because the compiler cannot prove the rows don't alias and would not vectorise it.
struct AdamStep {
    let beta1: Float
    let beta2: Float = 0.999
    let epsilon: Float = 1e-8

    @inline(__always)
    func apply(
        weights w: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>,
        moments: UnsafeMutablePointer<Float>, rowStride: Int, count: Int, l2: Float, rate: Float
    ) {
        typealias V = SIMD8<Float>
        let b1 = beta1, b2 = beta2, eps = epsilon
        func load(_ p: UnsafeMutablePointer<Float>, _ i: Int) -> V {
            UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
        }
        func store(_ x: V, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
            UnsafeMutableRawPointer(p + i).storeBytes(of: x, as: V.self)
        }
        var c = 0
        if b1 > 0 {
            let m = moments, v = moments + rowStride
            while c + 8 <= count {
                let wc = load(w, c)
                let gc = load(g, c) + l2 * wc
                let mc = b1 * load(m, c) + (1 - b1) * gc
                let vc = b2 * load(v, c) + (1 - b2) * gc * gc
                store(mc, m, c)
                store(vc, v, c)
                store(wc - rate * mc / (vc.squareRoot() + eps), w, c)
                c += 8
            }
            while c < count {
                let gc = g[c] + l2 * w[c]
                m[c] = b1 * m[c] + (1 - b1) * gc
                v[c] = b2 * v[c] + (1 - b2) * gc * gc
                w[c] -= rate * m[c] / (v[c].squareRoot() + eps)
                c += 1
            }
        } else {
            let v = moments
            while c + 8 <= count {
                let wc = load(w, c)
                let gc = load(g, c) + l2 * wc
                let vc = b2 * load(v, c) + (1 - b2) * gc * gc
                store(vc, v, c)
                store(wc - rate * gc / (vc.squareRoot() + eps), w, c)
                c += 8
            }
            while c < count {
                let gc = g[c] + l2 * w[c]
                v[c] = b2 * v[c] + (1 - b2) * gc * gc
                w[c] -= rate * gc / (v[c].squareRoot() + eps)
                c += 1
            }
        }
    }
}

/// For one batch: the feature rows it touches and, per row, the (example, value)
/// pairs where the feature occurs, in batch order (a CSC view of the batch),
/// built by a counting sort into buffers reused across batches.
struct BatchIndex {
    private var stamp: [Int32]
    private var slot: [Int32]
    private(set) var touched: [Int] = []
    private(set) var starts: [Int] = []
    private(set) var example: [Int32] = []
    private(set) var value: [Float] = []
    private var fill: [Int] = []

    init(features: Int) {
        stamp = [Int32](repeating: -1, count: features)
        slot = [Int32](repeating: 0, count: features)
    }

    /// Indexes the batch's nonzeros in columns `firstColumn...` (earlier ones are handled densely).
    mutating func build(_ x: SparseMatrix, batch: [Int], step: Int, firstColumn: Int) {
        let step = Int32(truncatingIfNeeded: step)
        touched.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        var total = 0
        x.withRowViews { row in
            stamp.withUnsafeMutableBufferPointer { stamp in
                slot.withUnsafeMutableBufferPointer { slot in
                    // Pass 1: first occurrence order and counts (kept in `starts`, shifted by one).
                    for i in batch {
                        let idx = row(i).0
                        total += idx.count
                        for j in idx where Int(j) >= firstColumn {
                            let f = Int(j)
                            if stamp[f] != step {
                                stamp[f] = step
                                slot[f] = Int32(touched.count)
                                touched.append(f)
                                starts.append(0)
                            }
                            starts[Int(slot[f]) + 1] += 1
                        }
                    }
                    for t in 0..<touched.count { starts[t + 1] += starts[t] }
                    // Pass 2: place every occurrence.
                    if example.count < total {
                        example = [Int32](repeating: 0, count: total)
                        value = [Float](repeating: 0, count: total)
                    }
                    fill.removeAll(keepingCapacity: true)
                    fill.append(contentsOf: starts.dropLast())
                    fill.withUnsafeMutableBufferPointer { fill in
                        example.withUnsafeMutableBufferPointer { example in
                            value.withUnsafeMutableBufferPointer { value in
                                for (bi, i) in batch.enumerated() {
                                    let (idx, val) = row(i)
                                    for p in 0..<idx.count where Int(idx[p]) >= firstColumn {
                                        let s = Int(slot[Int(idx[p])])
                                        example[fill[s]] = Int32(bi)
                                        value[fill[s]] = val[p]
                                        fill[s] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The trainer's working memory, allocated once per training run. A row's Adam
/// moments sit side by side (`moments[j·s ..< (j+1)·s]` = [m |] v) so an update
/// touches two contiguous blocks: the weights row and the moments row.
final class TrainingBuffers: @unchecked Sendable {
    let weights, moments: UnsafeMutablePointer<Float>
    let bias, biasMoments, biasGradient: UnsafeMutablePointer<Float>
    let residual, ones, scratch: UnsafeMutablePointer<Float>
    /// The batch's dense block (batch × dense) and its gradient (dense × k).
    let denseX, denseGradient: UnsafeMutablePointer<Float>
    let loss: UnsafeMutablePointer<Double>
    private var all: [UnsafeMutablePointer<Float>] = []

    init(features d: Int, classes k: Int, batch: Int, chunks: Int, dense: Int, momentStride: Int) {
        func filled(_ count: Int, _ value: Float = 0) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            p.initialize(repeating: value, count: max(count, 1))
            return p
        }
        weights = filled(d * k)
        moments = filled(d * momentStride)
        bias = filled(k)
        biasMoments = filled(2 * k)
        biasGradient = filled(k)
        residual = filled(batch * k)
        ones = filled(batch, 1)
        scratch = filled(chunks * k)
        denseX = filled(batch * dense)
        denseGradient = filled(dense * k)
        loss = .allocate(capacity: chunks)
        loss.initialize(repeating: 0, count: chunks)
        all = [weights, moments, bias, biasMoments, biasGradient, residual, ones, scratch, denseX, denseGradient]
    }

    func release() {
        for p in all { p.deallocate() }
        all = []
        loss.deallocate()
    }
}
