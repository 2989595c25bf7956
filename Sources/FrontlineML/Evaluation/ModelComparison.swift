/// Two classifiers' predictions on the same labelled examples: per-intent F1 deltas,
/// the examples that flipped between right and wrong, and McNemar's test.
public struct ModelComparison: Sendable, Codable, Equatable {
    public struct IntentDelta: Sendable, Codable, Equatable {
        public var f1A: Double
        public var f1B: Double
        /// f1B − f1A: positive when B is better.
        public var delta: Double
        public var support: Int

        enum CodingKeys: String, CodingKey {
            case delta, support
            case f1A = "f1_a"
            case f1B = "f1_b"
        }
    }

    public struct Flip: Sendable, Codable, Equatable {
        public var text: String
        public var gold: String
        public var predictedA: String
        public var predictedB: String

        enum CodingKeys: String, CodingKey {
            case text, gold
            case predictedA = "predicted_a"
            case predictedB = "predicted_b"
        }
    }

    public var count: Int
    public var metricsA: IntentMetrics
    public var metricsB: IntentMetrics
    /// Every label of either model's confusion matrix.
    public var perIntent: [String: IntentDelta]
    /// A right, B wrong.
    public var aRightBWrong: [Flip]
    /// A wrong, B right.
    public var aWrongBRight: [Flip]
    public var mcnemar: McNemarTest
    /// Slots and whole frames, when the data has slot annotations and a model tags slots.
    public var frames: FrameComparison?

    enum CodingKeys: String, CodingKey {
        case count, mcnemar, frames
        case metricsA = "metrics_a"
        case metricsB = "metrics_b"
        case perIntent = "per_intent"
        case aRightBWrong = "a_right_b_wrong"
        case aWrongBRight = "a_wrong_b_right"
    }

    /// `predictedA[i]` and `predictedB[i]` are the two models' labels for `texts[i]`, whose gold
    /// label is `gold[i]`. Every out-of-scope label counts as the same one (as in `IntentMetrics`).
    public init(texts: [String], gold: [String], predictedA: [String], predictedB: [String]) {
        precondition(texts.count == gold.count && gold.count == predictedA.count && gold.count == predictedB.count,
                     "ModelComparison needs one text, gold label and two predictions per example")
        func same(_ a: String, _ b: String) -> Bool {
            a == b || (OutOfScope.isOutOfScope(a) && OutOfScope.isOutOfScope(b))
        }
        count = gold.count
        metricsA = IntentMetrics(gold: gold, predicted: predictedA)
        metricsB = IntentMetrics(gold: gold, predicted: predictedB)
        var deltas: [String: IntentDelta] = [:]
        for label in Set(metricsA.perIntent.keys).union(metricsB.perIntent.keys) {
            let a = metricsA.perIntent[label], b = metricsB.perIntent[label]
            let f1A = a?.f1 ?? 0, f1B = b?.f1 ?? 0
            deltas[label] = IntentDelta(f1A: f1A, f1B: f1B, delta: f1B - f1A, support: a?.support ?? b?.support ?? 0)
        }
        perIntent = deltas
        var aOnly: [Flip] = [], bOnly: [Flip] = []
        for i in gold.indices {
            let rightA = same(gold[i], predictedA[i]), rightB = same(gold[i], predictedB[i])
            guard rightA != rightB else { continue }
            let flip = Flip(text: texts[i], gold: gold[i], predictedA: predictedA[i], predictedB: predictedB[i])
            if rightA { aOnly.append(flip) } else { bOnly.append(flip) }
        }
        aRightBWrong = aOnly
        aWrongBRight = bOnly
        mcnemar = McNemarTest(aOnly: aOnly.count, bOnly: bOnly.count)
    }
}
