import Foundation
import Testing
@testable import FrontlineML

@Suite struct NaiveBayesTests {
    // Toy data: 3 features, 2 classes.
    //   x0 = [1, 2, 0] → class 0
    //   x1 = [0, 1, 1] → class 0
    //   x2 = [3, 0, 1] → class 1
    // Per-class feature totals: N_0 = [1, 3, 1] (sum 5), N_1 = [3, 0, 1] (sum 4). α = 0.5, d = 3.
    let rows: [[Float]] = [[1, 2, 0], [0, 1, 1], [3, 0, 1]]
    let labels = [0, 0, 1]
    let alpha: Float = 0.5
    let query: [Float] = [2, 0, 1]

    func scores(_ nb: NaiveBayes, _ q: [Float]) -> [Float] { nb.linear.scores(sparseVector(q)) }

    @Test func multinomialMatchesTextbook() {
        let nb = NaiveBayes.fit(sparse(rows), labels: labels, classCount: 2, variant: .multinomial, alpha: alpha)
        // Feature-major totals: feature j, class c at j·2 + c.
        #expect(nb.featureTotals == [1, 3, 3, 0, 1, 1])
        #expect(nb.classTotals == [5, 4])
        #expect(nb.classExamples == [2, 1])

        // θ_cj = (N_cj + α) / (N_c + α·d): θ_0 = [1.5, 3.5, 1.5] / 6.5, θ_1 = [3.5, 0.5, 1.5] / 5.5.
        // Prior P(0) = 2/3, P(1) = 1/3. Query q = [2, 0, 1]:
        //   score_0 = ln(2/3) + 2·ln(1.5/6.5) + 1·ln(1.5/6.5)
        //   score_1 = ln(1/3) + 2·ln(3.5/5.5) + 1·ln(1.5/5.5)
        let s0 = log(2.0 / 3) + 2 * log(1.5 / 6.5) + log(1.5 / 6.5)
        let s1 = log(1.0 / 3) + 2 * log(3.5 / 5.5) + log(1.5 / 5.5)
        let s = scores(nb, query)
        #expect(abs(Double(s[0]) - s0) < 1e-5)
        #expect(abs(Double(s[1]) - s1) < 1e-5)
        // Posterior P(c | q) = e^{s_c} / Σ e^{s}.
        let p1 = exp(s1) / (exp(s0) + exp(s1))
        let p = Softmax.probabilities(s)
        #expect(abs(Double(p[1]) - p1) < 1e-5)
        #expect(abs(Double(p[0]) - (1 - p1)) < 1e-5)

        // Another query, with a feature the class never saw: q = [0, 1, 0].
        let t = scores(nb, [0, 1, 0])
        #expect(abs(Double(t[0]) - (log(2.0 / 3) + log(3.5 / 6.5))) < 1e-5)
        #expect(abs(Double(t[1]) - (log(1.0 / 3) + log(0.5 / 5.5))) < 1e-5)
    }

    @Test func complementMatchesTextbook() {
        let nb = NaiveBayes.fit(sparse(rows), labels: labels, classCount: 2, variant: .complement, alpha: alpha)
        // θ̃_cj from every class but c: with two classes, θ̃_0 uses N_1 and θ̃_1 uses N_0.
        //   θ̃_0 = [3.5, 0.5, 1.5] / 5.5, θ̃_1 = [1.5, 3.5, 1.5] / 6.5
        //   score_c = −Σ_j q_j·ln θ̃_cj, no prior.
        let s0 = -(2 * log(3.5 / 5.5) + log(1.5 / 5.5))
        let s1 = -(2 * log(1.5 / 6.5) + log(1.5 / 6.5))
        let s = scores(nb, query)
        #expect(abs(Double(s[0]) - s0) < 1e-5)
        #expect(abs(Double(s[1]) - s1) < 1e-5)
        let p1 = exp(s1) / (exp(s0) + exp(s1))
        #expect(abs(Double(Softmax.probabilities(s)[1]) - p1) < 1e-5)
        #expect(nb.linear.bias == [0, 0])
    }

    @Test func complementWithThreeClasses() {
        // Adding x3 = [0, 0, 2] → class 2. N_2 = [0, 0, 2] (sum 2).
        // Complement counts: N_~0 = N_1 + N_2 = [3, 0, 3] (6); N_~1 = N_0 + N_2 = [1, 3, 3] (7);
        // N_~2 = N_0 + N_1 = [4, 3, 2] (9). θ̃_cj = (N_~c,j + α) / (N_~c + 3α).
        let nb = NaiveBayes.fit(
            sparse(rows + [[0, 0, 2]]), labels: labels + [2], classCount: 3, variant: .complement, alpha: alpha)
        let q: [Float] = [1, 2, 3]
        let complement: [[Double]] = [[3, 0, 3], [1, 3, 3], [4, 3, 2]]
        let s = scores(nb, q)
        for c in 0..<3 {
            let total = complement[c].reduce(0, +)
            var expected = 0.0
            for j in 0..<3 { expected -= Double(q[j]) * log((complement[c][j] + 0.5) / (total + 1.5)) }
            #expect(abs(Double(s[c]) - expected) < 1e-4, "class \(c)")
        }
    }

