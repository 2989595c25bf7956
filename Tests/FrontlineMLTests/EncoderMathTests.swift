import Foundation
import Testing
@testable import FrontlineML

/// The forward pass on a small random BERT, checked against plain loops in Double: the
/// BLAS calls (transposes, strides into the stacked Q/K/V, per-head blocks) and the
/// per-text attention of a packed batch.
@Suite("Encoder math")
struct EncoderMathTests {
    static func randomLinear(_ inputs: Int, _ outputs: Int, _ g: inout SeededGenerator) -> LinearWeights {
        LinearWeights(weight: g.floats(inputs * outputs, -0.5...0.5), bias: g.floats(outputs, -0.2...0.2), inputs: inputs, outputs: outputs)
    }

    static func randomNorm(_ width: Int, _ g: inout SeededGenerator) -> LayerNormWeights {
        LayerNormWeights(gamma: g.floats(width, 0.5...1.5), beta: g.floats(width, -0.1...0.1))
    }

    static func tinyModel(seed: UInt64 = 7) -> BertWeights {
        var g = SeededGenerator(seed: seed)
        var config = BertConfig()
        (config.hidden, config.heads, config.intermediate, config.layers, config.vocabulary, config.positions) = (12, 3, 20, 2, 30, 16)
        let h = config.hidden
        let layers = (0..<config.layers).map { _ in
            BertLayerWeights(
                queryKeyValue: randomLinear(h, 3 * h, &g), attentionOutput: randomLinear(h, h, &g), attentionNorm: randomNorm(h, &g),
                intermediate: randomLinear(h, config.intermediate, &g), output: randomLinear(config.intermediate, h, &g), outputNorm: randomNorm(h, &g))
        }
        return BertWeights(
            config: config, wordEmbeddings: g.floats(config.vocabulary * h), positionEmbeddings: g.floats(config.positions * h),
            tokenTypeEmbedding: g.floats(h), embeddingNorm: randomNorm(h, &g), layers: layers)
    }

    // Plain-loop reference, one text at a time, in Double.
    static func plainLinear(_ x: [[Double]], _ l: LinearWeights) -> [[Double]] {
        x.map { row in (0..<l.outputs).map { o in (0..<l.inputs).reduce(Double(l.bias[o])) { $0 + row[$1] * Double(l.weight[o * l.inputs + $1]) } } }
    }

    static func plainNorm(_ x: [[Double]], _ n: LayerNormWeights, eps: Double) -> [[Double]] {
        x.map { row in
            let mean = row.reduce(0, +) / Double(row.count)
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(row.count)
            return row.indices.map { (row[$0] - mean) / (variance + eps).squareRoot() * Double(n.gamma[$0]) + Double(n.beta[$0]) }
        }
    }

