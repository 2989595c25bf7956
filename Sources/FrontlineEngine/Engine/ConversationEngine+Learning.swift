import Foundation
import FrontlineML

/// Immediate learning: each accepted outcome goes into the serving model's outcome memory.
extension ConversationEngine {
    /// What one outcome taught.
    public struct LearnedOutcome: Sendable, Hashable, Codable {
        public var learned = 0
        public var duplicates = 0
        public var conflicts = 0
        /// Corrections naming an intent the domain does not declare, or no message.
        public var skipped = 0

        public init() {}

        mutating func count(_ result: OutcomeMemory.LearnResult) {
            switch result {
            case .learned: learned += 1
            case .duplicate: duplicates += 1
            case .conflict: conflicts += 1
            case .unknownIntent, .noFeatures: skipped += 1
            }
        }

        mutating func add(_ other: LearnedOutcome) {
            learned += other.learned
            duplicates += other.duplicates
            conflicts += other.conflicts
            skipped += other.skipped
        }
    }

    /// Teaches `memory` (default: the serving model's) the examples of one stored outcome, by
    /// the rules `frontline retrain` uses: each correction names a customer message; its
    /// intent (the agent's, or the bot's when the agent left it out) must be one the domain
    /// declares; a text labelled two ways is used by neither.
    @discardableResult
    public func learn(from outcome: Outcome, into memory: OutcomeMemory? = nil) async throws -> LearnedOutcome {
        var result = LearnedOutcome()
        guard let memory = memory ?? models.current.memory, !outcome.corrections.isEmpty else { return result }
        let messages = try await store.messages(conversationId: outcome.conversationId, after: 0, limit: Int.max)
        let bySequence = Dictionary(messages.map { ($0.sequence, $0) }) { a, _ in a }
        for correction in outcome.corrections {
            guard let message = bySequence[correction.sequence], message.role == .customer,
                  let intent = correction.intent ?? message.parse?.intent, domain.intent(intent) != nil else {
                result.skipped += 1
                continue
            }
            result.count(memory.learn(text: message.text, intent: intent))
        }
        return result
    }

    /// Replays stored outcomes into `memory`: those with ids above `afterId` (newer than what
    /// the model was trained with) and, with `heldOut`, older ones whose text the retrain held
    /// out (they never reached the model, so their immediate fix has to survive the retrain).
    /// One store query for all of them. Returns what they taught and the last outcome id seen.
    public func replayOutcomes(
        afterId: Int, into memory: OutcomeMemory, heldOut: (@Sendable (String) -> Bool)? = nil
    ) async throws -> (LearnedOutcome, lastId: Int) {
        var total = LearnedOutcome()
        var last = afterId
        for example in try await store.correctionExamples(afterId: heldOut == nil ? afterId : 0) {
            last = max(last, example.outcomeId)
            guard example.outcomeId > afterId || heldOut?(example.text) == true else { continue }
            guard let intent = example.intent, domain.intent(intent) != nil else {
                total.skipped += 1
                continue
            }
            total.count(memory.learn(text: example.text, intent: intent))
        }
        return (total, last)
    }
}
