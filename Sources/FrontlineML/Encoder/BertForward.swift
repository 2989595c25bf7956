import CBLAS
import Foundation

/// The BERT forward pass over a packed batch: the texts' tokens are stacked row after row
/// (no padding), so every projection is one `cblas_sgemm` over all tokens of the batch and
/// attention runs per text and head over that text's rows only — which is exactly what a
/// padding mask achieves, without computing the padded rows.
extension BertWeights {
    /// Last-layer hidden states, `ids.count` × hidden, row-major. `lengths` are the texts'
    /// token counts in order (they sum to `ids.count`); each is at most the positions kept.
    func hiddenStates(ids: [Int32], lengths: [Int]) -> [Float] {
        let h = config.hidden
        let tokens = ids.count
        precondition(lengths.reduce(0, +) == tokens, "lengths must cover the ids")
        guard tokens > 0 else { return [] }
        let longest = lengths.max() ?? 0
        precondition(longest * h <= positionEmbeddings.count, "a text is longer than the positions kept")

        let x = Scratch(tokens * h)
        let mixed = Scratch(tokens * h)
        let context = Scratch(tokens * h)
        let qkv = Scratch(tokens * 3 * h)
        let hidden = Scratch(tokens * config.intermediate)
        let scores = Scratch(longest * longest)
        defer { [x, mixed, context, qkv, hidden, scores].forEach { $0.deallocate() } }

        embed(ids: ids, lengths: lengths, into: x.base)
        let eps = config.layerNormEpsilon
        for layer in layers {
            Self.linear(x.base, rows: tokens, layer.queryKeyValue, into: qkv.base, accumulate: false)
            attention(qkv: qkv.base, lengths: lengths, scores: scores.base, into: context.base)
            mixed.base.update(from: x.base, count: tokens * h)
            Self.linear(context.base, rows: tokens, layer.attentionOutput, into: mixed.base, accumulate: true)
            Self.layerNorm(mixed.base, rows: tokens, width: h, layer.attentionNorm, eps: eps, into: x.base)
            Self.linear(x.base, rows: tokens, layer.intermediate, into: hidden.base, accumulate: false)
            GELU.apply(hidden.base, count: tokens * config.intermediate)
            mixed.base.update(from: x.base, count: tokens * h)
            Self.linear(hidden.base, rows: tokens, layer.output, into: mixed.base, accumulate: true)
            Self.layerNorm(mixed.base, rows: tokens, width: h, layer.outputNorm, eps: eps, into: x.base)
        }
        return Array(UnsafeBufferPointer(start: x.base, count: tokens * h))
    }

    /// Word + position + token-type-0 embeddings, then LayerNorm.
    private func embed(ids: [Int32], lengths: [Int], into x: UnsafeMutablePointer<Float>) {
        let h = config.hidden
        let vocabulary = config.vocabulary
        wordEmbeddings.withUnsafeBufferPointer { word in
            positionEmbeddings.withUnsafeBufferPointer { position in
                tokenTypeEmbedding.withUnsafeBufferPointer { type in
                    var row = 0
                    for length in lengths {
                        for p in 0..<length {
                            // Ids come from our tokenizer; clamp anyway so a foreign id can't read out of bounds.
                            let id = min(max(Int(ids[row]), 0), vocabulary - 1)
                            let out = x + row * h
                            for j in 0..<h { out[j] = word[id * h + j] + position[p * h + j] + type[j] }
                            row += 1
                        }
                    }
                }
            }
        }
        let rows = ids.count
        Self.layerNorm(x, rows: rows, width: h, embeddingNorm, eps: config.layerNormEpsilon, into: x)
    }

