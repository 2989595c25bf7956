import Foundation

/// Which learner produced a classifier's scores.
public enum IntentAlgorithm: String, Sendable, Codable, CaseIterable {
    case naiveBayes = "nb"
    case logisticRegression = "logreg"
}

/// One intent and how sure the classifier is of it.
public struct IntentScore: Sendable, Hashable, Codable {
    public var name: String
    public var confidence: Float

    public init(name: String, confidence: Float) {
        self.name = name
        self.confidence = confidence
    }
}

public struct IntentPrediction: Sendable, Hashable {
    /// The decided intent: the out-of-scope label when the gate rejects the top intent.
    public var intent: IntentScore
    /// The best intents by probability (the out-of-scope class included when trained).
    public var ranking: [IntentScore]
    public var outOfScope: Bool
    /// Why the gate decided out of scope (nil when in scope).
    public var outOfScopeReason: OutOfScopeGate.Reason?
}

/// Text in, intent out: featuriser, linear scores, softmax and the out-of-scope gate.
public struct IntentClassifier: Sendable {
    public let labels: [String]
    public let featurizer: TextFeaturizer
    public let algorithm: IntentAlgorithm
    public var scores: LinearScores
    /// Naive-Bayes totals, kept when the algorithm is NB so examples can be added online.
    public var naiveBayes: NaiveBayes?
    public var gate: OutOfScopeGate
    /// Index of the trained out-of-scope class, if the data had one.
    public let outOfScopeClass: Int?
    /// The label reported for out-of-scope predictions.
    public let outOfScopeLabel: String

    public init(
        labels: [String], featurizer: TextFeaturizer, algorithm: IntentAlgorithm, scores: LinearScores,
        naiveBayes: NaiveBayes? = nil, gate: OutOfScopeGate = OutOfScopeGate()
    ) {
        precondition(scores.classCount == labels.count && scores.featureCount == featurizer.featureCount)
        self.labels = labels
        self.featurizer = featurizer
        self.algorithm = algorithm
        self.scores = scores
        self.naiveBayes = naiveBayes
        self.gate = gate
        let oos = labels.firstIndex(where: OutOfScope.isOutOfScope)
        outOfScopeClass = oos
        outOfScopeLabel = oos.map { labels[$0] } ?? OutOfScope.defaultLabel
    }

    public var classCount: Int { labels.count }

    /// Class probabilities of one text (sum to 1).
    public func probabilities(_ text: String) -> [Float] {
        probabilities(featurizer.transform(text))
    }

    public func probabilities(_ x: SparseVector) -> [Float] {
        [Float](unsafeUninitializedCapacity: classCount) { buffer, count in
            if let p = buffer.baseAddress {
                scores.scores(x, into: p)
                Softmax.apply(p, classCount)
            }
            count = classCount
        }
    }

    public func predict(_ text: String, top: Int = 5) -> IntentPrediction {
        decide(probabilities: probabilities(text), top: top)
    }

    /// Ranking and gate decision from class probabilities.
    public func decide(probabilities p: [Float], top: Int = 5) -> IntentPrediction {
        let (best, second) = Self.topTwo(p)
        let decision = gate.decide(
            top: p[best], second: second.map { p[$0] } ?? 0,
            topIsOutOfScope: best == outOfScopeClass)
        let ranking = Self.topIndices(p, count: top).map { IntentScore(name: labels[$0], confidence: p[$0]) }
        if let reason = decision {
            let confidence = outOfScopeClass.map { p[$0] } ?? (1 - p[best])
            return IntentPrediction(
                intent: IntentScore(name: outOfScopeLabel, confidence: best == outOfScopeClass ? p[best] : confidence),
                ranking: ranking, outOfScope: true, outOfScopeReason: reason)
        }
        return IntentPrediction(
            intent: IntentScore(name: labels[best], confidence: p[best]),
            ranking: ranking, outOfScope: false, outOfScopeReason: nil)
    }

    static func topTwo(_ p: [Float]) -> (Int, Int?) {
        var best = 0
        var second: Int? = nil
        for c in 1..<max(p.count, 1) {
            if p[c] > p[best] {
                second = best
                best = c
            } else if second == nil || p[c] > p[second!] {
                second = c
            }
        }
        return (best, second)
    }

    /// Indices of the `count` largest values, largest first (ties by index).
    static func topIndices(_ p: [Float], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        var top: [Int] = []
        for c in p.indices {
            if top.count < count || p[c] > p[top[top.count - 1]] {
                var pos = top.count
                while pos > 0 && p[top[pos - 1]] < p[c] { pos -= 1 }
                top.insert(c, at: pos)
                if top.count > count { top.removeLast() }
            }
        }
        return top
    }
}
