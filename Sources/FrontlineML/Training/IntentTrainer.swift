import Foundation

/// Everything that decides how an intent classifier is trained. Saved in the model.
public struct IntentTrainingSettings: Sendable, Hashable, Codable {
    public var features: FeatureSettings
    public var algorithm: IntentAlgorithm
    public var logisticRegression: LogisticRegression.Settings
    public var naiveBayesVariant: NaiveBayes.Variant
    public var naiveBayesAlpha: Float
    public var gateTuning: OutOfScopeGateTuner.Settings

    public init(
        features: FeatureSettings = FeatureSettings(),
        algorithm: IntentAlgorithm = .logisticRegression,
        logisticRegression: LogisticRegression.Settings = LogisticRegression.Settings(),
        naiveBayesVariant: NaiveBayes.Variant = .complement,
        naiveBayesAlpha: Float = 0.1,
        gateTuning: OutOfScopeGateTuner.Settings = OutOfScopeGateTuner.Settings()
    ) {
        self.features = features
        self.algorithm = algorithm
        self.logisticRegression = logisticRegression
        self.naiveBayesVariant = naiveBayesVariant
        self.naiveBayesAlpha = naiveBayesAlpha
        self.gateTuning = gateTuning
    }
}

/// What training did, for the CLI's summary and the model manifest.
public struct TrainingSummary: Sendable, Codable {
    public var examples: Int
    public var labels: Int
    public var features: Int
    public var featureSeconds: Double
    public var fitSeconds: Double
    public var gateSeconds: Double
    public var gateTunedOn: String
    public var totalSeconds: Double { featureSeconds + fitSeconds + gateSeconds }
}

public enum IntentTrainer {
    /// Trains on `train`; tunes the out-of-scope gate on `validation` when given,
    /// else by stratified cross-validation on `train`: out-of-fold probabilities from
    /// `gateFolds` of the 5 folds (fewer is faster; one fold of a large set is plenty).
    public static func train(
        _ train: [Utterance], validation: [Utterance]? = nil, settings: IntentTrainingSettings,
        math: any DenseMath = CBLASMath(), workers: Int = Parallel.defaultWorkers, gateFolds: Int = 5,
        progress: ((String) -> Void)? = nil
    ) throws -> (IntentClassifier, TrainingSummary) {
        guard !train.isEmpty else { throw TrainingError.noExamples }
        let labels = Array(Set(train.map(\.intent))).sorted()
        guard labels.count >= 2 else { throw TrainingError.tooFewLabels(labels) }
        if settings.features.dense != nil && settings.algorithm == .naiveBayes {
            // Naive Bayes counts features; an embedding's signed values are not counts.
            throw TrainingError.denseBlockNeedsLogisticRegression
        }
        let embedder = try settings.features.dense.map { try EncoderRegistry.shared.embedder(for: $0) }

        let clock = ContinuousClock()
        var start = clock.now
        progress?("featurising \(train.count) examples" + (embedder.map { " (with \($0.name))" } ?? ""))
        let (featurizer, x) = TextFeaturizer.fit(train.map(\.text), settings: settings.features, embedder: embedder, workers: workers)
        let featureSeconds = seconds(clock.now - start)

        start = clock.now
        var classifier = fitClassifier(
            featurizer: featurizer, x: x, train: train, labels: labels, settings: settings,
            math: math, workers: workers, progress: progress)
        let fitSeconds = seconds(clock.now - start)

        start = clock.now
        let tunedOn: String
        if let validation, !validation.isEmpty {
            progress?("tuning the out-of-scope gate on \(validation.count) validation examples")
            classifier.gate = OutOfScopeGateTuner.tune(classifier, on: validation, settings: settings.gateTuning)
            tunedOn = "validation"
        } else if train.count >= 20 {
            progress?("tuning the out-of-scope gate by 5-fold cross-validation" + (gateFolds < 5 ? " (\(max(gateFolds, 1)) of the folds)" : ""))
            classifier.gate = crossValidatedGate(
                train, labels: labels, settings: settings, embedder: embedder, math: math, workers: workers, using: gateFolds)
            tunedOn = "cross-validation"
        } else {
            tunedOn = "none (too few examples)"
        }
        let summary = TrainingSummary(
            examples: train.count, labels: labels.count, features: featurizer.featureCount,
            featureSeconds: featureSeconds, fitSeconds: fitSeconds,
            gateSeconds: seconds(clock.now - start), gateTunedOn: tunedOn)
        return (classifier, summary)
    }

