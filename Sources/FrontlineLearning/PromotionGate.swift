/// Whether a candidate model may replace the current one.
public struct PromotionGate: Sendable, Codable, Hashable {
    /// How much accuracy (0–1) the candidate may lose and still be promoted.
    public var tolerance: Double

    public init(tolerance: Double = 0.01) {
        self.tolerance = tolerance
    }

    public struct Decision: Sendable, Codable, Hashable {
        public var promote: Bool
        public var reasons: [String]
    }

    /// The candidate must not be worse beyond the tolerance on the whole held-out set, nor
    /// on the training data's part of it alone: outcomes labelled wrongly make a candidate
    /// "better" on the outcomes' own held-out slice, but worse on the trusted data.
    public func decide(current: Scores, candidate: Scores) -> Decision {
        var reasons: [String] = []
        func check(_ name: String, _ a: Double?, _ b: Double?) {
            guard let a, let b else { return }
            if b < a - tolerance {
                reasons.append(String(format: "%@ accuracy %.2f%% is below the current %.2f%% by more than %.2f points", name, b * 100, a * 100, tolerance * 100))
            }
        }
        check("held-out", current.overall, candidate.overall)
        check("training-data held-out", current.trainingHoldout, candidate.trainingHoldout)
        return Decision(promote: reasons.isEmpty, reasons: reasons)
    }

    public struct Scores: Sendable, Codable, Hashable {
        public var overall: Double
        public var trainingHoldout: Double?
        public var outcomeHoldout: Double?

        public init(overall: Double, trainingHoldout: Double?, outcomeHoldout: Double?) {
            self.overall = overall
            self.trainingHoldout = trainingHoldout
            self.outcomeHoldout = outcomeHoldout
        }
    }
}
