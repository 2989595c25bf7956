import FrontlineML

/// Which examples are held out from every retrain: decided by a hash of the normalised
/// text, so an example stays on its side whatever else is added to or removed from the
/// data, and current and candidate models are always compared on the same utterances.
public enum FixedHoldout {
    /// One example in `modulus` is held out.
    public static func isHeldOut(_ text: String, modulus: UInt64 = 5) -> Bool {
        // FNV-1a: stable across runs and platforms, unlike Swift's seeded Hasher.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Tokenizer.normalize(text).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash % modulus == 0
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
