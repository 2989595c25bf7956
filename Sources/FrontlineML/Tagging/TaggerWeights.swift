import Foundation

/// The tagger's parameters. Emission weights exist only for (feature, label)
/// pairs seen in training (as CRFsuite does): feature a's pairs are
/// `rowStarts[a]..<rowStarts[a + 1]`, with their labels in `pairLabels`, so
/// scoring a token gathers a few short, contiguous label rows. After the pairs come
/// the transition scores, `(labels + 1) × labels`, row `labels` being the start.
struct TaggerWeights: Sendable {
    var labelCount: Int
    var features: FeatureIndex
    var rowStarts: [Int32]
    var pairLabels: [Int32]
    /// Pair weights, then transitions: one flat vector, as the optimiser sees it.
    var values: [Float]

    var pairCount: Int { pairLabels.count }
    var transitionOffset: Int { pairLabels.count }
    var parameterCount: Int { pairLabels.count + (labelCount + 1) * labelCount }

    /// Builds the pair layout from training tokens' feature numbers and gold labels.
    static func layout(featureCount: Int, labelCount: Int, tokenFeatures: [Int32], tokenStarts: [Int], labels: [Int]) -> (rowStarts: [Int32], pairLabels: [Int32]) {
        // A bit per (feature, label) pair seen, then rows in feature order, labels ascending.
        var seen = [UInt64](repeating: 0, count: (featureCount * labelCount + 63) / 64)
        for t in labels.indices {
            for f in tokenFeatures[tokenStarts[t]..<tokenStarts[t + 1]] {
                let bit = Int(f) * labelCount + labels[t]
                seen[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
        var rowStarts: [Int32] = [0]
        rowStarts.reserveCapacity(featureCount + 1)
        var pairLabels: [Int32] = []
        for f in 0..<featureCount {
            for l in 0..<labelCount {
                let bit = f * labelCount + l
                if seen[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { pairLabels.append(Int32(l)) }
            }
            rowStarts.append(Int32(pairLabels.count))
        }
        return (rowStarts, pairLabels)
    }
}

/// The labels one utterance may take (all, or those its intent had in training),
/// with the transition scores among them: the tagger's dynamic programmes run over
/// these K labels instead of all of them.
struct LocalChain: Sendable {
    /// Global label of each local label (ascending; O first).
    let labels: [Int32]
    /// Local index of each global label, −1 when not allowed.
    let local: [Int32]
    /// K × K transition scores, −∞ where BIO forbids the step; `start` likewise.
    var transitions: [Float]
    var start: [Float]
    /// exp of the above (0 where forbidden), for the scaled forward–backward.
    var expTransitions: [Float]
    var expStart: [Float]

    var count: Int { labels.count }

    init(labels: [Int32], bio: BIOLabels, weights: [Float], transitionOffset: Int) {
        self.labels = labels
        let total = bio.count
        var local = [Int32](repeating: -1, count: total)
        for (k, l) in labels.enumerated() { local[Int(l)] = Int32(k) }
        self.local = local
        let k = labels.count
        transitions = [Float](repeating: -.infinity, count: k * k)
        start = [Float](repeating: -.infinity, count: k)
        expTransitions = [Float](repeating: 0, count: k * k)
        expStart = [Float](repeating: 0, count: k)
        for j in 0..<k {
            let lj = Int(labels[j])
            if bio.allows(nil, lj) {
                start[j] = weights[transitionOffset + total * total + lj]
                expStart[j] = Self.safeExp(start[j])
            }
            for i in 0..<k {
                let li = Int(labels[i])
                guard bio.allows(li, lj) else { continue }
                transitions[i * k + j] = weights[transitionOffset + li * total + lj]
                expTransitions[i * k + j] = Self.safeExp(transitions[i * k + j])
            }
        }
    }

    /// exp clamped so a runaway weight cannot overflow the scaled recursions.
    @inline(__always)
    static func safeExp(_ x: Float) -> Float { expf(min(x, 60)) }

    /// Emission scores of n tokens over the K local labels, row-major n × K.
    func emissions(_ weights: TaggerWeights, features: UnsafeBufferPointer<Int32>, starts: UnsafeBufferPointer<Int>, tokens n: Int, into out: UnsafeMutablePointer<Float>) {
        let k = count
        out.initialize(repeating: 0, count: n * k)
        weights.rowStarts.withUnsafeBufferPointer { rows in
            weights.pairLabels.withUnsafeBufferPointer { pl in
                weights.values.withUnsafeBufferPointer { w in
                    local.withUnsafeBufferPointer { loc in
                        for t in 0..<n {
                            let row = out + t * k
                            for i in starts[t]..<starts[t + 1] {
                                let f = Int(features[i])
                                for p in Int(rows[f])..<Int(rows[f + 1]) {
                                    let j = loc[Int(pl[p])]
                                    if j >= 0 { row[Int(j)] += w[p] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
