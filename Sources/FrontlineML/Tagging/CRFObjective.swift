import Foundation

/// Negative log-likelihood of a linear-chain CRF plus (l2 / 2)·‖θ‖², and its gradient.
/// Sentences are split into a fixed number of chunks whatever the thread count,
/// each chunk's gradient summed in chunk order: the same bits on 1 or 8 cores.
struct CRFObjective: Sendable {
    let corpus: TaggerCorpus
    let bio: BIOLabels
    /// Allowed global labels per chain (per intent, or all).
    let chainLabels: [[Int32]]
    let l2: Float
    let chunks: Int
    let workers: Int
    /// Token t's emission terms, resolved once: the (feature, label) pair and its
    /// local label in the sentence's chain, entries `tokenPairStarts[t]..<[t + 1]`.
    /// The passes then stream through these instead of chasing feature rows, the
    /// pair labels and the local map (the gathers were 80% of the time).
    let pairs: [Int32]
    let pairLocal: [UInt16]
    let tokenPairStarts: [Int]

    init(corpus: TaggerCorpus, bio: BIOLabels, chainLabels: [[Int32]], weights: TaggerWeights, l2: Float, chunks: Int, workers: Int) {
        self.corpus = corpus
        self.bio = bio
        self.chainLabels = chainLabels
        self.l2 = l2
        self.chunks = chunks
        self.workers = workers
        let locals: [[Int32]] = chainLabels.map { labels in
            var local = [Int32](repeating: -1, count: bio.count)
            for (k, l) in labels.enumerated() { local[Int(l)] = Int32(k) }
            return local
        }
        var pairs: [Int32] = [], pairLocal: [UInt16] = [], starts: [Int] = [0]
        starts.reserveCapacity(corpus.tokenCount + 1)
        for s in 0..<corpus.sentenceCount {
            let local = locals[Int(corpus.chainOf[s])]
            for t in corpus.sentenceStarts[s]..<corpus.sentenceStarts[s + 1] {
                for f in corpus.features[corpus.tokenStarts[t]..<corpus.tokenStarts[t + 1]] {
                    for p in Int(weights.rowStarts[Int(f)])..<Int(weights.rowStarts[Int(f) + 1]) {
                        let j = local[Int(weights.pairLabels[p])]
                        if j >= 0 {
                            pairs.append(Int32(p))
                            pairLocal.append(UInt16(j))
                        }
                    }
                }
                starts.append(pairs.count)
            }
        }
        self.pairs = pairs
        self.pairLocal = pairLocal
        tokenPairStarts = starts
    }

    func evaluate(_ weights: TaggerWeights) -> (Double, [Float]) {
        let size = weights.parameterCount
        let bio = self.bio
        let chains = chainLabels.map { LocalChain(labels: $0, bio: bio, weights: weights.values, transitionOffset: weights.transitionOffset) }
        let partial = UnsafeShared(UnsafeMutablePointer<Float>.allocate(capacity: size * chunks))
        let losses = UnsafeShared(UnsafeMutablePointer<Double>.allocate(capacity: chunks))
        defer {
            partial.value.deallocate()
            losses.value.deallocate()
        }
        Parallel.forChunks(count: corpus.sentenceCount, chunks: chunks, workers: workers) { chunk, range in
            let g = partial.value + chunk * size
            g.initialize(repeating: 0, count: size)
            losses.value[chunk] = accumulate(range, chains: chains, weights: weights, gradient: g)
        }
        var gradient = [Float](repeating: 0, count: size)
        var loss = 0.0
        gradient.withUnsafeMutableBufferPointer { g in
            for chunk in 0..<chunks {
                let p = partial.value + chunk * size
                for i in 0..<size { g[i] += p[i] }
                loss += losses.value[chunk]
            }
            weights.values.withUnsafeBufferPointer { w in
                var norm = 0.0
                for i in 0..<size {
                    g[i] += l2 * w[i]
                    norm += Double(w[i]) * Double(w[i])
                }
                loss += 0.5 * Double(l2) * norm
            }
        }
        return (loss, gradient)
    }

