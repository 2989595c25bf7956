import Testing
@testable import FrontlineML

@Suite struct OutOfScopeGateTests {
    let gate = OutOfScopeGate(minConfidence: 0.5, minMargin: 0.25)

    @Test func decisions() {
        // The out-of-scope class wins whatever its confidence.
        #expect(gate.decide(top: 0.99, second: 0.01, topIsOutOfScope: true) == .outOfScopeClass)
        #expect(gate.decide(top: 0.1, second: 0.09, topIsOutOfScope: true) == .outOfScopeClass)
        // Under the confidence threshold (checked before the margin).
        #expect(gate.decide(top: 0.45, second: 0.1, topIsOutOfScope: false) == .lowConfidence)
        #expect(gate.decide(top: 0.45, second: 0.44, topIsOutOfScope: false) == .lowConfidence)
        // Confident enough but too close to the runner-up.
        #expect(gate.decide(top: 0.6, second: 0.4, topIsOutOfScope: false) == .smallMargin)
        // Accepted, including exactly at both thresholds (0.75 − 0.5 = 0.25 exactly).
        #expect(gate.decide(top: 0.8, second: 0.1, topIsOutOfScope: false) == nil)
        #expect(gate.decide(top: 0.5, second: 0.25, topIsOutOfScope: false) == nil)
        #expect(gate.decide(top: 0.75, second: 0.5, topIsOutOfScope: false) == nil)
        // The default gate accepts anything in scope.
        #expect(OutOfScopeGate().decide(top: 0.01, second: 0.01, topIsOutOfScope: false) == nil)
    }
}

@Suite struct IntentClassifierTests {
    func classifier(_ labels: [String], gate: OutOfScopeGate) -> IntentClassifier {
        let (f, _) = TextFeaturizer.fit(["a b c"], settings: FeatureSettings(hasher: NgramHasher(wordNgrams: 1...1, charNgrams: nil)), workers: 1)
        return IntentClassifier(
            labels: labels, featurizer: f, algorithm: .logisticRegression,
            scores: LinearScores(featureCount: f.featureCount, classCount: labels.count), gate: gate)
    }

    @Test func outOfScopeClassWins() {
        let c = classifier(["billing", "oos", "shipping"], gate: OutOfScopeGate(minConfidence: 0.3, minMargin: 0.1))
        #expect(c.outOfScopeClass == 1)
        let d = c.decide(probabilities: [0.2, 0.7, 0.1])
        #expect(d.outOfScope)
        #expect(d.outOfScopeReason == .outOfScopeClass)
        #expect(d.intent == IntentScore(name: "oos", confidence: 0.7))
        #expect(d.ranking.map(\.name) == ["oos", "billing", "shipping"])
    }

    @Test func lowConfidenceAndSmallMargin() {
        let c = classifier(["billing", "out_of_scope", "shipping"], gate: OutOfScopeGate(minConfidence: 0.5, minMargin: 0.2))
        let low = c.decide(probabilities: [0.45, 0.3, 0.25])
        #expect(low.outOfScope && low.outOfScopeReason == .lowConfidence)
        // Reported under the data's own out-of-scope label, with that class's probability.
        #expect(low.intent == IntentScore(name: "out_of_scope", confidence: 0.3))
        let close = c.decide(probabilities: [0.55, 0.05, 0.4])
        #expect(close.outOfScope && close.outOfScopeReason == .smallMargin)
        let sure = c.decide(probabilities: [0.1, 0.1, 0.8])
        #expect(!sure.outOfScope && sure.outOfScopeReason == nil)
        #expect(sure.intent == IntentScore(name: "shipping", confidence: 0.8))
    }

