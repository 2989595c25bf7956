import Foundation
import Testing
@testable import FrontlineML

/// The tagger's recursions visit only BIO-allowed steps (`LocalChain`'s open rows and
/// continuations). Here they are checked against the plain dense computation over
/// a full K × K transition matrix in which forbidden steps score −∞, on random
/// small problems: whole chains and intent-restricted ones.
@Suite struct TaggerSparseChainTests {
    let bio = BIOLabels(slots: ["a", "b", "c"])
    /// All labels, and an intent's subset (O, a, c): local and global numbers differ.
    var chainLabelSets: [[Int32]] { [(0..<Int32(bio.count)).map { $0 }, [0, 1, 2, 5, 6]] }

    /// The dense reference: K × K scores with −∞ where BIO forbids the step, built
    /// straight from the weight vector and `BIOLabels.allows`, not from LocalChain.
    struct Dense {
        var k: Int
        var start: [Double]
        var transitions: [Double]

        init(labels: [Int32], bio: BIOLabels, weights: [Float], transitionOffset: Int) {
            k = labels.count
            let total = bio.count
            start = labels.map { l in
                bio.allows(nil, Int(l)) ? Double(weights[transitionOffset + total * total + Int(l)]) : -.infinity
            }
            transitions = []
            for i in labels {
                for j in labels {
                    transitions.append(bio.allows(Int(i), Int(j)) ? Double(weights[transitionOffset + Int(i) * total + Int(j)]) : -.infinity)
                }
            }
        }

        static func logSumExp(_ xs: [Double]) -> Double {
            let m = xs.max() ?? -.infinity
            guard m > -.infinity else { return -.infinity }
            return m + log(xs.reduce(0) { $0 + exp($1 - m) })
        }

        /// The textbook Viterbi: for each label, the best previous label, lowest on ties.
        func viterbi(_ emit: [Float], tokens n: Int) -> (path: [Int], score: Double) {
            var score = (0..<k).map { start[$0] + Double(emit[$0]) }
            var back: [[Int]] = []
            for t in 1..<max(1, n) {
                var next = [Double](repeating: -.infinity, count: k), arg = [Int](repeating: 0, count: k)
                for j in 0..<k {
                    for i in 0..<k where score[i] + transitions[i * k + j] > next[j] {
                        next[j] = score[i] + transitions[i * k + j]
                        arg[j] = i
                    }
                    next[j] += Double(emit[t * k + j])
                }
                back.append(arg)
                score = next
            }
            var last = 0
            for j in 0..<k where score[j] > score[last] { last = j }
            var path = [last]
            for arg in back.reversed() { path.insert(arg[path[0]], at: 0) }
            return (path, score[last])
        }

        /// Log-space forward–backward: log Z, token marginals (n × K) and pair
        /// marginals per step ((n − 1) × K × K).
        func marginals(_ emit: [Float], tokens n: Int) -> (logZ: Double, node: [Double], pair: [Double]) {
            var alpha = [Double](repeating: -.infinity, count: n * k), beta = [Double](repeating: 0, count: n * k)
            for j in 0..<k { alpha[j] = start[j] + Double(emit[j]) }
            for t in 1..<max(1, n) {
                for j in 0..<k {
                    alpha[t * k + j] = Self.logSumExp((0..<k).map { alpha[(t - 1) * k + $0] + transitions[$0 * k + j] })
                        + Double(emit[t * k + j])
                }
            }
            for t in stride(from: n - 2, through: 0, by: -1) {
                for i in 0..<k {
                    beta[t * k + i] = Self.logSumExp((0..<k).map {
                        transitions[i * k + $0] + Double(emit[(t + 1) * k + $0]) + beta[(t + 1) * k + $0]
                    })
                }
            }
            let logZ = Self.logSumExp(Array(alpha[((n - 1) * k)...]))
            let node = (0..<(n * k)).map { exp(alpha[$0] + beta[$0] - logZ) }
            var pair: [Double] = []
            for t in 1..<max(1, n) {
                for i in 0..<k {
                    for j in 0..<k {
                        pair.append(exp(alpha[(t - 1) * k + i] + transitions[i * k + j] + Double(emit[t * k + j]) + beta[t * k + j] - logZ))
                    }
                }
            }
            return (logZ, node, pair)
        }
    }

