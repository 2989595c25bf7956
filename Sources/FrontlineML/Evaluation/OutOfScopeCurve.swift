/// Out-of-scope precision and recall as the gate's confidence threshold moves, with
/// everything else about the gate (the trained out-of-scope class, the margin) held fixed.
///
/// A prediction is out of scope at threshold t when it is rejected anyway (the
/// out-of-scope class won, or the top-2 margin is too small) or its top confidence is
/// below t. Precision is 0 when nothing is predicted out of scope (as `IntentMetrics`).
public struct OutOfScopeCurve: Sendable, Codable, Equatable {
    /// What the curve needs to know about one prediction.
    public struct Sample: Sendable, Equatable {
        public var topConfidence: Double
        public var rejectedAnyway: Bool
        public var goldIsOutOfScope: Bool

        public init(topConfidence: Double, rejectedAnyway: Bool, goldIsOutOfScope: Bool) {
            self.topConfidence = topConfidence
            self.rejectedAnyway = rejectedAnyway
            self.goldIsOutOfScope = goldIsOutOfScope
        }

        /// The sample of a classifier's prediction under `gate`.
        public init(prediction: IntentPrediction, gate: OutOfScopeGate, gold: String) {
            let top = prediction.ranking.first
            let second = prediction.ranking.dropFirst().first?.confidence ?? 0
            let topIsOutOfScope = top.map { OutOfScope.isOutOfScope($0.name) } ?? true
            let margin = (top?.confidence ?? 0) - second
            self.init(
                topConfidence: Double(top?.confidence ?? 0),
                rejectedAnyway: topIsOutOfScope || margin < gate.minMargin,
                goldIsOutOfScope: OutOfScope.isOutOfScope(gold))
        }
    }

    public struct Point: Sendable, Codable, Equatable {
        public var threshold: Double
        public var precision: Double
        public var recall: Double
    }

    /// The threshold the model uses.
    public var chosenThreshold: Double
    /// Precision and recall at the chosen threshold.
    public var chosen: Point
    /// Thresholds 0, 1/steps, …, 1.
    public var points: [Point]

    enum CodingKeys: String, CodingKey {
        case chosen, points
        case chosenThreshold = "chosen_threshold"
    }

    /// Nil when no gold example is out of scope: recall would be undefined everywhere.
    public init?(samples: [Sample], chosenThreshold: Double, steps: Int = 100) {
        precondition(steps > 0)
        let goldCount = samples.filter(\.goldIsOutOfScope).count
        guard goldCount > 0 else { return nil }
        func point(_ t: Double) -> Point {
            var predicted = 0
            var hits = 0
            for s in samples where s.rejectedAnyway || s.topConfidence < t {
                predicted += 1
                if s.goldIsOutOfScope { hits += 1 }
            }
            return Point(threshold: t, precision: predicted > 0 ? Double(hits) / Double(predicted) : 0,
                         recall: Double(hits) / Double(goldCount))
        }
        self.chosenThreshold = chosenThreshold
        chosen = point(chosenThreshold)
        points = (0...steps).map { point(Double($0) / Double(steps)) }
    }
}
