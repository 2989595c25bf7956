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

    /// Class probabilities of many texts, featurised together (the dense block in one batch).
    public func probabilities(batch texts: [String], workers: Int = Parallel.defaultWorkers) -> [[Float]] {
        let x = featurizer.transform(texts, workers: workers)
        return (0..<texts.count).map { probabilities(x.row($0)) }
    }

    /// Computes the dense block of `texts` in one batch, so that per-text predictions
    /// after it find them in the embedder's cache. Does nothing for n-gram-only models.
    public func prepare(_ texts: [String]) {
        _ = featurizer.embedder?.embed(texts)
    }

    public func predict(_ text: String, top: Int = 5) -> IntentPrediction {
        decide(probabilities: probabilities(text), top: top)
    }

    /// Predictions for many texts on the calling thread: the same answers as
    /// `predict` one by one (up to float rounding), with the frequent features
    /// scored for a whole block of texts by one BLAS product.
    public func predict(batch texts: [String], top: Int = 5, blockSize: Int = 256) -> [IntentPrediction] {
        var predictions: [IntentPrediction] = []
        predictions.reserveCapacity(texts.count)
        let k = classCount
        var start = 0
        var probabilities = [Float](repeating: 0, count: max(1, min(blockSize, texts.count)) * k)
        while start < texts.count {
            let end = min(texts.count, start + max(1, blockSize))
            let x = featurizer.transform(Array(texts[start..<end]), workers: 1)
            probabilities.withUnsafeMutableBufferPointer { p in
                scores.scores(batch: x, into: p.baseAddress!, denseColumns: featurizer.denseWidth + LinearScores.batchDenseColumns)
                for r in 0..<(end - start) { Softmax.apply(p.baseAddress! + r * k, k) }
            }
            for r in 0..<(end - start) {
                probabilities.withUnsafeBufferPointer { p in
                    predictions.append(decide(probabilities: UnsafeBufferPointer(rebasing: p[(r * k)..<(r * k + k)]), top: top))
                }
            }
            start = end
        }
        return predictions
    }

    /// Ranking and gate decision from class probabilities.
    public func decide(probabilities p: [Float], top: Int = 5) -> IntentPrediction {
        p.withUnsafeBufferPointer { decide(probabilities: $0, top: top) }
    }

    public func decide(probabilities p: UnsafeBufferPointer<Float>, top: Int = 5) -> IntentPrediction {
        decide(probabilities: p, labels: labels, top: top)
    }

    /// The same decision over `labels`, which start with this classifier's own and may go on
    /// with more (intents an `OutcomeMemory` learned that the model lacks).
    public func decide(probabilities p: UnsafeBufferPointer<Float>, labels: [String], top: Int = 5) -> IntentPrediction {
        precondition(p.count == labels.count && labels.count >= classCount)
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
        p.withUnsafeBufferPointer { topTwo($0) }
    }

    static func topTwo(_ p: UnsafeBufferPointer<Float>) -> (Int, Int?) {
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
        p.withUnsafeBufferPointer { topIndices($0, count: count) }
    }

    static func topIndices(_ p: UnsafeBufferPointer<Float>, count: Int) -> [Int] {
        let count = min(count, p.count)
        guard count > 0 else { return [] }
        // A small sorted window; most values fail the first comparison.
        var top = [Int](repeating: 0, count: count)
        var filled = 0
        top.withUnsafeMutableBufferPointer { top in
            for c in 0..<p.count {
                let v = p[c]
                if filled == count && !(v > p[top[count - 1]]) { continue }
                var pos = filled == count ? count - 1 : filled
                while pos > 0 && p[top[pos - 1]] < v {
                    top[pos] = top[pos - 1]
                    pos -= 1
                }
                top[pos] = c
                if filled < count { filled += 1 }
            }
        }
        return top
    }
}
