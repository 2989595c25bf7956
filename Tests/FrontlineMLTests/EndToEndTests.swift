import Foundation
import Testing
@testable import FrontlineML

@Suite struct IntentTrainerTests {
    @Test(arguments: [IntentAlgorithm.logisticRegression, .naiveBayes])
    func trainsAndEvaluates(algorithm: IntentAlgorithm) throws {
        var settings = IntentTrainingSettings.recommended
        settings.algorithm = algorithm
        let data = Fixture.utterances
        let (model, summary) = try IntentTrainer.train(data, settings: settings)
        #expect(model.labels == ["card_lost", "check_balance", "oos", "opening_hours", "transfer_money"])
        #expect(model.outOfScopeClass == 2)
        #expect(summary.examples == 40 && summary.labels == 5)
        #expect(summary.features == model.featurizer.featureCount)
        #expect(summary.gateTunedOn == "cross-validation")

        let report = IntentEvaluator.evaluate(model, on: data, modelName: "m", dataName: "fixture", split: "train", trainSeconds: 1.5)
        #expect(report.metrics.count == 40)
        #expect(report.metrics.accuracy >= 0.9, "\(report.errors)")
        #expect(report.errors.count == Int((1 - report.metrics.accuracy) * 40 + 0.5))
        // Fresh paraphrases of the training text.
        #expect(model.predict("what's my balance").intent.name == "check_balance")
        #expect(model.predict("I lost my credit card").intent.name == "card_lost")

        let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
        for key in ["accuracy", "macro_f1", "in_scope_accuracy", "oos_recall", "oos_precision", "per_intent", "confusion", "timing"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["model"] as? String == "m" && json["split"] as? String == "train")
        #expect((json["accuracy"] as? Double).map { close($0, report.metrics.accuracy) } == true)
        let timing = try #require(json["timing"] as? [String: Any])
        #expect((timing["predict_us_per_utterance"] as? Double).map { $0 > 0 } == true)
        #expect(timing["train_seconds"] as? Double == 1.5)
        let perIntent = try #require(json["per_intent"] as? [String: [String: Any]])
        #expect(Set(perIntent.keys) == Set(model.labels))
        for (_, entry) in perIntent {
            #expect(Set(entry.keys) == ["precision", "recall", "f1", "support", "confused_with"])
        }
        let confusion = try #require(json["confusion"] as? [String: Any])
        #expect(confusion["labels"] as? [String] == model.labels)
        #expect(report.markdown().contains("| accuracy |"))
    }

    @Test func validationSplitTunesTheGate() throws {
        let settings = IntentTrainingSettings(features: Fixture.features, algorithm: .naiveBayes)
        let (_, summary) = try IntentTrainer.train(Fixture.utterances, validation: Fixture.utterances, settings: settings)
        #expect(summary.gateTunedOn == "validation")
        let few = Array(Fixture.utterances.prefix(12))  // 8 card_lost + 4 check_balance
        let (small, smallSummary) = try IntentTrainer.train(few, settings: settings)
        #expect(smallSummary.gateTunedOn.hasPrefix("none"))
        #expect(small.gate == OutOfScopeGate())
        #expect(small.outOfScopeClass == nil)
    }

    @Test func rejectsUnusableData() {
        let settings = IntentTrainingSettings(features: Fixture.features)
        #expect(throws: TrainingError.noExamples) { try IntentTrainer.train([], settings: settings) }
        #expect(throws: TrainingError.tooFewLabels(["a"])) {
            try IntentTrainer.train([Utterance(text: "x", intent: "a"), Utterance(text: "y", intent: "a")], settings: settings)
        }
    }
}

@Suite struct StratifiedFoldsTests {
    @Test(arguments: [2, 3, 5])
    func foldsKeepLabelProportions(folds: Int) {
        // Interleaved labels with awkward counts: a 13, b 7, c 3, d 1.
        var labels: [String] = []
        for (label, count) in [("a", 13), ("b", 7), ("c", 3), ("d", 1)] { labels += Array(repeating: label, count: count) }
        var rng = SeededGenerator(seed: 99)
        labels.shuffle(using: &rng)
        let assignment = StratifiedFolds.assign(labels: labels, folds: folds, seed: 3)
        #expect(assignment.count == labels.count)
        #expect(assignment.allSatisfy { (0..<folds).contains($0) })
        for label in Set(labels) {
            let count = labels.filter { $0 == label }.count
            for f in 0..<folds {
                let inFold = zip(labels, assignment).filter { $0.0 == label && $0.1 == f }.count
                #expect(inFold == count / folds || inFold == (count + folds - 1) / folds, "\(label) fold \(f): \(inFold) of \(count)")
            }
        }
        // Fold sizes stay even overall.
        for f in 0..<folds {
            let size = assignment.filter { $0 == f }.count
            #expect(size == labels.count / folds || size == (labels.count + folds - 1) / folds)
        }
        #expect(StratifiedFolds.assign(labels: labels, folds: folds, seed: 3) == assignment)
    }

    @Test func seedShufflesMembers() {
        let labels = Array(repeating: "a", count: 20)
        #expect(StratifiedFolds.assign(labels: labels, folds: 4, seed: 1) != StratifiedFolds.assign(labels: labels, folds: 4, seed: 2))
    }
}
