import Foundation

/// A joint intent × slot decision: among the classifier's best in-scope intents, the one
/// whose best slot frame explains the text best, scored
/// `log P(intent | text) + weight · log P(frame | text, intent)`.
///
/// It matters where intents share words but not slots ("play" music vs. a playlist): the
/// tagger, decoding with only one intent's slots, is sure for the right intent and unsure
/// for the wrong one. Kept off unless it measures better on validation frames.
public struct JointRerank: Sendable, Hashable, Codable {
    /// How many of the top in-scope intents are tried (each costs one tagger decode).
    public var candidates: Int
    /// The tagger's weight against the classifier.
    public var weight: Double

    public init(candidates: Int = 3, weight: Double = 1) {
        self.candidates = max(1, candidates)
        self.weight = weight
    }

    /// The chosen intent (an entry of `ranking`) and its frame; nil when the ranking has no
    /// in-scope intent.
    func choose(_ text: String, ranking: [IntentScore], tagger: SlotTagger) -> (intent: IntentScore, slots: [TaggedSlot])? {
        var best: (score: Double, intent: IntentScore, slots: [TaggedSlot])?
        for candidate in ranking.filter({ !OutOfScope.isOutOfScope($0.name) }).prefix(candidates) {
            let frame = tagger.bestFrame(text, intent: candidate.name)
            let score = log(Double(max(candidate.confidence, 1e-9))) + weight * frame.logProbability
            if best == nil || score > best!.score { best = (score, candidate, frame.slots) }
        }
        guard let best else { return nil }
        return (best.intent, best.slots)
    }
}
