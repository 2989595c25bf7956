/// Where callers plug in extra per-token features (built-in entities such as
/// "ent:date" come through here). The strings are hashed like the tagger's own
/// features, so a source must give the same strings at training and tagging time.
public protocol TokenFeatureSource: Sendable {
    /// One array of feature strings per token, in token order (empty arrays for none).
    func features(for tokens: [TagToken], in text: String) -> [[String]]
}
