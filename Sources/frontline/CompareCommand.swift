import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML
import FrontlineReport

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Score two models on the same data and test whether they differ.",
        discussion: """
            Give --model twice (A, then B). Prints both models' headline numbers and McNemar's test \
            on the examples exactly one of them gets right (exact binomial below 25 such examples, \
            chi-square with continuity correction otherwise). With --report DIR writes compare.json \
            (count, model_a, model_b, data, split, metrics_a, metrics_b, per_intent {f1_a, f1_b, delta, \
            support}, a_right_b_wrong, a_wrong_b_right [{text, gold, predicted_a, predicted_b}], mcnemar \
            {a_right_b_wrong, a_wrong_b_right, method, statistic, p_value}) and compare.html.
            """)

    @Option(name: .long, help: "A model folder; give exactly two (A, then B).")
    var model: [String] = []

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Which split to score (default: test, or the only split).")
    var split: String?

    @Option(name: .long, help: "Folder for compare.json and compare.html.")
    var report: String?

    func validate() throws {
        guard model.count == 2 else {
            throw ValidationError("give --model exactly twice (A, then B); found \(model.count)")
        }
    }

    func run() throws {
        EncoderRegistry.shared.keepEmbeddingsOnDisk(true)  // re-runs encode only new texts
        let dataset = try dataOptions.load()
        let (splitName, data) = try pickSplit(dataset)
        var predicted: [[String]] = []
        for path in model {
            let classifier: IntentClassifier
            do {
                classifier = try NLUModelFile.load(from: URL(fileURLWithPath: path)).0.intents
            } catch let error as ModelError {
                throw ValidationError("\(path): \(error.description)")
            }
            let bar = ProgressBar("scoring \(path)")
            var labels: [String] = []
            labels.reserveCapacity(data.count)
            classifier.prepare(data.map(\.text))
            for u in data {
                labels.append(classifier.predict(u.text).intent.name)
                bar.update(labels.count, of: data.count)
            }
            bar.finish()
            predicted.append(labels)
        }
        let comparison = ModelComparison(
            texts: data.map(\.text), gold: data.map(\.intent), predictedA: predicted[0], predictedB: predicted[1])
        print(summary(comparison), terminator: "")
        if let dir = report {
            let url = URL(fileURLWithPath: dir)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            let file = CompareFile(comparison: comparison, modelA: model[0], modelB: model[1], data: dataOptions.data, split: splitName)
            try encoder.encode(file).write(to: url.appendingPathComponent("compare.json"), options: .atomic)
            let html = ComparisonPage.render(comparison, modelA: model[0], modelB: model[1], data: dataOptions.data, split: splitName)
            try Data(html.utf8).write(to: url.appendingPathComponent("compare.html"), options: .atomic)
            note("wrote \(dir)/compare.json and \(dir)/compare.html")
        }
    }

    private func summary(_ c: ModelComparison) -> String {
        var out = "| metric | A | B |\n|---|---|---|\n"
        out += "| accuracy | \(percent(c.metricsA.accuracy)) | \(percent(c.metricsB.accuracy)) |\n"
        out += "| macro F1 | \(percent(c.metricsA.macroF1)) | \(percent(c.metricsB.macroF1)) |\n"
        out += "| in-scope accuracy | \(percent(c.metricsA.inScopeAccuracy)) | \(percent(c.metricsB.inScopeAccuracy)) |\n"
        out += "| out-of-scope recall | \(percent(c.metricsA.outOfScopeRecall)) | \(percent(c.metricsB.outOfScopeRecall)) |\n"
        let t = c.mcnemar
        out += "\nA right, B wrong: \(t.aOnly); A wrong, B right: \(t.bOnly)\n"
        out += "McNemar (\(t.method.rawValue)): statistic \(String(format: "%.4f", t.statistic)), p = \(String(format: "%.4g", t.pValue))\n"
        return out
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

/// compare.json: the comparison's keys at the top level, plus what was compared.
private struct CompareFile: Encodable {
    let comparison: ModelComparison
    let modelA: String, modelB: String, data: String, split: String

    enum Keys: String, CodingKey {
        case data, split
        case modelA = "model_a"
        case modelB = "model_b"
    }

    func encode(to encoder: any Encoder) throws {
        try comparison.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(modelA, forKey: .modelA)
        try c.encode(modelB, forKey: .modelB)
        try c.encode(data, forKey: .data)
        try c.encode(split, forKey: .split)
    }
}
