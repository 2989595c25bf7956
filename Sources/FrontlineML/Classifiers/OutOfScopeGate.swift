/// Decides when the top intent is not good enough to act on.
///
/// Out of scope when the trained out-of-scope class wins, when the top
/// probability is under `minConfidence`, or when it leads the runner-up by less
/// than `minMargin`. Both thresholds are tuned on held-out data and saved with the model.
public struct OutOfScopeGate: Sendable, Hashable, Codable {
    public var minConfidence: Float
    public var minMargin: Float

    public enum Reason: String, Sendable, Hashable, Codable {
        case outOfScopeClass = "out_of_scope_class"
        case lowConfidence = "low_confidence"
        case smallMargin = "small_margin"
    }

    public init(minConfidence: Float = 0, minMargin: Float = 0) {
        self.minConfidence = minConfidence
        self.minMargin = minMargin
    }

    public func decide(top: Float, second: Float, topIsOutOfScope: Bool) -> Reason? {
        if topIsOutOfScope { return .outOfScopeClass }
        if top < minConfidence { return .lowConfidence }
        if top - second < minMargin { return .smallMargin }
        return nil
    }
}
