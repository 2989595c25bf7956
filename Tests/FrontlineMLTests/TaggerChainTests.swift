import Foundation
import Testing
@testable import FrontlineML

/// The tagger's dynamic programmes against brute-force enumeration on tiny inputs.
@Suite struct TaggerChainTests {
    let bio = BIOLabels(slots: ["a", "b"])

    /// A chain over all labels with random transitions, and random emissions.
    func randomCase(_ rng: inout SeededGenerator, tokens n: Int) -> (LocalChain, [Float]) {
        let l = bio.count
        let values = rng.floats((l + 1) * l, -2...2)
        let chain = LocalChain(labels: (0..<l).map { Int32($0) }, bio: bio, weights: values, transitionOffset: 0)
        return (chain, rng.floats(n * l, -2...2))
    }

    /// Every BIO-valid label sequence of length n with its score.
    func enumerate(_ chain: LocalChain, _ emit: [Float], tokens n: Int) -> [([Int], Double)] {
        let k = chain.count
        var out: [([Int], Double)] = []
        var path = [Int](repeating: 0, count: n)
        func go(_ t: Int) {
            if t == n {
                var s = Double(chain.start[path[0]]) + Double(emit[path[0]])
                for u in 1..<max(1, n) { s += Double(chain.transition(path[u - 1], path[u])) + Double(emit[u * k + path[u]]) }
                out.append((path, s))
                return
            }
            for y in 0..<k where bio.allows(t == 0 ? nil : path[t - 1], y) {
                path[t] = y
                go(t + 1)
            }
        }
        go(0)
        return out
    }

    @Test func viterbiMatchesBruteForce() {
        var rng = SeededGenerator(seed: 1)
        for trial in 0..<40 {
            let n = 1 + trial % 4
            let (chain, emit) = randomCase(&rng, tokens: n)
            let ws = ChainWorkspace()
            ws.reserve(tokens: n, labels: chain.count)
            let path = emit.withUnsafeBufferPointer { ConstrainedViterbi.decode(chain, emit: $0.baseAddress!, tokens: n, workspace: ws) }
            let all = enumerate(chain, emit, tokens: n)
            let best = all.map(\.1).max()!
            let score = all.first { $0.0 == path.map(Int.init) }?.1
            #expect(score != nil, "Viterbi path \(path) is not BIO-valid")
            #expect(abs((score ?? -1e9) - best) < 1e-4)
        }
    }

    @Test func forwardBackwardMatchesBruteForce() {
        var rng = SeededGenerator(seed: 2)
        for trial in 0..<30 {
            let n = 1 + trial % 4
            let (chain, emit) = randomCase(&rng, tokens: n)
            let k = chain.count
            let ws = ChainWorkspace()
            ws.reserve(tokens: n, labels: k)
            // Viterbi first: it reuses the alpha buffer.
            let path = ConstrainedViterbi.decode(chain, emit: emit, tokens: n, workspace: ws)
            let logZ = emit.withUnsafeBufferPointer { ForwardBackward.run(chain, emit: $0.baseAddress!, tokens: n, workspace: ws) }
            let all = enumerate(chain, emit, tokens: n)
            let m = all.map(\.1).max()!
            let bruteZ = m + log(all.reduce(0) { $0 + exp($1.1 - m) })
            #expect(abs(logZ - bruteZ) < 1e-3 * max(1, abs(bruteZ)))
            for t in 0..<n {
                var total: Float = 0
                for j in 0..<k {
                    let marginal = ws.alpha[t * k + j] * ws.beta[t * k + j]
                    total += marginal
                    let brute = all.filter { $0.0[t] == j }.reduce(0) { $0 + exp($1.1 - bruteZ) }
                    #expect(abs(Double(marginal) - brute) < 1e-4)
                }
                #expect(abs(total - 1) < 1e-4)
            }
            // A decoded span's confidence is the probability of exactly that span.
            for run in bio.runs(path.map(Int.init)) {
                let p = ForwardBackward.spanProbability(
                    chain, labels: path[run.first...run.last], first: run.first, last: run.last, tokens: n, workspace: ws, bio: bio)
                let brute = all.filter { seq in
                    Array(seq.0[run.first...run.last]) == path[run.first...run.last].map(Int.init)
                        && (run.last + 1 >= n || seq.0[run.last + 1] != bio.inside(run.slot))
                }.reduce(0) { $0 + exp($1.1 - bruteZ) }
                #expect(abs(Double(p) - brute) < 1e-4)
            }
        }
    }

    @Test func gradientMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 3)
        // Three sentences over 6 features with valid gold tags.
        var corpus = TaggerCorpus()
        let gold: [[Int]] = [[0, 1, 2, 0], [3, 0], [1, 3, 4]]
        for labels in gold {
            for y in labels {
                for _ in 0..<3 { corpus.features.append(Int32(Int(rng.next() % 6))) }
                corpus.tokenStarts.append(corpus.features.count)
                corpus.labels.append(Int32(y))
            }
            corpus.sentenceStarts.append(corpus.labels.count)
            corpus.chainOf.append(0)
        }
        let layout = TaggerWeights.layout(
            featureCount: 6, labelCount: bio.count, tokenFeatures: corpus.features,
            tokenStarts: corpus.tokenStarts, labels: corpus.labels.map(Int.init))
        var weights = TaggerWeights(
            labelCount: bio.count, features: FeatureIndex(), rowStarts: layout.rowStarts, pairLabels: layout.pairLabels, values: [])
        weights.values = rng.floats(weights.parameterCount, -0.5...0.5)
        let objective = CRFObjective(
            corpus: corpus, bio: bio, chainLabels: [(0..<bio.count).map { Int32($0) }], weights: weights,
            l2: 0.3, chunks: 2, workers: 1)
        let (_, gradient) = objective.evaluate(weights)
        let eps: Float = 1e-2
        for i in 0..<weights.parameterCount {
            var plus = weights, minus = weights
            plus.values[i] += eps
            minus.values[i] -= eps
            let numeric = (objective.evaluate(plus).0 - objective.evaluate(minus).0) / Double(2 * eps)
            #expect(abs(numeric - Double(gradient[i])) < 2e-3 * max(1, abs(numeric)), "parameter \(i)")
        }
    }

    @Test func gradientIsTheSameOnAnyNumberOfThreads() throws {
        let data = TaggerFixture.utterances
        var settings = SlotTaggerSettings()
        settings.maxIterations = 15
        let one = try SlotTagger.train(data, settings: settings, workers: 1)
        let two = try SlotTagger.train(data, settings: settings, workers: 2)
        let again = try SlotTagger.train(data, settings: settings, workers: 2)
        #expect(one.weights.values == two.weights.values)
        #expect(two.weights.values == again.weights.values)
    }
}