    @Test(arguments: NaiveBayes.Variant.allCases)
    func addEqualsRefit(variant: NaiveBayes.Variant) {
        let queries: [[Float]] = [query, [0, 1, 0], [1, 1, 1], [0, 0, 5]]
        var incremental = NaiveBayes.fit(
            sparse(Array(rows[0..<2])), labels: [0, 0], classCount: 2, variant: variant, alpha: alpha)
        let before = scores(incremental, query)
        incremental.add(sparseVector(rows[2]), label: 1)
        let refit = NaiveBayes.fit(sparse(rows), labels: labels, classCount: 2, variant: variant, alpha: alpha)
        #expect(scores(incremental, query) != before)
        // Small-integer counts add up exactly in Float, so the results are identical.
        #expect(incremental.featureTotals == refit.featureTotals)
        #expect(incremental.classTotals == refit.classTotals)
        #expect(incremental.classExamples == refit.classExamples)
        #expect(incremental.linear.weights == refit.linear.weights)
        #expect(incremental.linear.bias == refit.linear.bias)
        #expect(incremental.linear.mass == refit.linear.mass)
        for q in queries { #expect(scores(incremental, q) == scores(refit, q)) }

        // A weighted add equals refitting with that sample weight.
        var weighted = NaiveBayes.fit(
            sparse(Array(rows[0..<2])), labels: [0, 0], classCount: 2, variant: variant, alpha: alpha)
        weighted.add(sparseVector(rows[2]), label: 1, weight: 2)
        let weightedRefit = NaiveBayes.fit(
            sparse(rows), labels: labels, classCount: 2, variant: variant, alpha: alpha, sampleWeights: [1, 1, 2])
        for q in queries { #expect(scores(weighted, q) == scores(weightedRefit, q)) }
    }

    @Test(arguments: NaiveBayes.Variant.allCases)
    func addEqualsRefitOnTextFeatures(variant: NaiveBayes.Variant) {
        // Real-valued TF-IDF features: same model up to float rounding.
        let data = Fixture.utterances
        let labelNames = Array(Set(data.map(\.intent))).sorted()
        let y = data.map { labelNames.firstIndex(of: $0.intent)! }
        let (f, x) = TextFeaturizer.fit(data.map(\.text), settings: Fixture.features, workers: 1)
        let n = x.rowCount
        var incremental = NaiveBayes.fit(
            x.selecting(rows: Array(0..<(n - 3))), labels: Array(y[0..<(n - 3)]), classCount: labelNames.count,
            variant: variant, alpha: 0.1)
        for i in (n - 3)..<n { incremental.add(x.row(i), label: y[i]) }
        let refit = NaiveBayes.fit(x, labels: y, classCount: labelNames.count, variant: variant, alpha: 0.1)
        for text in ["what is my balance", "send money", "lost card", "tell me a joke"] {
            let a = incremental.linear.scores(f.transform(text)), b = refit.linear.scores(f.transform(text))
            for c in a.indices { #expect(close(a[c], b[c], rel: 1e-5), "\(text) class \(c)") }
        }
    }

    @Test(arguments: NaiveBayes.Variant.allCases)
    func negativeWeightUndoesAnAdd(variant: NaiveBayes.Variant) {
        var nb = NaiveBayes.fit(sparse(rows), labels: labels, classCount: 2, variant: variant, alpha: alpha)
        let original = nb
        let extra = sparseVector([1, 1, 4])
        nb.add(extra, label: 0)
        #expect(scores(nb, query) != scores(original, query))
        nb.add(extra, label: 0, weight: -1)
        #expect(nb.featureTotals == original.featureTotals)
        #expect(nb.classExamples == original.classExamples)
        for q in [query, [0, 1, 0], [1, 1, 4]] as [[Float]] { #expect(scores(nb, q) == scores(original, q)) }
    }

    @Test func restoringFromTotalsGivesTheSameModel() {
        let nb = NaiveBayes.fit(sparse(rows), labels: labels, classCount: 2, variant: .multinomial, alpha: alpha)
        let restored = NaiveBayes(
            variant: .multinomial, alpha: alpha, featureCount: 3, classCount: 2,
            featureTotals: nb.featureTotals, classExamples: nb.classExamples)
        #expect(restored.linear.weights == nb.linear.weights)
        #expect(restored.linear.bias == nb.linear.bias)
        #expect(restored.linear.mass == nb.linear.mass)
    }
}