    static func plainStates(_ m: BertWeights, _ ids: [Int32]) -> [[Double]] {
        let c = m.config
        let h = c.hidden, d = c.headSize
        let eps = Double(c.layerNormEpsilon)
        var x = ids.enumerated().map { p, id in
            (0..<h).map { Double(m.wordEmbeddings[Int(id) * h + $0]) + Double(m.positionEmbeddings[p * h + $0]) + Double(m.tokenTypeEmbedding[$0]) }
        }
        x = plainNorm(x, m.embeddingNorm, eps: eps)
        for layer in m.layers {
            let qkv = plainLinear(x, layer.queryKeyValue)
            var context = [[Double]](repeating: [Double](repeating: 0, count: h), count: x.count)
            for head in 0..<c.heads {
                for i in x.indices {
                    let scores = x.indices.map { j in (0..<d).reduce(0.0) { $0 + qkv[i][head * d + $1] * qkv[j][h + head * d + $1] } / Double(d).squareRoot() }
                    let top = scores.max()!
                    let e = scores.map { Foundation.exp($0 - top) }
                    let sum = e.reduce(0, +)
                    for k in 0..<d { context[i][head * d + k] = x.indices.reduce(0.0) { $0 + e[$1] / sum * qkv[$1][2 * h + head * d + k] } }
                }
            }
            let attended = plainLinear(context, layer.attentionOutput)
            x = plainNorm(x.indices.map { i in (0..<h).map { attended[i][$0] + x[i][$0] } }, layer.attentionNorm, eps: eps)
            let hidden = plainLinear(x, layer.intermediate).map { $0.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) } }
            let out = plainLinear(hidden, layer.output)
            x = plainNorm(x.indices.map { i in (0..<h).map { out[i][$0] + x[i][$0] } }, layer.outputNorm, eps: eps)
        }
        return x
    }

    @Test func blasForwardMatchesPlainLoops() {
        let model = Self.tinyModel()
        let texts: [[Int32]] = [[1, 5, 9, 2], [1, 29, 2], [1, 3, 3, 3, 7, 11, 13, 2]]
        // Packed batch: three texts of different lengths in one pass.
        let packed = model.hiddenStates(ids: Array(texts.joined()), lengths: texts.map(\.count))
        let h = model.config.hidden
        var row = 0
        for ids in texts {
            let expected = Self.plainStates(model, ids)
            for i in ids.indices {
                for j in 0..<h {
                    #expect(abs(Double(packed[(row + i) * h + j]) - expected[i][j]) < 2e-4)
                }
            }
            row += ids.count
        }
    }

    @Test func packedBatchEqualsSeparatePasses() {
        let model = Self.tinyModel(seed: 11)
        let a: [Int32] = [1, 4, 8, 15, 16, 23, 2], b: [Int32] = [1, 2]
        let together = model.hiddenStates(ids: a + b, lengths: [a.count, b.count])
        let separate = model.hiddenStates(ids: a, lengths: [a.count]) + model.hiddenStates(ids: b, lengths: [b.count])
        #expect(maxDifference(together, separate) < 1e-6)
        // A text's states depend on its own tokens only (no attention across texts).
        let other = model.hiddenStates(ids: a + [1, 9, 9, 2], lengths: [a.count, 4])
        #expect(maxDifference(Array(other.prefix(a.count * model.config.hidden)), Array(separate.prefix(a.count * model.config.hidden))) < 1e-6)
    }

    @Test func linearMatchesPlainLoopsWithAndWithoutAccumulation() {
        var g = SeededGenerator(seed: 3)
        let layer = Self.randomLinear(17, 9, &g)
        let x = g.floats(5 * 17)
        let start = g.floats(5 * 9)
        var fresh = [Float](repeating: .nan, count: 5 * 9)
        var accumulated = start
        x.withUnsafeBufferPointer { xp in
            fresh.withUnsafeMutableBufferPointer { BertWeights.linear(xp.baseAddress!, rows: 5, layer, into: $0.baseAddress!, accumulate: false) }
            accumulated.withUnsafeMutableBufferPointer { BertWeights.linear(xp.baseAddress!, rows: 5, layer, into: $0.baseAddress!, accumulate: true) }
        }
        let expected = Self.plainLinear((0..<5).map { r in (0..<17).map { Double(x[r * 17 + $0]) } }, layer)
        for r in 0..<5 {
            for o in 0..<9 {
                #expect(abs(Double(fresh[r * 9 + o]) - expected[r][o]) < 1e-5)
                #expect(abs(Double(accumulated[r * 9 + o]) - expected[r][o] - Double(start[r * 9 + o])) < 1e-5)
            }
        }
    }

    @Test func geluErfIsAccurate() {
        var worst: Double = 0
        for i in -8000...8000 {
            let x = Float(i) / 1000
            worst = max(worst, abs(Double(GELU.erf(x)) - Foundation.erf(Double(x))))
        }
        #expect(worst < 2e-6)
        var v: [Float] = [-3, -1, 0, 0.5, 2]
        v.withUnsafeMutableBufferPointer { GELU.apply($0.baseAddress!, count: $0.count) }
        let expected = [-3.0, -1, 0, 0.5, 2].map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        for (a, b) in zip(v, expected) { #expect(abs(Double(a) - b) < 1e-6) }
    }

    @Test func poolingAndSplitting() {
        let pooled = SentenceEncoder.meanPooled([1, 2, 3, 4, 100, 100], rows: 0..<2, width: 2)
        // Mean of the first two rows is (2, 3); unit length divides by √13.
        #expect(abs(pooled[0] - 2 / Float(13).squareRoot()) < 1e-6 && abs(pooled[1] - 3 / Float(13).squareRoot()) < 1e-6)
        #expect(SentenceEncoder.split([5, 5, 5, 5], into: 2) == [0, 2, 4])
        #expect(SentenceEncoder.split([30, 2, 2, 2], into: 2) == [0, 1, 4])
        #expect(SentenceEncoder.split([3], into: 1) == [0, 1])
        #expect(SentenceEncoder.split([1, 1], into: 2) == [0, 1, 2])
    }
}