    func randomWeights(_ rng: inout SeededGenerator, pairs: Int = 0) -> [Float] {
        rng.floats(pairs + (bio.count + 1) * bio.count, -2...2)
    }

    @Test func viterbiAgreesWithTheDenseRecursion() {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<60 {
            let labels = chainLabelSets[trial % 2]
            let n = 1 + trial % 7
            // Coarse scores (halves) add up exactly in Float and Double and make ties
            // common, so the tie-breaking is checked too.
            let weights = (0..<((bio.count + 1) * bio.count)).map { _ in Float(Int(rng.next() % 9)) / 2 - 2 }
            let chain = LocalChain(labels: labels, bio: bio, weights: weights, transitionOffset: 0)
            let dense = Dense(labels: labels, bio: bio, weights: weights, transitionOffset: 0)
            let emit = (0..<(n * labels.count)).map { _ in Float(Int(rng.next() % 5)) - 2 }
            let ws = ChainWorkspace()
            ws.reserve(tokens: n, labels: labels.count)
            let path = ConstrainedViterbi.decode(chain, emit: emit, tokens: n, workspace: ws)
            let reference = dense.viterbi(emit, tokens: n)
            #expect(path.map(Int.init) == reference.path, "trial \(trial)")
        }
    }

    @Test func forwardBackwardAgreesWithTheDenseRecursion() {
        var rng = SeededGenerator(seed: 12)
        for trial in 0..<60 {
            let labels = chainLabelSets[trial % 2]
            let k = labels.count
            let n = 1 + trial % 7
            let weights = randomWeights(&rng)
            let chain = LocalChain(labels: labels, bio: bio, weights: weights, transitionOffset: 0)
            let dense = Dense(labels: labels, bio: bio, weights: weights, transitionOffset: 0)
            let emit = rng.floats(n * k, -3...3)
            let ws = ChainWorkspace()
            ws.reserve(tokens: n, labels: k)
            let logZ = ForwardBackward.run(chain, emit: emit, tokens: n, workspace: ws)
            let reference = dense.marginals(emit, tokens: n)
            #expect(abs(logZ - reference.logZ) < 1e-4 * max(1, abs(reference.logZ)), "trial \(trial)")
            for i in 0..<(n * k) {
                #expect(abs(Double(ws.alpha[i] * ws.beta[i]) - reference.node[i]) < 1e-5, "trial \(trial), cell \(i)")
            }
            // Pair marginals from the scaled quantities, through the sparse accessors.
            for t in 1..<max(1, n) {
                for i in 0..<k {
                    for j in 0..<k {
                        let p = ws.alpha[(t - 1) * k + i] * chain.expTransition(i, j) * ws.expEmit[t * k + j]
                            * ws.beta[t * k + j] / ws.scale[t]
                        #expect(abs(Double(p) - reference.pair[((t - 1) * k + i) * k + j]) < 1e-5)
                    }
                }
            }
        }
    }

    @Test func transitionAccessorsMatchTheDenseMatrix() {
        var rng = SeededGenerator(seed: 13)
        for labels in chainLabelSets {
            let weights = randomWeights(&rng)
            let chain = LocalChain(labels: labels, bio: bio, weights: weights, transitionOffset: 0)
            let dense = Dense(labels: labels, bio: bio, weights: weights, transitionOffset: 0)
            let k = labels.count
            for i in 0..<k {
                #expect(Double(chain.start[i]) == dense.start[i])
                for j in 0..<k {
                    #expect(Double(chain.transition(i, j)) == dense.transitions[i * k + j])
                    #expect(chain.expTransition(i, j) == (dense.transitions[i * k + j] == -.infinity ? 0 : expf(Float(dense.transitions[i * k + j]))))
                }
            }
        }
    }

