import Foundation
import Testing
@testable import FrontlineML

@Suite struct CalibrationTests {
    // 10 bins. Bin 9: 0.95 right, 0.91 wrong → confidence 0.93, accuracy 0.5, gap 0.43, weight 2/5.
    // Bin 8: 0.85 wrong → gap 0.85. Bin 6: 0.65 right → gap 0.35. Bin 1: 0.15 wrong → gap 0.15.
    // ECE = (2·0.43 + 0.85 + 0.35 + 0.15) / 5 = 2.21 / 5 = 0.442.
    @Test func expectedCalibrationErrorByHand() {
        let c = Calibration(confidences: [0.95, 0.91, 0.85, 0.65, 0.15], correct: [true, false, false, true, false])
        #expect(c.bins.count == 10)
        #expect(close(c.ece, 0.442, tolerance: 1e-12))
        #expect(c.bins[9].count == 2 && close(c.bins[9].confidence, 0.93) && close(c.bins[9].accuracy, 0.5))
        #expect(c.bins.map(\.count) == [0, 1, 0, 0, 0, 0, 1, 0, 1, 2])
        #expect(close(c.bins[3].lower, 0.3) && close(c.bins[3].upper, 0.4))
    }

    @Test func perfectCalibrationIsZeroAndOneLandsInTheLastBin() {
        // Two predictions at 0.5 (one right) and two at 1.0 (both right): accuracy equals confidence.
        let c = Calibration(confidences: [0.5, 0.5, 1.0, 1.0], correct: [true, false, true, true])
        #expect(close(c.ece, 0))
        #expect(c.bins[9].count == 2 && c.bins[5].count == 2)
        #expect(Calibration(confidences: [], correct: []).ece == 0)
    }

    @Test func histogramSplitsRightAndWrong() {
        let h = ConfidenceHistogram(confidences: [0.01, 0.52, 0.53, 0.99, 1.0], correct: [false, true, false, true, true], binCount: 20)
        #expect(h.bins.count == 20)
        #expect(h.bins[0].wrong == 1 && h.bins[0].correct == 0)
        #expect(h.bins[10].correct == 1 && h.bins[10].wrong == 1)
        #expect(h.bins[19].correct == 2)
        #expect(h.bins.reduce(0) { $0 + $1.correct + $1.wrong } == 5)
    }
}

@Suite struct McNemarTests {
    @Test func exactBinomialForFewDiscordantPairs() {
        // 2 · P(X ≤ 3), X ~ Bin(13, ½) = 2 · (1 + 13 + 78 + 286) / 8192 = 0.09228515625 (scipy binomtest).
        let t = McNemarTest(aOnly: 3, bOnly: 10)
        #expect(t.method == .exactBinomial)
        #expect(close(t.pValue, 0.09228515625, tolerance: 1e-12))
        #expect(McNemarTest(aOnly: 10, bOnly: 3).pValue == t.pValue)
        // 2 · (1/32) for 0 against 5.
        #expect(close(McNemarTest(aOnly: 0, bOnly: 5).pValue, 0.0625, tolerance: 1e-12))
        // Balanced: the doubled tail exceeds 1 and is capped.
        #expect(McNemarTest(aOnly: 4, bOnly: 4).pValue == 1)
        #expect(McNemarTest(aOnly: 0, bOnly: 0).pValue == 1)
    }

    @Test func chiSquareWithContinuityCorrection() {
        // (|10 − 30| − 1)² / 40 = 9.025; scipy.stats.chi2.sf(9.025, 1) = 0.002663119259138558.
        let t = McNemarTest(aOnly: 10, bOnly: 30)
        #expect(t.method == .chiSquareCorrected)
        #expect(close(t.statistic, 9.025, tolerance: 1e-12))
        #expect(close(t.pValue, 0.002663119259138558, tolerance: 1e-12))
        // 25 pairs is the first count that uses chi-square: (|12 − 13| − 1)² / 25 = 0 → p = 1.
        let even = McNemarTest(aOnly: 12, bOnly: 13)
        #expect(even.method == .chiSquareCorrected && even.statistic == 0 && close(even.pValue, 1))
    }