    @Test func withoutAnOutOfScopeClass() {
        let c = classifier(["a", "b", "c"], gate: OutOfScopeGate(minConfidence: 0.5, minMargin: 0))
        #expect(c.outOfScopeClass == nil)
        #expect(c.outOfScopeLabel == "oos")
        let d = c.decide(probabilities: [0.25, 0.4, 0.35])
        #expect(d.outOfScope && d.outOfScopeReason == .lowConfidence)
        #expect(d.intent.name == "oos")
        #expect(abs(d.intent.confidence - 0.6) < 1e-6)  // 1 − top
        #expect(d.ranking.first == IntentScore(name: "b", confidence: 0.4))
    }

    @Test func rankingIsTopProbabilitiesInOrder() {
        let c = classifier(["a", "b", "c", "d", "e"], gate: OutOfScopeGate())
        let d = c.decide(probabilities: [0.1, 0.3, 0.05, 0.4, 0.15], top: 3)
        #expect(d.ranking.map(\.name) == ["d", "b", "e"])
        #expect(d.ranking.map(\.confidence) == [0.4, 0.3, 0.15])
        #expect(c.decide(probabilities: [0.1, 0.3, 0.05, 0.4, 0.15], top: 10).ranking.count == 5)
        // Zero weights: every class equally likely.
        let p = c.probabilities("a b")
        #expect(p.count == 5 && p.allSatisfy { abs($0 - 0.2) < 1e-6 })
    }

    @Test func topIndicesOrdering() {
        #expect(IntentClassifier.topIndices([0.1, 0.5, 0.2, 0.5, 0.05], count: 3) == [1, 3, 2])  // ties by index
        #expect(IntentClassifier.topIndices([0.1, 0.5, 0.2, 0.5, 0.05], count: 1) == [1])
        #expect(IntentClassifier.topIndices([3, 1, 2], count: 10) == [0, 2, 1])
        #expect(IntentClassifier.topIndices([1, 2, 3, 4, 5, 6], count: 4) == [5, 4, 3, 2])
        #expect(IntentClassifier.topIndices([], count: 3) == [])
        var rng = SeededGenerator(seed: 4)
        let p = rng.floats(50, 0...1)
        let expected = p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
        #expect(IntentClassifier.topIndices(p, count: 7) == Array(expected.prefix(7)))
    }

    @Test func topIndicesWithCountZero() {
        #expect(IntentClassifier.topIndices([0.3, 0.7], count: 0).isEmpty)
    }

    @Test func topTwo() {
        #expect(IntentClassifier.topTwo([0.5, 0.3, 0.2]) == (0, 1))
        #expect(IntentClassifier.topTwo([0.1, 0.3, 0.6]) == (2, 1))
        #expect(IntentClassifier.topTwo([0.3, 0.1, 0.2]) == (0, 2))
        #expect(IntentClassifier.topTwo([0.2, 0.5, 0.4]) == (1, 2))
        #expect(IntentClassifier.topTwo([1]) == (0, nil))
    }
}

@Suite struct OutOfScopeGateTunerTests {
    // Documented rule: the gate that catches the most OOS examples while costing at most
    // maxAccuracyLoss (a fraction of the in-scope examples) of in-scope accuracy against no
    // gate; ties go to the higher in-scope accuracy.
    //
    // Labels a, b, oos. Rows (probabilities → gold), with top / margin:
    //   r1 [0.9, 0.05, 0.05] a     top 0.9  margin 0.85  correct
    //   r2 [0.6, 0.35, 0.05] a     top 0.6  margin 0.25  correct
    //   r3 [0.55, 0.4, 0.05] b     top 0.55 margin 0.15  wrong (predicts a)
    //   r4 [0.1, 0.8, 0.1]   b     top 0.8  margin 0.7   correct
    //   r5 [0.45, 0.3, 0.25] oos   top 0.45 margin 0.15
    //   r6 [0.65, 0.1, 0.25] oos   top 0.65 margin 0.4
    //   r7 [0.2, 0.1, 0.7]   oos   top is the OOS class: always caught
    // No gate: 3 of 4 in-scope right, 1 of 3 OOS caught.
    //   confidence t (margin 0):  t = 0.5 → catches r5 r7, keeps 3 right
    //                             t = 0.62 → catches r5 r7, flags r2 r3 → 2 right
    //                             t = 0.7  → catches r5 r6 r7, flags r2 r3 → 2 right
    //   margin m (confidence 0):  m = 0.2 → catches r5 r7, flags r3 → 3 right
    //                             m = 0.3 → catches r5 r7, flags r2 r3 → 2 right
    let labels = ["a", "b", "oos"]
    let probabilities: [[Float]] = [
        [0.9, 0.05, 0.05], [0.6, 0.35, 0.05], [0.55, 0.4, 0.05], [0.1, 0.8, 0.1],
        [0.45, 0.3, 0.25], [0.65, 0.1, 0.25], [0.2, 0.1, 0.7],
    ]
    let gold = ["a", "a", "b", "b", "oos", "oos", "oos"]

