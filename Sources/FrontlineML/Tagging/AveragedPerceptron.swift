/// Averaged structured perceptron (Collins 2002) over the same features, pairs and
/// constrained Viterbi as the CRF: the cheap alternative it was measured against.
/// Single-threaded by nature (each update changes the next decode); the visiting
/// order comes from the seed, so the result is the same on any machine.
enum AveragedPerceptron {
    static func train(_ corpus: TaggerCorpus, bio: BIOLabels, chainLabels: [[Int32]], weights start: TaggerWeights, epochs: Int, seed: UInt64) -> TaggerWeights {
        var weights = start
        let size = weights.parameterCount
        let total = bio.count
        let tOffset = weights.transitionOffset
        // w − u/c is the average of w over all steps (Daumé's trick), without summing copies.
        var sum = [Float](repeating: 0, count: size)
        var c: Float = 1
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<corpus.sentenceCount)
        let ws = ChainWorkspace()
        for _ in 0..<max(1, epochs) {
            order.shuffle(using: &rng)
            for s in order {
                let first = corpus.sentenceStarts[s], n = corpus.sentenceStarts[s + 1] - first
                guard n > 0 else { continue }
                let chain = LocalChain(labels: chainLabels[Int(corpus.chainOf[s])], bio: bio, weights: weights.values, transitionOffset: tOffset)
                let k = chain.count
                ws.reserve(tokens: n, labels: k)
                let path: [Int32] = corpus.features.withUnsafeBufferPointer { features in
                    corpus.tokenStarts.withUnsafeBufferPointer { starts in
                        let tokenStarts = UnsafeBufferPointer(rebasing: starts[first...(first + n)])
                        chain.emissions(weights, features: features, starts: tokenStarts, tokens: n, into: ws.emit)
                        return ConstrainedViterbi.decode(chain, emit: ws.emit, tokens: n, workspace: ws)
                    }
                }
                let predicted = path.map { chain.labels[Int($0)] }
                let gold = corpus.labels[first..<(first + n)]
                if predicted.elementsEqual(gold) { c += 1; continue }
                func update(_ index: Int, _ delta: Float) {
                    weights.values[index] += delta
                    sum[index] += c * delta
                }
                for (t, (y, p)) in zip(gold, predicted).enumerated() {
                    let prevY = t == 0 ? total : Int(gold[gold.startIndex + t - 1])
                    let prevP = t == 0 ? total : Int(predicted[t - 1])
                    if y == p && prevY == prevP { continue }
                    update(tOffset + prevY * total + Int(y), 1)
                    update(tOffset + prevP * total + Int(p), -1)
                    guard y != p else { continue }
                    for i in corpus.tokenStarts[first + t]..<corpus.tokenStarts[first + t + 1] {
                        let f = Int(corpus.features[i])
                        for q in Int(weights.rowStarts[f])..<Int(weights.rowStarts[f + 1]) {
                            let l = weights.pairLabels[q]
                            if l == y { update(q, 1) } else if l == p { update(q, -1) }
                        }
                    }
                }
                c += 1
            }
        }
        for i in 0..<size { weights.values[i] -= sum[i] / c }
        return weights
    }
}
