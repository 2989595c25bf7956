/// Chooses the out-of-scope gate's thresholds on held-out data.
///
/// Every (confidence, margin) pair on a grid is scored on the held-out
/// predictions, and the rule is the same whatever the share of out-of-scope
/// traffic (which differs between validation data and real chats): take the
/// gate that catches the most out-of-scope examples while costing at most
/// `maxAccuracyLoss` of in-scope accuracy against no gate at all. Ties go to the
/// higher in-scope accuracy. Held-out data without out-of-scope examples gives
/// no evidence for a gate, so the gate stays open: rejecting confident-enough
/// in-scope answers would only cost accuracy (measured on SNIPS: 15 of 27 test
/// errors were such rejections). Low confidence is then the dialogue policy's call.
public enum OutOfScopeGateTuner {
    public struct Settings: Sendable, Hashable, Codable {
        /// Fraction of in-scope accuracy the gate may cost (0.005 = half a point).
        public var maxAccuracyLoss: Float
        public var confidenceGrid: [Float]
        public var marginGrid: [Float]

        public init(
            maxAccuracyLoss: Float = 0.005,
            confidenceGrid: [Float] = stride(from: 0, through: 0.9, by: 0.005).map { Float($0) },
            marginGrid: [Float] = stride(from: 0, through: 0.3, by: 0.01).map { Float($0) }
        ) {
            self.maxAccuracyLoss = maxAccuracyLoss
            self.confidenceGrid = confidenceGrid
            self.marginGrid = marginGrid
        }
    }

    public static func tune(_ classifier: IntentClassifier, on data: [Utterance], settings: Settings) -> OutOfScopeGate {
        tune(
            probabilities: classifier.probabilities(batch: data.map(\.text)), gold: data.map(\.intent),
            labels: classifier.labels, settings: settings)
    }

    public static func tune(
        probabilities: [[Float]], gold: [String], labels: [String], settings: Settings
    ) -> OutOfScopeGate {
        let outOfScopeClass = labels.firstIndex(where: OutOfScope.isOutOfScope)
        struct Row { var top: Float; var margin: Float; var topIsOOS: Bool; var correct: Bool; var isOOS: Bool }
        let rows: [Row] = zip(probabilities, gold).map { p, g in
            let (best, second) = IntentClassifier.topTwo(p)
            return Row(
                top: p[best], margin: p[best] - (second.map { p[$0] } ?? 0), topIsOOS: best == outOfScopeClass,
                correct: labels[best] == g, isOOS: OutOfScope.isOutOfScope(g))
        }
        guard rows.contains(where: \.isOOS) else { return OutOfScopeGate() }
        // Counts under a gate: in-scope examples kept and right, and out-of-scope ones caught.
        func evaluate(_ t: Float, _ m: Float) -> (correct: Int, caught: Int) {
            var correct = 0, caught = 0
            for r in rows {
                let flagged = r.topIsOOS || r.top < t || r.margin < m
                if r.isOOS {
                    if flagged { caught += 1 }
                } else if !flagged && r.correct {
                    correct += 1
                }
            }
            return (correct, caught)
        }
        let inScope = rows.filter { !$0.isOOS }.count
        let floor = Float(evaluate(0, 0).correct) - settings.maxAccuracyLoss * Float(inScope)
        var best = OutOfScopeGate()
        var bestKey = (caught: -1, correct: -1)
        for t in settings.confidenceGrid {
            for m in settings.marginGrid {
                let (correct, caught) = evaluate(t, m)
                guard Float(correct) >= floor - 1e-3 else { continue }
                if caught > bestKey.caught || (caught == bestKey.caught && correct > bestKey.correct) {
                    bestKey = (caught, correct)
                    best = OutOfScopeGate(minConfidence: t, minMargin: m)
                }
            }
        }
        return best
    }
}
