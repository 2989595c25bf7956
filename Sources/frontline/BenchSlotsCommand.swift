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

    @Option(name: .long, help: "Neighbouring words as features up to this distance (2 or more).")
    var window: Int?

    @Option(name: .long, help: "Intent conjoined with the next word and the bigram ending at the word (true or false).")
    var intentContext: Bool?

    @Option(name: .long, help: "Encoder token features: codebook sizes, e.g. 64,256,1024 (needs the encoder Scripts/setup fetches).")
    var encoderClusters: String?

    @Option(name: .long, help: "A file caching the encoder's token vectors of the data between runs.")
    var encoderCache: String?

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
        /// With encoder features: codebook sizes, and the median time to encode one
        /// utterance and turn it into features (not included in the parse times above,
        /// which read the features encoded ahead of time).
        var encoder_clusters: [Int]?
        var encoder_us_per_utterance: Double?
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
        if let window {
            guard window >= 2 else { throw ValidationError("--window: expected 2 or more") }
            settings.tagger.window = window
        }
        if let intentContext { settings.tagger.intentContext = intentContext }
        settings.tagger.intentFeatures = !noIntentFeatures
        settings.tagger.gazetteer = !noGazetteer
        settings.tagger.restrictToIntentSlots = !noRestrict
        settings.entityFeatures = entityFeatures

        let clock = ContinuousClock()
        let source = try encoderFeatures(dataset, scored: scored, workers: workers)
        let started = clock.now
        let model: NLUModel, intentSummary: TrainingSummary, taggerSummary: SlotTaggerSummary?
        if let source {
            let (intents, intentTraining) = try IntentTrainer.train(
                dataset.train, validation: dataset.validation, settings: settings.intent, workers: workers,
                progress: { note("  " + $0) })
            let tagger = try SlotTagger.train(
                dataset.train, settings: settings.tagger, features: source.features, workers: workers, progress: { note("  " + $0) })
            model = try NLUModel(intents: intents, tagger: tagger, slotDefinitions: [])
            (intentSummary, taggerSummary) = (intentTraining, tagger.summary)
        } else {
            let (trained, summary) = try NLUTrainer.train(
                dataset.train, validation: dataset.validation, settings: settings, workers: workers,
                progress: { note("  " + $0) })
            (model, intentSummary, taggerSummary) = (trained, summary.intent, summary.tagger)
        }
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
        let t = taggerSummary
        note(String(format: "train seconds %.2f: intent %.2f, tagger %.2f (%d utterances, %d features, %d pairs, %d iterations, %d misaligned spans)",
                    trainSeconds, intentSummary.totalSeconds, t?.seconds ?? 0, t?.examples ?? 0, t?.features ?? 0,
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
            train_seconds: trainSeconds, intent_train_seconds: intentSummary.totalSeconds,
            tagger_train_seconds: t?.seconds ?? 0, slot_precision: metrics.slotPrecision,
            slot_recall: metrics.slotRecall, slot_f1: metrics.slotF1, frame_accuracy: metrics.frameAccuracy,
            intent_accuracy: intentAccuracy, us_per_utterance: parseMicros[parseMicros.count / 2],
            tag_us_per_utterance: tagMicros[tagMicros.count / 2],
            all_tags_us_per_utterance: allTagMicros[allTagMicros.count / 2], tags: tagger.tagCount,
            max_tags_per_intent: tagger.maxTagsPerIntent, slot_split: splitSlots.rawValue, split: split,
            encoder_clusters: source?.features.codebooks.map(\.size), encoder_us_per_utterance: source?.microseconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    /// The encoder's token features for every text of the data (vectors from
    /// `--encoder-cache` when it holds them), codebooks trained on `train`'s tokens,
    /// and the median time of encoding one scored utterance into features.
    func encoderFeatures(_ dataset: Dataset, scored: [Utterance], workers: Int) throws -> (features: EncoderTokenFeatures, microseconds: Double)? {
        guard let encoderClusters else { return nil }
        let sizes = encoderClusters.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ $0 >= 2 }) else {
            throw ValidationError("--encoder-clusters: expected codebook sizes such as 64,256,1024")
        }
        guard let folder = SentenceEncoder.locate(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) else {
            throw ValidationError("--encoder-clusters: no encoder found (.cache/encoders/\(SentenceEncoder.defaultName)); run Scripts/setup")
        }
        let encoder = try SentenceEncoder(folder: folder)
        var seen = Set<String>(), texts: [String] = []
        for u in dataset.train + scored + (dataset.validation ?? []) where seen.insert(u.text).inserted { texts.append(u.text) }
        note("  encoding \(texts.count) texts' tokens with \(encoder.name)")
        let vectors = try EncoderTokenFeatures.vectors(
            texts, encoder: encoder, workers: workers, cache: encoderCache.map { URL(fileURLWithPath: $0) })
        let byText = Dictionary(zip(texts, vectors), uniquingKeysWith: { a, _ in a })
        var train: [Float] = []
        for u in dataset.train { for v in byText[u.text] ?? [] { if let v { train.append(contentsOf: v) } } }
        let codebooks = sizes.map { size in
            note("  k-means: \(size) centroids over \(train.count / encoder.dimension) token vectors")
            return TokenCodebook.train(train, dimension: encoder.dimension, size: size)
        }
        let features = EncoderTokenFeatures(codebooks: codebooks, encoder: encoder, vectors: byText)
        let uncached = EncoderTokenFeatures(codebooks: codebooks, encoder: encoder)
        let clock = ContinuousClock()
        var micros: [Double] = []
        for u in scored.prefix(200) {
            let t0 = clock.now
            _ = uncached.features(for: TagTokenizer.tokenize(u.text), in: u.text)
            micros.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
        }
        micros.sort()
        return (features, micros.isEmpty ? 0 : micros[micros.count / 2])
    }
}