    static func fitClassifier(
        featurizer: TextFeaturizer, x: SparseMatrix, train: [Utterance], labels: [String],
        settings: IntentTrainingSettings, math: any DenseMath, workers: Int, progress: ((String) -> Void)?
    ) -> IntentClassifier {
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let y = train.map { index[$0.intent] ?? 0 }
        let oos = labels.firstIndex(where: OutOfScope.isOutOfScope)
        var lr = settings.logisticRegression
        // The dense block is always present: it joins the leading columns trained through BLAS.
        lr.denseFeatures += featurizer.denseWidth
        let weights = LogisticRegression.sampleWeights(
            labels: y, classCount: labels.count, weighting: lr.classWeighting,
            outOfScopeClass: oos, outOfScopeWeight: lr.outOfScopeWeight)
        switch settings.algorithm {
        case .naiveBayes:
            let nb = NaiveBayes.fit(
                x, labels: y, classCount: labels.count, variant: settings.naiveBayesVariant,
                alpha: settings.naiveBayesAlpha, sampleWeights: weights)
            return IntentClassifier(
                labels: labels, featurizer: featurizer, algorithm: .naiveBayes, scores: nb.linear, naiveBayes: nb)
        case .logisticRegression:
            progress?("fitting logistic regression (\(lr.optimizer.rawValue)) on \(featurizer.featureCount) features × \(labels.count) labels")
            let scores = LogisticRegression.fit(
                x, labels: y, classCount: labels.count, settings: lr, sampleWeights: weights,
                math: math, workers: workers, progress: progress)
            return IntentClassifier(labels: labels, featurizer: featurizer, algorithm: .logisticRegression, scores: scores)
        }
    }

    /// Out-of-fold probabilities from stratified folds, then the gate tuned on them.
    static func crossValidatedGate(
        _ train: [Utterance], labels: [String], settings: IntentTrainingSettings, embedder: (any TextEmbedder)?,
        math: any DenseMath, workers: Int, folds: Int = 5, using: Int = 5
    ) -> OutOfScopeGate {
        let fold = StratifiedFolds.assign(labels: train.map(\.intent), folds: folds, seed: settings.logisticRegression.seed)
        var held: [Utterance] = []
        var probabilities: [[Float]] = []
        for f in 0..<min(folds, max(using, 1)) {
            let inFold = train.indices.filter { fold[$0] != f }.map { train[$0] }
            let out = train.indices.filter { fold[$0] == f }.map { train[$0] }
            // A fold that lacks a label would shift the label indices: skip it.
            guard !out.isEmpty, Set(inFold.map(\.intent)).count == labels.count else { continue }
            let (featurizer, x) = TextFeaturizer.fit(inFold.map(\.text), settings: settings.features, embedder: embedder, workers: workers)
            let model = fitClassifier(
                featurizer: featurizer, x: x, train: inFold, labels: labels, settings: settings,
                math: math, workers: workers, progress: nil)
            held += out
            probabilities += model.probabilities(batch: out.map(\.text), workers: workers)
        }
        guard !held.isEmpty else { return OutOfScopeGate() }
        return OutOfScopeGateTuner.tune(
            probabilities: probabilities, gold: held.map(\.intent), labels: labels, settings: settings.gateTuning)
    }

    public static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case noExamples
    case tooFewLabels([String])
    case denseBlockNeedsLogisticRegression

    public var description: String {
        switch self {
        case .noExamples: "no training examples: the training split is empty"
        case .tooFewLabels(let labels):
            "need at least 2 intents to train a classifier, found \(labels.count): \(labels.joined(separator: ", "))"
        case .denseBlockNeedsLogisticRegression:
            "encoder features (--features sentence) need logistic regression: naive Bayes takes counts, not signed embedding values"
        }
    }
}

/// Fold numbers per example such that every label is spread evenly over the folds.
public enum StratifiedFolds {
    public static func assign(labels: [String], folds: Int, seed: UInt64) -> [Int] {
        var rng = SeededGenerator(seed: seed)
        var byLabel: [String: [Int]] = [:]
        for (i, label) in labels.enumerated() { byLabel[label, default: []].append(i) }
        var assignment = [Int](repeating: 0, count: labels.count)
        var offset = 0
        for label in byLabel.keys.sorted() {
            var members = byLabel[label] ?? []
            members.shuffle(using: &rng)
            // Continue the round-robin where the previous label stopped, so fold sizes stay even.
            for (r, i) in members.enumerated() { assignment[i] = (offset + r) % folds }
            offset = (offset + members.count) % folds
        }
        return assignment
    }
}

extension IntentTrainingSettings {
    /// The n-gram-only defaults, chosen on validation splits (see README).
    public static var recommended: IntentTrainingSettings { IntentTrainingSettings() }

    /// Weight of the sentence-embedding block, chosen on CLINC150 and SNIPS validation (see README).
    public static let recommendedEncoderWeight: Float = 4

    /// The defaults `frontline train` uses: with an encoder, its embedding joins the n-grams.
    public static func recommended(with embedder: (any TextEmbedder)?) -> IntentTrainingSettings {
        var settings = recommended
        if let embedder {
            settings.features.dense = DenseFeatureSettings(embedder: embedder, weight: recommendedEncoderWeight)
        }
        return settings
    }
}