    @Test func comparisonCountsFlipsAndDeltas() throws {
        let texts = ["t0", "t1", "t2", "t3", "t4"]
        let gold = ["a", "a", "b", "b", "oos"]
        let a = ["a", "b", "b", "a", "out_of_scope"]
        let b = ["a", "a", "a", "a", "a"]
        let c = ModelComparison(texts: texts, gold: gold, predictedA: a, predictedB: b)
        // A right, B wrong: t2 and t4 (out_of_scope counts as oos). A wrong, B right: t1.
        #expect(c.aRightBWrong.map(\.text) == ["t2", "t4"])
        #expect(c.aWrongBRight.map(\.text) == ["t1"])
        #expect(c.mcnemar.aOnly == 2 && c.mcnemar.bOnly == 1)
        // F1 of "a": A has P 1/2, R 1/2 → 1/2; B has P 2/5, R 1 → 4/7.
        let delta = try #require(c.perIntent["a"])
        #expect(close(delta.f1A, 0.5) && close(delta.f1B, 4.0 / 7) && close(delta.delta, 4.0 / 7 - 0.5))
        #expect(delta.support == 2)
    }
}

@Suite struct SamplingTests {
    static let labels = Array(repeating: "a", count: 30) + Array(repeating: "b", count: 20) + Array(repeating: "c", count: 10)

    @Test func stratifiedFoldsKeepLabelProportions() {
        let fold = StratifiedFolds.assign(labels: Self.labels, folds: 5, seed: 7)
        for f in 0..<5 {
            let members = Self.labels.indices.filter { fold[$0] == f }.map { Self.labels[$0] }
            #expect(members.filter { $0 == "a" }.count == 6)
            #expect(members.filter { $0 == "b" }.count == 4)
            #expect(members.filter { $0 == "c" }.count == 2)
        }
    }

    @Test func learningCurveSubsampleIsStratifiedNestedAndSeeded() {
        let tenth = LearningCurveSampler.subsample(labels: Self.labels, fraction: 0.1, seed: 42)
        let half = LearningCurveSampler.subsample(labels: Self.labels, fraction: 0.5, seed: 42)
        let all = LearningCurveSampler.subsample(labels: Self.labels, fraction: 1, seed: 42)
        func counts(_ idx: [Int]) -> [String: Int] { Dictionary(idx.map { (Self.labels[$0], 1) }, uniquingKeysWith: +) }
        #expect(counts(tenth) == ["a": 3, "b": 2, "c": 1])
        #expect(counts(half) == ["a": 15, "b": 10, "c": 5])
        #expect(all == Array(Self.labels.indices))
        #expect(Set(tenth).isSubset(of: Set(half)))
        #expect(LearningCurveSampler.subsample(labels: Self.labels, fraction: 0.5, seed: 42) == half)
        #expect(LearningCurveSampler.subsample(labels: Self.labels, fraction: 0.5, seed: 43) != half)
        // A label with a single example is never dropped.
        #expect(LearningCurveSampler.subsample(labels: ["a", "a", "a", "a", "z"], fraction: 0.25, seed: 1).count == 2)
    }

    @Test func metricSpreadIsMeanAndSampleStd() throws {
        let s = try #require(MetricSpread([0.8, nil, 0.9, 1.0]))
        #expect(close(s.mean, 0.9) && close(s.std, 0.1, tolerance: 1e-12) && s.folds == 3)
        #expect(MetricSpread([nil, nil]) == nil)
        #expect(MetricSpread([0.5])?.std == 0)
    }
}

@Suite struct OutOfScopeCurveTests {
    // Gold OOS: s0 (top 0.2), s1 (top 0.9, rejected anyway: OOS class won). In scope: s2 (0.3), s3 (0.8).
    let samples: [OutOfScopeCurve.Sample] = [
        .init(topConfidence: 0.2, rejectedAnyway: false, goldIsOutOfScope: true),
        .init(topConfidence: 0.9, rejectedAnyway: true, goldIsOutOfScope: true),
        .init(topConfidence: 0.3, rejectedAnyway: false, goldIsOutOfScope: false),
        .init(topConfidence: 0.8, rejectedAnyway: false, goldIsOutOfScope: false),
    ]

