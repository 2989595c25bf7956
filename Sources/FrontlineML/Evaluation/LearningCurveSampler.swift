/// Stratified, nested subsamples of training data for a learning curve.
///
/// Each label's examples are shuffled once with the seed (labels in sorted order),
/// and a fraction f keeps the first ⌈f · n⌉ of them (at least one). The order does
/// not depend on f, so a smaller sample is always contained in a larger one and every
/// label keeps its share of the data.
public enum LearningCurveSampler {
    /// Indices into `labels` of the subsample, ascending. `fraction` must lie in (0, 1].
    public static func subsample(labels: [String], fraction: Double, seed: UInt64) -> [Int] {
        precondition(fraction > 0 && fraction <= 1, "a learning-curve fraction lies in (0, 1]")
        var rng = SeededGenerator(seed: seed)
        var byLabel: [String: [Int]] = [:]
        for (i, label) in labels.enumerated() { byLabel[label, default: []].append(i) }
        var kept: [Int] = []
        for label in byLabel.keys.sorted() {
            var members = byLabel[label] ?? []
            members.shuffle(using: &rng)
            // Rounded up with a little slack so 0.1 · 150 is 15, not 16 from float error.
            let take = min(members.count, max(1, Int((fraction * Double(members.count) - 1e-9).rounded(.up))))
            kept += members.prefix(take)
        }
        return kept.sorted()
    }
}

/// Accuracy against the amount of training data.
public struct LearningCurve: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var percent: Double
        public var examples: Int
        public var accuracy: Double
        public var macroF1: Double
        public var inScopeAccuracy: Double?

        public init(percent: Double, examples: Int, accuracy: Double, macroF1: Double, inScopeAccuracy: Double?) {
            self.percent = percent
            self.examples = examples
            self.accuracy = accuracy
            self.macroF1 = macroF1
            self.inScopeAccuracy = inScopeAccuracy
        }

        enum CodingKeys: String, CodingKey {
            case percent, examples, accuracy
            case macroF1 = "macro_f1"
            case inScopeAccuracy = "in_scope_accuracy"
        }
    }

    /// What the points were scored on, e.g. "test" or "held-out fold".
    public var evaluatedOn: String
    public var points: [Point]

    public init(evaluatedOn: String, points: [Point]) {
        self.evaluatedOn = evaluatedOn
        self.points = points
    }

    enum CodingKeys: String, CodingKey {
        case points
        case evaluatedOn = "evaluated_on"
    }

    /// Trains on stratified subsamples of `train` (percentages in (0, 100]) and scores each
    /// model on `test`; the gate is tuned on `validation` when given (else by cross-validation
    /// of the subsample, five times slower). `progress` is told after each point (done, total).
    public static func run(
        train: [Utterance], validation: [Utterance]?, test: [Utterance], evaluatedOn: String, percents: [Double],
        settings: IntentTrainingSettings, math: any DenseMath = CBLASMath(), workers: Int = Parallel.defaultWorkers,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> LearningCurve {
        var points: [Point] = []
        for (n, percent) in percents.enumerated() {
            let chosen = LearningCurveSampler.subsample(
                labels: train.map(\.intent), fraction: percent / 100, seed: settings.logisticRegression.seed)
            let sample = chosen.map { train[$0] }
            let (model, _) = try IntentTrainer.train(sample, validation: validation, settings: settings, math: math, workers: workers)
            let predictions = model.predict(batch: test.map(\.text))
            let metrics = IntentMetrics(
                gold: test.map(\.intent), predicted: predictions.map(\.intent.name), outOfScopeLabel: model.outOfScopeLabel)
            points.append(Point(percent: percent, examples: sample.count, accuracy: metrics.accuracy,
                                macroF1: metrics.macroF1, inScopeAccuracy: metrics.inScopeAccuracy))
            progress?(n + 1, percents.count)
        }
        return LearningCurve(evaluatedOn: evaluatedOn, points: points)
    }
}
