import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML

/// In-process measurements of the slot tagger on a BIO data set (hidden from --help):
/// trains our intent classifier and the tagger on `train`, then tags `--split` with
/// the predicted intent, as a deployed bot would.
struct BenchSlotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-slots",
        abstract: "Benchmark slot tagger training, accuracy and latency on a BIO data set.",
        shouldDisplay: false)

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Which split to score (valid or test).")
    var split: String = "valid"

    @Option(name: .long, help: "crf or perceptron.")
    var algorithm: String = "crf"

    @Option(name: .long, help: "CRF: L2 penalty λ.")
    var l2: Float?

    @Option(name: .long, help: "CRF: L-BFGS iterations.")
    var iterations: Int?

    @Option(name: .long, help: "Perceptron: epochs.")
    var epochs: Int?

    @Option(name: .long, help: "Drop features seen fewer times in training.")
    var minCount: Int?

    @Option(name: .long, help: "Gazetteer folds for training text (1: the full gazetteer).")
    var gazetteerFolds: Int?

    @Flag(name: .long, help: "No intent features.")
    var noIntentFeatures = false

    @Flag(name: .long, help: "No gazetteer features.")
    var noGazetteer = false

    @Flag(name: .long, help: "Decode over all slots, whatever the intent.")
    var noRestrict = false

    @Flag(name: .long, help: "Tag with the gold intent instead of the predicted one (diagnostics only).")
    var goldIntent = false

    @Flag(name: .long, help: "Print F1 per slot.")
    var perSlot = false

    @Option(name: .long, help: "Worker threads for training.")
    var threads: Int?

    @Option(name: .long, help: "Also save the tagger to this folder.")
    var save: String?

    func run() throws {
        let dataset = try dataOptions.load()
        guard let scored = dataset.split(named: split), !scored.isEmpty else {
            throw ValidationError("\(dataOptions.data) has no split \"\(split)\"")
        }
        let workers = threads ?? Parallel.defaultWorkers
        var settings = SlotTaggerSettings()
        guard let algorithm = SlotTaggerSettings.Algorithm(rawValue: algorithm) else {
            throw ValidationError("--algorithm: expected crf or perceptron")
        }
        settings.algorithm = algorithm
        if let l2 { settings.l2 = l2 }
        if let iterations { settings.maxIterations = iterations }
        if let epochs { settings.epochs = epochs }
        if let gazetteerFolds { settings.gazetteerFolds = gazetteerFolds }
        if let minCount { settings.minFeatureCount = minCount }
        settings.intentFeatures = !noIntentFeatures
        settings.gazetteer = !noGazetteer
        settings.restrictToIntentSlots = !noRestrict

        let (intentModel, _) = try IntentTrainer.train(
            dataset.train, validation: dataset.validation, settings: .recommended, workers: workers)
        let tagger = try SlotTagger.train(dataset.train, settings: settings, workers: workers, progress: { note("  " + $0) })
        if let save { try tagger.save(to: URL(fileURLWithPath: save)) }

        var counts = SpanCounts()
        var perSlotCounts: [String: SpanCounts] = [:]
        var frames = 0, intents = 0
        for u in scored {
            let prediction = intentModel.predict(u.text)
            let intent = goldIntent ? u.intent : (prediction.ranking.first?.name ?? prediction.intent.name)
            let predicted = Set(tagger.tag(u.text, intent: intent).map { Span(slot: $0.slot, start: $0.start, end: $0.end) })
            let gold = Set(u.slots.map { Span(slot: $0.slot, start: $0.start, end: $0.end) })
            counts.add(predicted: predicted, gold: gold)
            for slot in Set(predicted.map(\.slot)).union(gold.map(\.slot)) {
                perSlotCounts[slot, default: SpanCounts()].add(
                    predicted: predicted.filter { $0.slot == slot }, gold: gold.filter { $0.slot == slot })
            }
            let intentRight = prediction.intent.name == u.intent
            if intentRight { intents += 1 }
            if intentRight && predicted == gold { frames += 1 }
        }

        // Latency: every utterance of the split, three rounds, tokenising included.
        let clock = ContinuousClock()
        var tagMicros: [Double] = [], parseMicros: [Double] = []
        var sink = 0
        for _ in 0..<3 {
            for u in scored {
                var t0 = clock.now
                sink &+= tagger.tag(u.text, intent: u.intent).count
                tagMicros.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
                t0 = clock.now
                let p = intentModel.predict(u.text)
                sink &+= tagger.tag(u.text, intent: p.intent.name).count
                parseMicros.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
            }
        }
        tagMicros.sort()
        parseMicros.sort()
        let s = tagger.summary
        print(String(format: "train seconds     %.2f  (%d utterances, %d tokens, %d features, %d pairs, %d iterations, %d misaligned spans)",
                     s.seconds, s.examples, s.tokens, s.features, s.pairs, s.iterations, s.misalignedSpans))
        print(String(format: "%@ slot P/R/F1     %.2f / %.2f / %.2f", split, counts.precision * 100, counts.recall * 100, counts.f1 * 100))
        print(String(format: "%@ frame accuracy  %.2f", split, Double(frames) / Double(scored.count) * 100))
        print(String(format: "%@ intent accuracy %.2f", split, Double(intents) / Double(scored.count) * 100))
        print(String(format: "tag µs median      %.1f  (p99 %.1f); full parse µs median %.1f%@",
                     tagMicros[tagMicros.count / 2], tagMicros[tagMicros.count * 99 / 100],
                     parseMicros[parseMicros.count / 2], sink < 0 ? "" : ""))
        if perSlot {
            for slot in perSlotCounts.keys.sorted() {
                let c = perSlotCounts[slot] ?? SpanCounts()
                print(String(format: "  %-28@ F1 %6.2f  (gold %d, predicted %d)", slot, c.f1 * 100, c.gold, c.predicted))
            }
        }
    }
}

/// An exact span for CoNLL scoring (slot and offsets must all match).
private struct Span: Hashable {
    var slot: String
    var start: Int
    var end: Int
}

/// Micro span counts; the official metrics live in Evaluation/SlotMetrics.swift.
private struct SpanCounts {
    var correct = 0, predicted = 0, gold = 0

    mutating func add(predicted p: Set<Span>, gold g: Set<Span>) {
        correct += p.intersection(g).count
        predicted += p.count
        gold += g.count
    }

    var precision: Double { predicted == 0 ? 0 : Double(correct) / Double(predicted) }
    var recall: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
}
