/// Everything that decides how a slot tagger is trained; saved in its manifest.
/// Defaults were chosen on SNIPS `valid` (see `frontline bench-slots`).
public struct SlotTaggerSettings: Sendable, Hashable, Codable {
    public enum Algorithm: String, Sendable, Codable, CaseIterable {
        /// Linear-chain CRF trained by L-BFGS (the default).
        case crf
        /// Averaged structured perceptron.
        case perceptron
    }

    public var algorithm: Algorithm = .crf
    /// CRF: L2 penalty λ in NLL + λ/2·‖θ‖².
    public var l2: Float = 0.1
    /// CRF: L-BFGS iterations and history.
    public var maxIterations: Int = 100
    public var history: Int = 6
    /// Perceptron: passes over the data.
    public var epochs: Int = 10
    public var seed: UInt64 = 42
    /// Intent features (alone and conjoined with words).
    public var intentFeatures: Bool = true
    /// Training-value gazetteer features.
    public var gazetteer: Bool = true
    /// Training utterances get gazetteer features from values outside their fold
    /// (utterance index mod folds); 1 uses the full gazetteer everywhere.
    public var gazetteerFolds: Int = 10
    /// Decode only the slots an intent had in training (when the intent is given and known).
    public var restrictToIntentSlots: Bool = true
    /// Features seen fewer times in training are dropped.
    public var minFeatureCount: Int = 1

    public init() {}
}