    @Test func precisionAndRecallOverThresholds() throws {
        let curve = try #require(OutOfScopeCurve(samples: samples, chosenThreshold: 0.25, steps: 10))
        #expect(curve.points.count == 11)
        // t = 0: only s1 → P 1, R 1/2. t = 0.25 (chosen): s0, s1 → P 1, R 1.
        // t = 0.5: s0, s1, s2 → P 2/3, R 1. t = 1: all → P 1/2, R 1.
        #expect(close(curve.points[0].precision, 1) && close(curve.points[0].recall, 0.5))
        #expect(close(curve.chosen.precision, 1) && close(curve.chosen.recall, 1))
        #expect(close(curve.points[5].precision, 2.0 / 3) && close(curve.points[5].recall, 1))
        #expect(close(curve.points[10].precision, 0.5))
        #expect(OutOfScopeCurve(samples: Array(samples[2...]), chosenThreshold: 0.3) == nil)
    }

    @Test func sampleFollowsTheGate() {
        let p = IntentPrediction(
            intent: IntentScore(name: "a", confidence: 0.5),
            ranking: [IntentScore(name: "a", confidence: 0.5), IntentScore(name: "b", confidence: 0.45)],
            outOfScope: false, outOfScopeReason: nil)
        let loose = OutOfScopeCurve.Sample(prediction: p, gate: OutOfScopeGate(minConfidence: 0.1, minMargin: 0.01), gold: "oos")
        #expect(!loose.rejectedAnyway && loose.goldIsOutOfScope && close(loose.topConfidence, 0.5))
        let strict = OutOfScopeCurve.Sample(prediction: p, gate: OutOfScopeGate(minConfidence: 0.1, minMargin: 0.1), gold: "a")
        #expect(strict.rejectedAnyway && !strict.goldIsOutOfScope)
    }
}

@Suite struct ReportContractTests {
    /// The documented top-level keys of report.json for a model without slots (README).
    static let documentedKeys: Set<String> = [
        "accuracy", "macro_f1", "in_scope_accuracy", "oos_recall", "oos_precision", "per_intent", "confusion",
        "count", "model", "data", "split", "timing", "errors", "calibration", "confidence_histogram",
        "oos_curve", "cross_validation", "learning_curve",
    ]

    @Test func topLevelKeysAreExactlyTheDocumentedOnes() throws {
        let (model, _) = try IntentTrainer.train(Fixture.utterances, settings: .recommended)
        var report = IntentEvaluator.evaluate(model, on: Fixture.utterances, modelName: "m", dataName: "fixture", split: "train")
        let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(Set(json.keys) == Self.documentedKeys)
        let calibration = try #require(json["calibration"] as? [String: Any])
        #expect(Set(calibration.keys) == ["ece", "bins"])
        let curve = try #require(json["oos_curve"] as? [String: Any])
        #expect(Set(curve.keys) == ["chosen_threshold", "chosen", "points"])
        #expect(json["cross_validation"] is NSNull && json["learning_curve"] is NSNull)

        // With slots the slot keys join; nothing else changes.
        report.slots = SlotMetrics(gold: [], predicted: [])
        let withSlots = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        #expect(Set(withSlots.keys) == Self.documentedKeys.union([
            "slot_precision", "slot_recall", "slot_f1", "frame_accuracy", "per_slot", "gold_spans", "predicted_spans", "correct_spans",
        ]))
    }

    @Test func crossValidationGivesEveryHeadlineMetricMeanAndStd() throws {
        var settings = IntentTrainingSettings.recommended
        settings.algorithm = .naiveBayes
        let result = try CrossValidation.run(Fixture.utterances, folds: 4, settings: settings, dataName: "fixture")
        #expect(result.folds.count == 4)
        #expect(result.folds.map(\.metrics.count).reduce(0, +) == Fixture.utterances.count)
        let cv = try #require(result.pooled.crossValidation)
        for name in ["accuracy", "macro_f1", "in_scope_accuracy", "oos_recall", "oos_precision", "ece"] {
            #expect(cv.metrics[name] != nil, "no spread for \(name)")
        }
        let accuracies = result.folds.map(\.metrics.accuracy)
        let mean = accuracies.reduce(0, +) / 4
        #expect(close(try #require(cv.metrics["accuracy"]).mean, mean, tolerance: 1e-12))
        #expect(cv.perFold.count == 4)
    }
}
