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
