import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an intent classifier and slot tagger and save them to a model folder.",
        discussion: """
            Trains on the data's train split (all of it for data without splits). The out-of-scope \
            gate's thresholds are tuned on the validation split when there is one, else by 5-fold \
            cross-validation. --algorithm auto trains both naive Bayes and logistic regression and keeps \
            the one that scores better on the validation split (logistic regression when there is none).
            """)

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Where to write the model (a folder, e.g. Models/default).")
    var out: String

    @Option(name: .long, help: "nb, logreg or auto.")
    var algorithm: AlgorithmChoice = .auto

    @Option(name: .long, help: "Random seed (shuffling); the same seed and data give the same model.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Logistic regression: training epochs (adam).")
    var epochs: Int?

    @Option(name: .long, help: "Logistic regression: L2 penalty λ.")
    var l2: Float?

    @Option(name: .long, help: "Logistic regression: mini-batch size (adam).")
    var batchSize: Int?

    @Option(name: .long, help: "Logistic regression: initial learning rate (adam).")
    var learningRate: Float?

    @Option(name: .long, help: "Logistic regression: balanced (each intent weighs the same in all, however many examples it has) or none.")
    var classWeighting: LogisticRegression.ClassWeighting?

    @Option(name: .long, help: "Logistic regression: adam (mini-batch) or lbfgs (full batch).")
    var optimizer: LogisticRegression.Optimizer?

    @Option(name: .long, help: "Logistic regression (adam): the most frequent features trained as a dense block through BLAS (0 = all sparse).")
    var denseFeatures: Int?

    @Option(name: .long, help: "Character n-gram lengths inside words, as MIN-MAX (e.g. 2-4), or 0 for none.")
    var charNgrams: String?

    @Option(name: .long, help: "Weight of the word n-gram block against the character block's 1.")
    var wordWeight: Float?

    @Option(name: .long, help: "ngrams; sentence: the n-grams plus the sentence encoder's embedding (all-MiniLM-L6-v2, fetched by Scripts/setup); static: the n-grams plus the mean of the encoder's static word-piece vectors (a 256-wide table derived once).")
    var features: FeatureChoice = .sentence

    @Flag(name: .long, help: "Compute every embedding afresh instead of reading the encoder's disk cache (whose vectors, computed in other batches, can differ in the last bits): the same data then gives the same model bytes as a training on a fresh machine.")
    var noEmbeddingCache = false

    @Option(name: .long, help: "Weight of the dense block (sentence embedding or static vectors, unit vectors) against the word and character n-gram blocks' 2 and 1.")
    var encoderWeight: Float?

    @Option(name: .long, help: "Linear algebra backend for training: cblas (OpenBLAS) or swift (plain loops).")
    var backend: MathBackend = .cblas

    @Option(name: .long, help: "Worker threads for training (default: all cores).")
    var threads: Int?

    @Flag(name: .long, help: "Don't train a slot tagger even when the data has slot annotations.")
    var noSlots = false

    @Option(name: .long, help: "Slot tagger (CRF): L2 penalty.")
    var slotL2: Float?

    @Option(name: .long, help: "Slot tagger (CRF): L-BFGS iterations.")
    var slotIterations: Int?

    @Flag(name: .long, help: "Slot tagger: add built-in entities and declared values to its features.")
    var entityFeatures = false

    @Flag(name: .long, help: "Print only the summary.")
    var quiet = false

    enum AlgorithmChoice: String, ExpressibleByArgument, CaseIterable {
        case nb, logreg, auto
    }

    enum FeatureChoice: String, ExpressibleByArgument, CaseIterable {
        case ngrams, sentence
        case staticVectors = "static"

        /// The recommended settings with this choice's dense block (loading its encoder, or
        /// reading — deriving once — the encoder's static vector table).
        func recommendedSettings() throws -> IntentTrainingSettings {
            switch self {
            case .ngrams: return .recommended
            case .sentence: return .recommended(with: try EncoderRegistry.shared.load())
            case .staticVectors:
                var settings = IntentTrainingSettings.recommended(with: try EncoderRegistry.shared.loadStaticVectors())
                settings.features.dense?.kind = .staticVectors
                return settings
            }
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let dataset = try dataOptions.load()
        let train = dataset.train
        guard !train.isEmpty else {
            throw ValidationError("\(dataOptions.data): the data has no train split (splits: \(dataset.splitNames.joined(separator: ", ")))")
        }
        let validation = dataset.validation
        EncoderRegistry.shared.keepEmbeddingsOnDisk(!noEmbeddingCache)
        var settings = try features.recommendedSettings()
        if let encoderWeight {
            guard settings.features.dense != nil else { throw ValidationError("--encoder-weight goes with --features sentence or static") }
            settings.features.dense?.weight = encoderWeight
        }
        settings.logisticRegression.seed = seed
        if let epochs { settings.logisticRegression.epochs = epochs }
        if let l2 { settings.logisticRegression.l2 = l2 }
        if let batchSize { settings.logisticRegression.batchSize = batchSize }
        if let learningRate { settings.logisticRegression.learningRate = learningRate }
        if let optimizer { settings.logisticRegression.optimizer = optimizer }
        if let classWeighting { settings.logisticRegression.classWeighting = classWeighting }
        if let charNgrams {
            if charNgrams == "0" {
                settings.features.hasher.charNgrams = nil
            } else {
                let parts = charNgrams.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, parts[0] >= 1, parts[0] <= parts[1] else {
                    throw ValidationError("--char-ngrams: expected MIN-MAX such as 2-4, or 0, but found \(charNgrams)")
                }
                settings.features.hasher.charNgrams = parts[0]...parts[1]
            }
        }
        if let wordWeight { settings.features.wordBlockWeight = wordWeight }
        if let denseFeatures { settings.logisticRegression.denseFeatures = denseFeatures }
        let workers = threads ?? Parallel.defaultWorkers
        let progress: ((String) -> Void)? = quiet ? nil : { note("  " + $0) }

        let candidates: [IntentAlgorithm] = switch algorithm {
        case .nb: [.naiveBayes]
        case .logreg: [.logisticRegression]
        // Naive Bayes takes counts: with the encoder's block only logistic regression applies.
        case .auto: validation?.isEmpty == false && features == .ngrams ? [.logisticRegression, .naiveBayes] : [.logisticRegression]
        }
        var best: (IntentClassifier, TrainingSummary, IntentTrainingSettings, Double)?
        for candidate in candidates {
            settings.algorithm = candidate
            if !quiet { note("training \(candidate.rawValue) on \(train.count) examples from \(dataOptions.data)") }
            let (model, summary) = try IntentTrainer.train(
                train, validation: validation, settings: settings, math: backend.math, workers: workers, progress: progress)
            var score = 0.0
            if let validation, !validation.isEmpty {
                let m = IntentEvaluator.evaluate(model, on: validation, modelName: "", dataName: "", split: "val").metrics
                score = (m.inScopeAccuracy ?? m.accuracy) + (m.outOfScopeRecall ?? 0)
                if !quiet {
                    note("  validation: accuracy \(percent(m.accuracy)), in-scope \(percent(m.inScopeAccuracy)), oos recall \(percent(m.outOfScopeRecall))")
                }
            }
            if score > best?.3 ?? -1 { best = (model, summary, settings, score) }
        }
        guard let (model, summary, chosen, _) = best else { return }
        var nluSettings = NLUTrainingSettings(intent: chosen, trainTagger: !noSlots, entityFeatures: entityFeatures)
        if let slotL2 { nluSettings.tagger.l2 = slotL2 }
        if let slotIterations { nluSettings.tagger.maxIterations = slotIterations }
        nluSettings.tagger.seed = seed
        let slots = try dataOptions.slotDefinitions()
        let tagger = try NLUTrainer.trainTagger(train, slots: slots, settings: nluSettings, workers: workers, progress: progress)
        let nlu = try NLUModel(intents: model, tagger: tagger, slotDefinitions: slots)
        try NLUModelFile.save(nlu, settings: nluSettings, trainingData: train, to: URL(fileURLWithPath: out))
        let total = IntentTrainer.seconds(clock.now - started)
        print("""
            model      \(out) (\(model.algorithm.rawValue))
            examples   \(summary.examples)
            labels     \(summary.labels)
            features   \(summary.features)\(model.featurizer.settings.dense.map { " (\($0.dimension) from \($0.encoder), weight \($0.weight))" } ?? "")
            gate       confidence ≥ \(model.gate.minConfidence), margin ≥ \(model.gate.minMargin) (tuned on \(summary.gateTunedOn))
            seconds    \(String(format: "%.2f", summary.featureSeconds)) features + \(String(format: "%.2f", summary.fitSeconds)) fit, \(String(format: "%.2f", total)) in all
            """)

        if let t = tagger?.summary {
            print("slots      \(tagger?.slots.count ?? 0) slot types from \(t.examples) examples, \(t.features) features, \(String(format: "%.2f", t.seconds)) s")
            if t.misalignedSpans > 0 { print("           \(t.misalignedSpans) annotated spans don't start and end on word boundaries and were left out") }
        } else {
            print("slots      none (\(noSlots ? "--no-slots" : "no slot annotations in the data"))")
        }
    }
}
