import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a model on labelled data and write report.json and report.md.",
        discussion: """
            Scores the given split (default: test when the data has one, else all of it). \
            report.json keys: accuracy, macro_f1, in_scope_accuracy, oos_recall, oos_precision, \
            per_intent (precision, recall, f1, support, confused_with), confusion, timing \
            (predict_us_per_utterance: median wall time of single-utterance predict calls; \
            parse_us_per_utterance: the same for the full parse), errors. When the model tags slots and \
            the data has slot annotations, also slot_precision, slot_recall, slot_f1 (exact span and \
            type, micro-averaged, CoNLL style), frame_accuracy (intent and every slot right) and per_slot.
            """)

    @Option(name: .long, help: "The model folder (not needed with --cross-validate).")
    var model: String?

    @Option(name: .long, help: "Instead of a model: K-fold stratified cross-validation of training on the data (its train split, or all of it).")
    var crossValidate: Int?

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Which split to score (train, val, test).")
    var split: String?

    @Option(name: .long, help: "Folder for report.json and report.md.")
    var report: String?

    func run() throws {
        let dataset = try dataOptions.load()
        let report: EvaluationReport
        if let folds = crossValidate {
            guard folds >= 2 else { throw ValidationError("--cross-validate needs at least 2 folds") }
            var settings = IntentTrainingSettings.recommended
            if let model {
                settings = try loadModel(model).1.training
            }
            let data = dataset.train.isEmpty ? dataset.splits.values.flatMap { $0 } : dataset.train
            let result = try CrossValidation.run(
                data, folds: folds, settings: settings, dataName: dataOptions.data, progress: { note("  " + $0) })
            report = result.pooled
            print(report.summaryTable(), terminator: "")
            print(String(format: "| fold accuracy (mean ± std) | %.2f%% ± %.2f |", result.meanAccuracy * 100, result.standardDeviation * 100))
        } else {
            guard let model else { throw ValidationError("give --model, or --cross-validate K") }
            let nlu: NLUModel
            do {
                nlu = try NLUModelFile.load(from: URL(fileURLWithPath: model)).0
            } catch let error as ModelError {
                throw ValidationError(error.description)
            }
            let (name, data) = try pickSplit(dataset)
            report = NLUEvaluator.evaluate(
                nlu, on: data, modelName: model, dataName: dataOptions.data, split: name,
                reference: ReferenceTime(Date(), timeZone: .current))
            print(report.summaryTable(), terminator: "")
        }
        if let dir = self.report {
            let url = URL(fileURLWithPath: dir)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try report.json().write(to: url.appendingPathComponent("report.json"), options: .atomic)
            try Data(report.markdown().utf8).write(to: url.appendingPathComponent("report.md"), options: .atomic)
            note("wrote \(dir)/report.json and \(dir)/report.md")
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