    /// NLL and gradient of the training objective against the dense log-space
    /// computation, with sentences on both chains.
    @Test func objectiveAgreesWithTheDenseComputation() {
        var rng = SeededGenerator(seed: 14)
        let chains = chainLabelSets
        let featureCount = 8
        var corpus = TaggerCorpus()
        for s in 0..<12 {
            let chain = s % 2
            let allowed = chains[chain].map(Int.init)
            let n = 1 + Int(rng.next() % 6)
            var previous: Int? = nil
            for _ in 0..<n {
                let options = allowed.filter { bio.allows(previous, $0) }
                let y = options[Int(rng.next() % UInt64(options.count))]
                previous = y
                for _ in 0..<3 { corpus.features.append(Int32(Int(rng.next() % UInt64(featureCount)))) }
                corpus.tokenStarts.append(corpus.features.count)
                corpus.labels.append(Int32(y))
            }
            corpus.sentenceStarts.append(corpus.labels.count)
            corpus.chainOf.append(Int32(chain))
        }
        let layout = TaggerWeights.layout(
            featureCount: featureCount, labelCount: bio.count, tokenFeatures: corpus.features,
            tokenStarts: corpus.tokenStarts, labels: corpus.labels.map(Int.init))
        var weights = TaggerWeights(
            labelCount: bio.count, features: FeatureIndex(), rowStarts: layout.rowStarts, pairLabels: layout.pairLabels, values: [])
        weights.values = rng.floats(weights.parameterCount, -1...1)
        let l2: Float = 0.2
        let objective = CRFObjective(corpus: corpus, bio: bio, chainLabels: chains, weights: weights, l2: l2, chunks: 3, workers: 1)
        let (loss, gradient) = objective.evaluate(weights)

        // Dense: NLL = Σ log Z − gold score; ∂/∂θ = expected − observed counts.
        let total = bio.count, offset = weights.transitionOffset
        var denseLoss = 0.0
        var denseGradient = [Double](repeating: 0, count: weights.parameterCount)
        for s in 0..<corpus.sentenceCount {
            let labels = chains[Int(corpus.chainOf[s])]
            let k = labels.count
            let dense = Dense(labels: labels, bio: bio, weights: weights.values, transitionOffset: offset)
            let first = corpus.sentenceStarts[s], n = corpus.sentenceStarts[s + 1] - first
            var emit = [Float](repeating: 0, count: n * k)
            for t in 0..<n {
                for f in corpus.features[corpus.tokenStarts[first + t]..<corpus.tokenStarts[first + t + 1]] {
                    for p in Int(weights.rowStarts[Int(f)])..<Int(weights.rowStarts[Int(f) + 1]) {
                        if let j = labels.firstIndex(of: weights.pairLabels[p]) { emit[t * k + j] += weights.values[p] }
                    }
                }
            }
            let m = dense.marginals(emit, tokens: n)
            let gold = (0..<n).map { labels.firstIndex(of: corpus.labels[first + $0])! }
            var score = dense.start[gold[0]] + Double(emit[gold[0]])
            for t in 1..<max(1, n) { score += dense.transitions[gold[t - 1] * k + gold[t]] + Double(emit[t * k + gold[t]]) }
            denseLoss += m.logZ - score
            for t in 0..<n {
                for f in corpus.features[corpus.tokenStarts[first + t]..<corpus.tokenStarts[first + t + 1]] {
                    for p in Int(weights.rowStarts[Int(f)])..<Int(weights.rowStarts[Int(f) + 1]) {
                        guard let j = labels.firstIndex(of: weights.pairLabels[p]) else { continue }
                        denseGradient[p] += m.node[t * k + j] - (j == gold[t] ? 1 : 0)
                    }
                }
            }
            for j in 0..<k { denseGradient[offset + total * total + Int(labels[j])] += m.node[j] - (j == gold[0] ? 1 : 0) }
            for t in 1..<max(1, n) {
                for i in 0..<k {
                    for j in 0..<k {
                        let observed: Double = gold[t - 1] == i && gold[t] == j ? 1 : 0
                        denseGradient[offset + Int(labels[i]) * total + Int(labels[j])] += m.pair[((t - 1) * k + i) * k + j] - observed
                    }
                }
            }
        }
        for (i, w) in weights.values.enumerated() {
            denseGradient[i] += Double(l2 * w)
            denseLoss += 0.5 * Double(l2) * Double(w) * Double(w)
        }
        #expect(abs(loss - denseLoss) < 1e-4 * max(1, abs(denseLoss)))
        for i in 0..<weights.parameterCount {
            #expect(abs(Double(gradient[i]) - denseGradient[i]) < 1e-4 * max(1, abs(denseGradient[i])), "parameter \(i)")
        }
    }
}