    /// Scaled dot-product attention, per text and head: softmax(Q·Kᵀ/√d)·V.
    private func attention(qkv: UnsafeMutablePointer<Float>, lengths: [Int], scores: UnsafeMutablePointer<Float>, into context: UnsafeMutablePointer<Float>) {
        let h = config.hidden
        let d = config.headSize
        let stride = 3 * h
        let scale = 1 / Float(d).squareRoot()
        var start = 0
        for length in lengths {
            let n = Int32(length)
            for head in 0..<config.heads {
                let q = qkv + start * stride + head * d
                let k = q + h
                let v = q + 2 * h
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(d),
                    scale, q, Int32(stride), k, Int32(stride), 0, scores, n)
                Self.softmaxRows(scores, rows: length, width: length)
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(d), n,
                    1, scores, n, v, Int32(stride), 0, context + start * h + head * d, Int32(h))
            }
            start += length
        }
    }

    /// out = x·Wᵀ + b (or out += x·Wᵀ + b when `accumulate`), one sgemm over all rows.
    static func linear(_ x: UnsafePointer<Float>, rows: Int, _ layer: LinearWeights, into out: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let n = layer.outputs
        layer.bias.withUnsafeBufferPointer { bias in
            for r in 0..<rows {
                let row = out + r * n
                if accumulate {
                    for j in 0..<n { row[j] += bias[j] }
                } else {
                    row.update(from: bias.baseAddress!, count: n)
                }
            }
        }
        layer.weight.withUnsafeBufferPointer { w in
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(layer.inputs),
                1, x, Int32(layer.inputs), w.baseAddress, Int32(layer.inputs), 1, out, Int32(n))
        }
    }

    /// Row-wise LayerNorm; `input` and `out` may be the same buffer.
    static func layerNorm(_ input: UnsafePointer<Float>, rows: Int, width: Int, _ norm: LayerNormWeights, eps: Float, into out: UnsafeMutablePointer<Float>) {
        norm.gamma.withUnsafeBufferPointer { gamma in
            norm.beta.withUnsafeBufferPointer { beta in
                for r in 0..<rows {
                    let x = input + r * width
                    let y = out + r * width
                    var sum: Float = 0
                    for j in 0..<width { sum += x[j] }
                    let mean = sum / Float(width)
                    var squares: Float = 0
                    for j in 0..<width {
                        let c = x[j] - mean
                        squares += c * c
                    }
                    let inverse = 1 / (squares / Float(width) + eps).squareRoot()
                    for j in 0..<width { y[j] = (x[j] - mean) * inverse * gamma[j] + beta[j] }
                }
            }
        }
    }

    static func softmaxRows(_ m: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = m + r * width
            var top = -Float.infinity
            for j in 0..<width { top = max(top, row[j]) }
            var sum: Float = 0
            for j in 0..<width {
                let e = expf(row[j] - top)
                row[j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0..<width { row[j] *= inverse }
        }
    }
}

/// A scratch buffer for one forward pass (uninitialised; every use writes before it reads).
struct Scratch {
    let base: UnsafeMutablePointer<Float>
    init(_ count: Int) { base = .allocate(capacity: max(count, 1)) }
    func deallocate() { base.deallocate() }
}

/// GELU with the exact (erf) form BERT uses: x·½·(1 + erf(x/√2)).
enum GELU {
    static func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let inverseSqrt2: Float = 0.70710678118654752
        for i in 0..<count {
            let v = x[i]
            x[i] = 0.5 * v * (1 + erf(v * inverseSqrt2))
        }
    }

    /// erf to within a few float ulps by a rational function of x (Eigen's and XLA's
    /// single-precision form): no exp, no branches, so the loop vectorises — calling the
    /// C library's erff per element cost over a millisecond per short text.
    @inline(__always)
    static func erf(_ a: Float) -> Float {
        let x = min(max(a, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 + -2.10102402082508e-06
        p = p * x2 + -5.69250639462346e-05
        p = p * x2 + -7.34990630326855e-04
        p = p * x2 + -2.95459980854025e-03
        p = p * x2 + -1.60960333262415e-02
        p *= x
        var q: Float = -1.45660718464996e-05
        q = q * x2 + -2.13374055278905e-04
        q = q * x2 + -1.68282697438203e-03
        q = q * x2 + -7.37332916720468e-03
        q = q * x2 + -1.42647390514189e-02
        return p / q
    }
}