    /// Adds the sentences' NLL gradient into `g`; returns their NLL.
    func accumulate(_ range: Range<Int>, chains: [LocalChain], weights: TaggerWeights, gradient g: UnsafeMutablePointer<Float>) -> Double {
        let ws = ChainWorkspace()
        let total = bio.count
        let tOffset = weights.transitionOffset
        let startRow = g + tOffset + total * total
        // Expected transition counts of one sentence: into open labels (K × open),
        // and into each label's continuation (K), the only steps BIO allows.
        let xi = UnsafeMutablePointer<Float>.allocate(capacity: total * total)
        let xiContinue = UnsafeMutablePointer<Float>.allocate(capacity: total)
        defer {
            xi.deallocate()
            xiContinue.deallocate()
        }
        var loss = 0.0
        pairs.withUnsafeBufferPointer { pairs in
            pairLocal.withUnsafeBufferPointer { pairLocal in
                tokenPairStarts.withUnsafeBufferPointer { ps in
                    weights.values.withUnsafeBufferPointer { w in
                        corpus.labels.withUnsafeBufferPointer { gold in
                            for s in range {
                                let first = corpus.sentenceStarts[s], n = corpus.sentenceStarts[s + 1] - first
                                guard n > 0 else { continue }
                                let chain = chains[Int(corpus.chainOf[s])]
                                let k = chain.count
                                ws.reserve(tokens: n, labels: k)
                                let emit = ws.emit
                                emit.initialize(repeating: 0, count: n * k)
                                for t in 0..<n {
                                    let row = emit + t * k
                                    for e in ps[first + t]..<ps[first + t + 1] { row[Int(pairLocal[e])] += w[Int(pairs[e])] }
                                }
                                let logZ = ForwardBackward.run(chain, emit: emit, tokens: n, workspace: ws)
                                let alpha = ws.alpha, beta = ws.beta, u = ws.tmp

                                let o = chain.openCount
                                chain.local.withUnsafeBufferPointer { local in
                                    chain.labels.withUnsafeBufferPointer { labels in
                                        chain.expOpenTransitions.withUnsafeBufferPointer { expT in
                                            // Gold score and observed counts (subtracted).
                                            var score: Float = 0
                                            var prev = -1
                                            for t in 0..<n {
                                                let y = Int(gold[first + t])
                                                let ly = Int(local[y])
                                                score += emit[t * k + ly]
                                                if prev < 0 {
                                                    score += chain.start[ly]
                                                    startRow[y] -= 1
                                                } else {
                                                    score += chain.transition(Int(local[prev]), ly)
                                                    g[tOffset + prev * total + y] -= 1
                                                }
                                                prev = y
                                            }
                                            loss += logZ - Double(score)

                                            // Emissions: marginal minus the gold indicator, per pair.
                                            for t in 0..<n {
                                                let a = alpha + t * k, b = beta + t * k
                                                for j in 0..<k { u[j] = a[j] * b[j] }
                                                u[Int(local[Int(gold[first + t])])] -= 1
                                                for e in ps[first + t]..<ps[first + t + 1] { g[Int(pairs[e])] += u[Int(pairLocal[e])] }
                                            }
                                            // Transitions through the pair marginals, allowed steps only.
                                            for j in 0..<k { startRow[Int(labels[j])] += alpha[j] * beta[j] }
                                            xi.initialize(repeating: 0, count: k * o)
                                            xiContinue.initialize(repeating: 0, count: k)
                                            let uOpen = ws.openTmp
                                            for t in 1..<max(1, n) {
                                                let inv = 1 / ws.scale[t]
                                                let et = ws.expEmit + t * k, bt = beta + t * k, ap = alpha + (t - 1) * k
                                                for j in 0..<k { u[j] = et[j] * bt[j] * inv }
                                                for q in 0..<o { uOpen[q] = u[Int(chain.open[q])] }
                                                for i in 0..<k {
                                                    let ai = ap[i]
                                                    if ai == 0 { continue }
                                                    let row = xi + i * o, tr = expT.baseAddress! + i * o
                                                    for q in 0..<o { row[q] += ai * tr[q] * uOpen[q] }
                                                    let next = Int(chain.continuation[i])
                                                    if next >= 0 { xiContinue[i] += ai * chain.expContinue[i] * u[next] }
                                                }
                                            }
                                            for i in 0..<k {
                                                let base = g + tOffset + Int(labels[i]) * total
                                                for q in 0..<o { base[Int(labels[Int(chain.open[q])])] += xi[i * o + q] }
                                                let next = Int(chain.continuation[i])
                                                if next >= 0 { base[Int(labels[next])] += xiContinue[i] }
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
        return loss
    }
}
