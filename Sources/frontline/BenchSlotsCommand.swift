import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML

/// In-process measurements of the joint parse on slot-annotated data (hidden from --help;
/// Scripts/bench/slots.sh uses it): trains the intent classifier and the slot tagger on
/// `train` exactly as `frontline train` does, then parses `--split` as a deployed bot
/// would (slots tagged for the predicted intent). Prints one JSON line on standard
/// output with the contract in Scripts/bench/slots.sh; details go to standard error.
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

    @Flag(name: .long, help: "Add built-in entities and declared values to the tagger's features.")
    var entityFeatures = false

    @Flag(name: .long, help: "Print F1 per slot (standard error).")
    var perSlot = false

    @Option(name: .long, help: "Rename slots to grow the tag set: none, intent (each slot per intent, \"PlayMusic.artist\"), intent-length (per intent and single- or multi-token value).")
    var splitSlots: SlotSplit = .none

    @Option(name: .long, help: "Worker threads for training.")
    var threads: Int?

    @Option(name: .long, help: "Also save the model to this folder.")
    var save: String?

    struct Result: Encodable {
        var name: String
        var train_seconds: Double
        var intent_train_seconds: Double
        var tagger_train_seconds: Double
        var slot_precision: Double
        var slot_recall: Double
        var slot_f1: Double
        var frame_accuracy: Double
        var intent_accuracy: Double
        var us_per_utterance: Double
        var tag_us_per_utterance: Double
        /// Tagging without an intent: decoding over every tag (the path that grows with the tag set).
        var all_tags_us_per_utterance: Double
        var tags: Int
        var max_tags_per_intent: Int
        var slot_split: String
        var split: String
    }

    /// Tag sets bigger than the data's own, to measure how the tagger scales with slot types.
    enum SlotSplit: String, ExpressibleByArgument, CaseIterable {
        case none, intent
        case intentLength = "intent-length"

        func apply(_ u: Utterance) -> Utterance {
            guard self != .none else { return u }
            var out = u
            out.slots = u.slots.map { span in
                var s = span
                s.slot = u.intent + "." + span.slot
                if self == .intentLength {
                    // Token count of the value as the tagger sees it.
                    let value = String(String.UnicodeScalarView(Array(u.text.unicodeScalars)[span.start..<span.end]))
                    s.slot += TagTokenizer.tokenize(value).count > 1 ? ".multi" : ".single"
                }
                return s
            }
            return out
        }
    }

    func run() throws {
        var dataset = try dataOptions.load()
        if splitSlots != .none {
            dataset = try Dataset(source: dataset.source, format: dataset.format,
                                  splits: dataset.splits.mapValues { $0.map(splitSlots.apply) })
        }
        guard let scored = dataset.split(named: split), !scored.isEmpty else {
            throw ValidationError("\(dataOptions.data) has no split \"\(split)\"")
        }
        let workers = threads ?? Parallel.defaultWorkers
        var settings = NLUTrainingSettings.recommended
        guard let algorithm = SlotTaggerSettings.Algorithm(rawValue: algorithm) else {
            throw ValidationError("--algorithm: expected crf or perceptron")
        }
        settings.tagger.algorithm = algorithm
        if let l2 { settings.tagger.l2 = l2 }
        if let iterations { settings.tagger.maxIterations = iterations }
        if let epochs { settings.tagger.epochs = epochs }
        if let gazetteerFolds { settings.tagger.gazetteerFolds = gazetteerFolds }
        if let minCount { settings.tagger.minFeatureCount = minCount }
        settings.tagger.intentFeatures = !noIntentFeatures
        settings.tagger.gazetteer = !noGazetteer
        settings.tagger.restrictToIntentSlots = !noRestrict
        settings.entityFeatures = entityFeatures

        let clock = ContinuousClock()
        let started = clock.now
        let (model, summary) = try NLUTrainer.train(
            dataset.train, validation: dataset.validation, settings: settings, workers: workers,
            progress: { note("  " + $0) })
        let trainSeconds = IntentTrainer.seconds(clock.now - started)
        guard let tagger = model.tagger else { throw ValidationError("\(dataOptions.data): the train split has no slot annotations") }
        if let save { try NLUModelFile.save(model, settings: settings, trainingData: dataset.train, to: URL(fileURLWithPath: save)) }

        let reference = ReferenceTime(date: CalendarDate(year: 2026, month: 11, day: 23), time: ClockTime(hour: 12))
        let predicted = scored.map { u in
            let p = model.parse(u.text, reference: reference)
            return Utterance(text: u.text, intent: p.intent.name, slots: p.slots.map(\.span))
        }
        let metrics = SlotMetrics(gold: scored, predicted: predicted)
        let intentAccuracy = Double(zip(scored, predicted).filter { $0.intent == $1.intent }.count) / Double(scored.count)

        // Latency: every utterance of the split, three rounds, tokenising included.
        var tagMicros: [Double] = [], parseMicros: [Double] = [], allTagMicros: [Double] = []
        var sink = 0
        for _ in 0..<3 {
            for u in scored {
                var t0 = clock.now
                sink &+= tagger.tag(u.text, intent: u.intent).count
                tagMicros.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
                t0 = clock.now
                sink &+= model.parse(u.text, reference: reference).slots.count
                parseMicros.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
                t0 = clock.now
                sink &+= tagger.tag(u.text).count
                allTagMicros.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
            }
        }
        tagMicros.sort()
        parseMicros.sort()
        allTagMicros.sort()
        let t = summary.tagger
        note(String(format: "train seconds %.2f: intent %.2f, tagger %.2f (%d utterances, %d features, %d pairs, %d iterations, %d misaligned spans)",
                    trainSeconds, summary.intent.totalSeconds, t?.seconds ?? 0, t?.examples ?? 0, t?.features ?? 0,
                    t?.pairs ?? 0, t?.iterations ?? 0, t?.misalignedSpans ?? 0))
        note(String(format: "%@: slot P/R/F1 %.2f / %.2f / %.2f, frame accuracy %.2f, intent accuracy %.2f",
                    split, metrics.slotPrecision * 100, metrics.slotRecall * 100, metrics.slotF1 * 100,
                    metrics.frameAccuracy * 100, intentAccuracy * 100))
        note(String(format: "median µs: parse %.1f (p99 %.1f), tag alone %.1f, tag over all %d tags (no intent) %.1f (p99 %.1f)%@",
                    parseMicros[parseMicros.count / 2], parseMicros[parseMicros.count * 99 / 100], tagMicros[tagMicros.count / 2],
                    tagger.tagCount, allTagMicros[allTagMicros.count / 2], allTagMicros[allTagMicros.count * 99 / 100],
                    sink < 0 ? "!" : ""))
        if perSlot {
            for (slot, m) in metrics.perSlot.sorted(by: { $0.key < $1.key }) {
                note(String(format: "  %-28@ F1 %6.2f  (support %d)", slot, m.f1 * 100, m.support))
            }
        }
        let result = Result(
            name: splitSlots == .none ? "frontline" : "frontline-split-\(splitSlots.rawValue)",
            train_seconds: trainSeconds, intent_train_seconds: summary.intent.totalSeconds,
            tagger_train_seconds: t?.seconds ?? 0, slot_precision: metrics.slotPrecision,
            slot_recall: metrics.slotRecall, slot_f1: metrics.slotF1, frame_accuracy: metrics.frameAccuracy,
            intent_accuracy: intentAccuracy, us_per_utterance: parseMicros[parseMicros.count / 2],
            tag_us_per_utterance: tagMicros[tagMicros.count / 2],
            all_tags_us_per_utterance: allTagMicros[allTagMicros.count / 2], tags: tagger.tagCount,
            max_tags_per_intent: tagger.maxTagsPerIntent, slot_split: splitSlots.rawValue, split: split)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