    func tune(loss: Float, confidence: [Float], margin: [Float] = [0]) -> OutOfScopeGate {
        OutOfScopeGateTuner.tune(
            probabilities: probabilities, gold: gold, labels: labels,
            settings: .init(maxAccuracyLoss: loss, confidenceGrid: confidence, marginGrid: margin))
    }

    /// (in-scope right, OOS caught) under `gate`, computed here independently of the tuner.
    func outcome(_ gate: OutOfScopeGate) -> (correct: Int, caught: Int) {
        var correct = 0, caught = 0
        for (p, g) in zip(probabilities, gold) {
            let order = p.indices.sorted { p[$0] > p[$1] }
            let flagged = gate.decide(top: p[order[0]], second: p[order[1]], topIsOutOfScope: order[0] == 2) != nil
            if g == "oos" { caught += flagged ? 1 : 0 } else if !flagged && labels[order[0]] == g { correct += 1 }
        }
        return (correct, caught)
    }

    @Test func noAccuracyLossAllowed() {
        // Budget 0: must keep 3 right → t = 0.5 (catches 2); 0.62 and 0.7 cost a right answer.
        let gate = tune(loss: 0, confidence: [0, 0.5, 0.62, 0.7])
        #expect(gate == OutOfScopeGate(minConfidence: 0.5, minMargin: 0))
        #expect(outcome(gate) == (3, 2))
    }

    @Test func budgetIsAFractionOfInScopeExamples() {
        // 0.25 of 4 in-scope examples = 1 answer may be lost → t = 0.7 catches all 3.
        #expect(tune(loss: 0.25, confidence: [0, 0.5, 0.62, 0.7]) == OutOfScopeGate(minConfidence: 0.7, minMargin: 0))
        // 0.2 of 4 = 0.8 answers: not enough to lose one → back to 0.5.
        #expect(tune(loss: 0.2, confidence: [0, 0.5, 0.62, 0.7]) == OutOfScopeGate(minConfidence: 0.5, minMargin: 0))
    }

    @Test func marginThresholdAndTies() {
        // Budget of one answer; m = 0.3 and m = 0.2 both catch 2, but 0.2 keeps 3 right
        // against 2: the tie goes to the higher accuracy even though 0.3 comes first.
        let gate = tune(loss: 0.25, confidence: [0], margin: [0, 0.3, 0.2])
        #expect(gate == OutOfScopeGate(minConfidence: 0, minMargin: 0.2))
        #expect(outcome(gate) == (3, 2))
    }

    @Test func withoutOutOfScopeDataLeavesTheGateOpen() {
        // No OOS gold: no evidence for a gate, even where a threshold (0.58) would only
        // flag the wrong row; the tuner must not reject in-scope answers.
        let gate = OutOfScopeGateTuner.tune(
            probabilities: [[0.9, 0.1], [0.8, 0.2], [0.55, 0.45], [0.4, 0.6]], gold: ["a", "a", "b", "b"],
            labels: ["a", "b"], settings: .init(maxAccuracyLoss: 0.5, confidenceGrid: [0, 0.5, 0.58, 0.7], marginGrid: [0, 0.2]))
        #expect(gate == OutOfScopeGate(minConfidence: 0, minMargin: 0))
    }
}
