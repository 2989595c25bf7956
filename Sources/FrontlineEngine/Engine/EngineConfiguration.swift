import Foundation

/// Engine settings that are not part of the assistant's domain.
public struct EngineConfiguration: Sendable {
    /// Relative dates in customer messages resolve in this zone.
    public var timeZone: TimeZone
    /// A different intent at least this confident leaves an active form (a topic change).
    public var topicChangeConfidence: Double
    /// The same while the form waits for free text (an address, a description): almost any
    /// answer resembles some intent ("12 High Street, Leeds" reads as a store question), so
    /// only a clear change of topic leaves the form.
    public var freeTextTopicChangeConfidence: Double
    /// How many of the customer's messages on other channels go into a handoff summary.
    public var otherChannelHistory: Int
    /// How many times a turn is recomputed after losing a race to another writer.
    public var conflictRetries: Int
    /// Free-text slot answers are cut to this many characters.
    public var maxFreeTextLength: Int
    /// "Now" for the engine's own timing (how often a waiting customer hears from the bot).
    /// Tests inject one; the stores take theirs separately.
    public var clock: StoreClock

    public init(
        timeZone: TimeZone = .current, topicChangeConfidence: Double = 0.6, freeTextTopicChangeConfidence: Double = 0.85,
        otherChannelHistory: Int = 5,
        conflictRetries: Int = 2, maxFreeTextLength: Int = 500, clock: StoreClock = .system
    ) {
        self.clock = clock
        self.timeZone = timeZone
        self.topicChangeConfidence = topicChangeConfidence
        self.freeTextTopicChangeConfidence = freeTextTopicChangeConfidence
        self.otherChannelHistory = otherChannelHistory
        self.conflictRetries = conflictRetries
        self.maxFreeTextLength = maxFreeTextLength
    }
}
