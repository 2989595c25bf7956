import FrontlineML

/// Which examples are held out from every retrain: decided by a hash of the normalised
/// text, so an example stays on its side whatever else is added to or removed from the
/// data, and current and candidate models are always compared on the same utterances.
public enum FixedHoldout {
    /// One example in `modulus` is held out.
    public static func isHeldOut(_ text: String, modulus: UInt64 = 5) -> Bool {
        FNV1a.hash(bytes: Tokenizer.normalize(text).utf8) % modulus == 0
    }

    /// (train, holdout).
    public static func split(_ data: [Utterance], modulus: UInt64 = 5) -> ([Utterance], [Utterance]) {
        var train: [Utterance] = []
        var holdout: [Utterance] = []
        for utterance in data {
            if isHeldOut(utterance.text, modulus: modulus) { holdout.append(utterance) } else { train.append(utterance) }
        }
        return (train, holdout)
    }
}
