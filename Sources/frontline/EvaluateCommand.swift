import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML
import FrontlineReport

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a model on labelled data and write report.json, report.md and report.html.",
        discussion: """
            Scores the given split (default: test when the data has one, else all of it). \
            report.json keys: accuracy, macro_f1, in_scope_accuracy, oos_recall, oos_precision, \
            per_intent (precision, recall, f1, support, confused_with), confusion, timing \
            (predict_us_per_utterance: median wall time of single-utterance predict calls; \
            parse_us_per_utterance: the same for the full parse), errors, calibration (ece, bins), \
            confidence_histogram, oos_curve, cross_validation, learning_curve. When the model tags slots and \
            the data has slot annotations, also slot_precision, slot_recall, slot_f1 (exact span and \
            type, micro-averaged, CoNLL style), frame_accuracy (intent and every slot right) and per_slot. \
            report.html is one self-contained page (no network) with the same numbers and plots; it and \
            report.md hold no timings, so the same model and data always give the same bytes. With \
            --cross-validate and slot annotations in the data, every fold also trains a slot tagger and \
            the folds' slot_f1 and frame_accuracy get a mean ± std.
            """)

    @Option(name: .long, help: "The model folder (not needed with --cross-validate).")
    var model: String?

    @Option(name: .long, help: "Instead of a model: K-fold stratified cross-validation of training on the data (its train split, or all of it).")
    var crossValidate: Int?

    @Option(name: .long, help: "Also train on these percentages of the training data (stratified, nested, seeded), e.g. 10,25,50,100, and score each on the test split (or a held-out fold).")
    var learningCurve: String?

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Which split to score (train, val, test).")
    var split: String?

    @Option(name: .long, help: "Folder for report.json, report.md and report.html.")
    var report: String?

    @Option(name: .long, help: "With --model: decide intent and slots jointly over the top K intents, weighing the tagger's frame log-probability by W (K:W, e.g. 3:1; off by default).")
    var jointRerank: String?

    @Option(name: .long, help: "Without --model (cross-validation, learning curve): ngrams, sentence (n-grams plus the sentence encoder's embedding, as train's default) or static (n-grams plus the static vectors).")
    var features: TrainCommand.FeatureChoice = .sentence

    func run() throws {
        EncoderRegistry.shared.keepEmbeddingsOnDisk(true)  // re-runs encode only new texts
        let percents = try learningCurve.map(Self.parsePercents)
        let dataset = try dataOptions.load()
        var report: EvaluationReport
        var settings = IntentTrainingSettings.recommended
        if model == nil && (crossValidate != nil || percents != nil) {
            settings = try features.recommendedSettings()
        }
        if let model, crossValidate != nil || percents != nil {
            settings = try loadModel(model).1.training
        }
        if let folds = crossValidate {
            guard folds >= 2 else { throw ValidationError("--cross-validate needs at least 2 folds") }
            let data = dataset.train.isEmpty ? dataset.splitNames.flatMap { dataset.split(named: $0) ?? [] } : dataset.train
            guard data.count >= folds else {
                throw ValidationError("--cross-validate \(folds): the data has only \(data.count) examples")
            }
            let bar = ProgressBar("cross-validation")
            defer { bar.finish() }
            bar.update(0, of: folds)
            let slotDefinitions = try dataOptions.slotDefinitions()
            let result = try CrossValidation.run(
                data, folds: folds, settings: settings, dataName: dataOptions.data,
                slots: CrossValidation.SlotScoring(definitions: slotDefinitions, settings: NLUTrainingSettings(intent: settings)),
                step: { bar.update($0, of: $1) })
            bar.finish()
            report = result.pooled
            print(report.summaryTable(), terminator: "")
            if let cv = report.crossValidation {
                print("\n| metric (\(folds) folds) | mean ± std |\n|---|---|")
                for name in CrossValidationSummary.metricNames {
                    guard let s = cv.metrics[name] else { continue }
                    // ECE is a gap, not a rate: shown as a plain number like in the summary table.
                    let value = name == "ece" ? String(format: "%.4f ± %.4f", s.mean, s.std)
                        : String(format: "%.2f%% ± %.2f", s.mean * 100, s.std * 100)
                    print("| \(name) | \(value) |")
                }
            }
        } else {
            guard let model else { throw ValidationError("give --model, or --cross-validate K") }
            var nlu: NLUModel
            do {
                nlu = try NLUModelFile.load(from: URL(fileURLWithPath: model)).0
            } catch let error as ModelError {
                throw ValidationError(error.description)
            }
            if let jointRerank { nlu.rerank = try Self.parseRerank(jointRerank) }
            let (name, data) = try pickSplit(dataset)
            let bar = ProgressBar("evaluating")
            defer { bar.finish() }
            report = NLUEvaluator.evaluate(
                nlu, on: data, modelName: model, dataName: dataOptions.data, split: name,
                reference: ReferenceTime(Date(), timeZone: .current), progress: { bar.update($0, of: $1) })
            bar.finish()
            print(report.summaryTable(), terminator: "")
        }
        if let percents {
            report.learningCurve = try runLearningCurve(percents, dataset: dataset, settings: settings)
            if let curve = report.learningCurve {
                print("\n| training data | examples | accuracy | macro F1 |\n|---|---|---|---|")
                for p in curve.points {
                    print(String(format: "| %g%% | %d | %.2f%% | %.2f%% |", p.percent, p.examples, p.accuracy * 100, p.macroF1 * 100))
                }
                print("(scored on \(curve.evaluatedOn))")
            }
        }
        if let dir = self.report {
            let url = URL(fileURLWithPath: dir)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try report.json().write(to: url.appendingPathComponent("report.json"), options: .atomic)
            try Data(report.markdown().utf8).write(to: url.appendingPathComponent("report.md"), options: .atomic)
            try Data(EvaluationPage.render(report).utf8).write(to: url.appendingPathComponent("report.html"), options: .atomic)
            note("wrote \(dir)/report.json, \(dir)/report.md and \(dir)/report.html")
        }
    }

    /// "3:1" → three candidate intents, tagger weight 1.
    static func parseRerank(_ text: String) throws -> JointRerank {
        let parts = text.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let k = Int(parts[0]), k >= 1, let w = Double(parts[1]), w >= 0 else {
            throw ValidationError("--joint-rerank: expected K:W with K ≥ 1 candidate intents and a weight W ≥ 0, such as 3:1, but found \(text)")
        }
        return JointRerank(candidates: k, weight: w)
    }

    /// "10,25,50,100" → [10, 25, 50, 100]; each in (0, 100].
    static func parsePercents(_ text: String) throws -> [Double] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap(Double.init)
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0 > 0 && $0 <= 100 }) else {
            throw ValidationError("--learning-curve: expected percentages in (0, 100] separated by commas, such as 10,25,50,100, but found \(text)")
        }
        return values
    }

    /// Trains on the train split's subsamples and scores on the test split; without a test
    /// split (or with --cross-validate) one stratified fold of five is held out instead.
    private func runLearningCurve(_ percents: [Double], dataset: Dataset, settings: IntentTrainingSettings) throws -> LearningCurve {
        var train = dataset.train.isEmpty ? dataset.splitNames.flatMap { dataset.split(named: $0) ?? [] } : dataset.train
        var test: [Utterance]
        var evaluatedOn = Dataset.testSplit
        if crossValidate == nil, let t = dataset.test, !t.isEmpty {
            test = t
        } else {
            let fold = StratifiedFolds.assign(labels: train.map(\.intent), folds: 5, seed: settings.logisticRegression.seed)
            test = train.indices.filter { fold[$0] == 0 }.map { train[$0] }
            train = train.indices.filter { fold[$0] != 0 }.map { train[$0] }
            evaluatedOn = "a held-out stratified fold (1 of 5)"
        }
        guard !test.isEmpty, !train.isEmpty else { throw ValidationError("--learning-curve: not enough data to train and score") }
        let bar = ProgressBar("learning curve")
        defer { bar.finish() }
        bar.update(0, of: percents.count)
        do {
            return try LearningCurve.run(
                train: train, validation: dataset.validation, test: test, evaluatedOn: evaluatedOn, percents: percents,
                settings: settings, progress: { bar.update($0, of: $1) })
        } catch let error as TrainingError {
            throw ValidationError("--learning-curve: \(error.description)")
        }
    }

    private func loadModel(_ path: String) throws -> (IntentClassifier, ModelFile.Manifest) {
        do {
            return try ModelFile.load(from: URL(fileURLWithPath: path))
        } catch let error as ModelError {
            throw ValidationError(error.description)
        }
    }

    private func pickSplit(_ dataset: Dataset) throws -> (String, [Utterance]) {
        if let split {
            guard let data = dataset.split(named: split), !data.isEmpty else {
                throw ValidationError("\(dataOptions.data) has no split \"\(split)\" (it has: \(dataset.splitNames.joined(separator: ", ")))")
            }
            return (split, data)
        }
        if let test = dataset.test, !test.isEmpty { return (Dataset.testSplit, test) }
        if dataset.splitNames.count == 1, let only = dataset.splitNames.first, let data = dataset.split(named: only) {
            return (only, data)
        }
        throw ValidationError("\(dataOptions.data) has no test split; name one with --split (it has: \(dataset.splitNames.joined(separator: ", ")))")
    }
}
