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
            {a_right_b_wrong, a_wrong_b_right, method, statistic, p_value}) and compare.html. When the data \
            has slot annotations and a model tags slots, both models' whole parses are scored too: \
            frames {slots_a, slots_b (slot_precision, slot_recall, slot_f1, frame_accuracy, per_slot), \
            a_right_b_wrong, a_wrong_b_right [texts], mcnemar} (McNemar on whole frames: intent and every slot right).
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
        var models: [NLUModel] = []
        for path in model {
            let nlu: NLUModel
            do {
                nlu = try NLUModelFile.load(from: URL(fileURLWithPath: path)).0
            } catch let error as ModelError {
                throw ValidationError("\(path): \(error.description)")
            }
            models.append(nlu)
            let classifier = nlu.intents
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
        var comparison = ModelComparison(
            texts: data.map(\.text), gold: data.map(\.intent), predictedA: predicted[0], predictedB: predicted[1])
        let tagsSlots = models.contains { $0.tagger != nil || !$0.slotDefinitions.isEmpty }
        if tagsSlots && data.contains(where: { !$0.slots.isEmpty }) {
            let reference = ReferenceTime(Date(), timeZone: .current)
            let frames = zip(model, models).map { path, nlu in
                let bar = ProgressBar("parsing with \(path)")
                defer { bar.finish() }
                return data.enumerated().map { index, u in
                    let parse = nlu.parse(u.text, reference: reference)
                    bar.update(index + 1, of: data.count)
                    return Utterance(text: u.text, intent: parse.intent.name, slots: parse.slots.map(\.span))
                }
            }
            comparison.frames = FrameComparison(gold: data, predictedA: frames[0], predictedB: frames[1])
        }
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
        if let f = c.frames {
            out += "\n| slots and frames | A | B |\n|---|---|---|\n"
            out += "| slot F1 | \(percent(f.slotsA.slotF1)) | \(percent(f.slotsB.slotF1)) |\n"
            out += "| frame accuracy | \(percent(f.slotsA.frameAccuracy)) | \(percent(f.slotsB.frameAccuracy)) |\n"
            let m = f.mcnemar
            out += "\nFrames: A right, B wrong: \(m.aOnly); A wrong, B right: \(m.bOnly)\n"
            out += "McNemar on frames (\(m.method.rawValue)): statistic \(String(format: "%.4f", m.statistic)), p = \(String(format: "%.4g", m.pValue))\n"
        }
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
