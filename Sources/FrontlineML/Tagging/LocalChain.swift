import Foundation

/// The labels one utterance may take (all, or those its intent had in training),
/// with the transition scores among them: the tagger's dynamic programmes run over
/// these K labels instead of all of them.
///
/// Transitions are stored sparsely, by the BIO rule: any label may precede an
/// "open" label (O or B-x), while I-x may only follow B-x or I-x. So each label i
/// has a dense row into the open labels plus at most one continuation (the I-x of
/// its own slot), and the recursions cost K·(open + 1) per token instead of K²;
/// with many slot types that is about half, and the open rows are contiguous, so
/// the inner loops vectorise. The skipped steps are exactly those scoring −∞.
struct LocalChain: Sendable {
    /// Global label of each local label (ascending; O first).
    let labels: [Int32]
    /// Local index of each global label, −1 when not allowed.
    let local: [Int32]
    /// Local indices of the open labels (O and every B-x), ascending.
    let open: [Int32]
    /// Local index of the I-x that may follow label i (B-x or I-x), −1 for O.
    let continuation: [Int32]
    /// Local indices of the I-x labels, ascending, and for each its predecessors
    /// (the labels whose continuation it is, ascending):
    /// `predecessors[predecessorStarts[m]..<predecessorStarts[m + 1]]` for `inside[m]`.
    let inside: [Int32]
    let predecessors: [Int32]
    let predecessorStarts: [Int]
    /// Scores from label i into open label `open[o]`, K × |open| row-major.
    var openTransitions: [Float]
    /// exp of the above, row-major and transposed (|open| × K, for the backward pass).
    var expOpenTransitions: [Float]
    var expOpenTransitionsByColumn: [Float]
    /// Score of i → continuation[i] (−∞ for O), and its exp (0 for O).
    var continueScores: [Float]
    var expContinue: [Float]
    /// Start scores, −∞ for I-x; and their exp (0 for I-x).
    var start: [Float]
    var expStart: [Float]

    var count: Int { labels.count }
    var openCount: Int { open.count }

    init(labels: [Int32], bio: BIOLabels, weights: [Float], transitionOffset: Int) {
        self.labels = labels
        let total = bio.count
        var local = [Int32](repeating: -1, count: total)
        for (k, l) in labels.enumerated() { local[Int(l)] = Int32(k) }
        self.local = local
        let k = labels.count
        let open = (0..<k).filter { !bio.isInside(Int(labels[$0])) }.map { Int32($0) }
        self.open = open
        let continuation: [Int32] = labels.map { l in
            guard let s = bio.slot(of: Int(l)) else { return -1 }
            return local[bio.inside(s)]
        }
        self.continuation = continuation
        let inside = (0..<k).filter { bio.isInside(Int(labels[$0])) }.map { Int32($0) }
        self.inside = inside
        var predecessors: [Int32] = [], starts = [0]
        for j in inside {
            predecessors.append(contentsOf: (0..<k).filter { continuation[$0] == j }.map { Int32($0) })
            starts.append(predecessors.count)
        }
        self.predecessors = predecessors
        predecessorStarts = starts

        let o = open.count
        openTransitions = [Float](repeating: 0, count: k * o)
        expOpenTransitions = [Float](repeating: 0, count: k * o)
        expOpenTransitionsByColumn = [Float](repeating: 0, count: o * k)
        continueScores = [Float](repeating: -.infinity, count: k)
        expContinue = [Float](repeating: 0, count: k)
        start = [Float](repeating: -.infinity, count: k)
        expStart = [Float](repeating: 0, count: k)
        for (c, j) in open.enumerated() {
            let lj = Int(labels[Int(j)])
            start[Int(j)] = weights[transitionOffset + total * total + lj]
            expStart[Int(j)] = Self.safeExp(start[Int(j)])
            for i in 0..<k {
                let score = weights[transitionOffset + Int(labels[i]) * total + lj]
                openTransitions[i * o + c] = score
                expOpenTransitions[i * o + c] = Self.safeExp(score)
                expOpenTransitionsByColumn[c * k + i] = Self.safeExp(score)
            }
        }
        for i in 0..<k where continuation[i] >= 0 {
            continueScores[i] = weights[transitionOffset + Int(labels[i]) * total + Int(labels[Int(continuation[i])])]
            expContinue[i] = Self.safeExp(continueScores[i])
        }
    }

    /// exp clamped so a runaway weight cannot overflow the scaled recursions.
    @inline(__always)
    static func safeExp(_ x: Float) -> Float { expf(min(x, 60)) }

    /// Position of local label j among the open labels, nil for I-x. Open labels are
    /// ascending, so this is a binary search (used off the hot paths only).
    func openPosition(_ j: Int) -> Int? {
        var lo = 0, hi = open.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(open[mid]) < j { lo = mid + 1 } else { hi = mid }
        }
        return lo < open.count && Int(open[lo]) == j ? lo : nil
    }

    /// Score of local i → local j, −∞ where BIO forbids the step.
    func transition(_ i: Int, _ j: Int) -> Float {
        if let c = openPosition(j) { return openTransitions[i * openCount + c] }
        return Int(continuation[i]) == j ? continueScores[i] : -.infinity
    }

    /// exp of `transition(i, j)`, 0 where forbidden.
    func expTransition(_ i: Int, _ j: Int) -> Float {
        if let c = openPosition(j) { return expOpenTransitions[i * openCount + c] }
        return Int(continuation[i]) == j ? expContinue[i] : 0
    }

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
