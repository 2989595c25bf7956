import Foundation

/// What the conversation report reads from a store: the facts of the conversations that
/// started in a range, and the model releases. Kept apart from `ConversationStore` so a
/// store can serve reports without the message path, and small so another store (e.g.
/// PostgreSQL) implements it with a handful of indexed queries.
public protocol ConversationFactSource: Sendable {
    func conversationFacts(_ query: FactQuery) async throws -> ConversationFacts
}

/// Which conversations: those whose first message falls in `[start, end)`, on `channel`
/// when given.
public struct FactQuery: Sendable, Hashable {
    public var start: Date?
    public var end: Date?
    public var channel: String?
    /// Customer texts are returned (for the review queue) only for messages the bot was
    /// unsure of: out of scope, or parsed below this confidence.
    public var unsureBelow: Double

    public init(start: Date? = nil, end: Date? = nil, channel: String? = nil, unsureBelow: Double) {
        self.start = start
        self.end = end
        self.channel = channel
        self.unsureBelow = unsureBelow
    }
}

public struct ConversationFacts: Sendable, Hashable {
    /// Oldest first (by start, then id).
    public var conversations: [ConversationFact]
    /// Every recorded promotion, oldest first, whatever the range.
    public var releases: [ReleaseFact]
    /// Outcomes saved after the newest release's training data was taken (all, when none).
    public var outcomesWaitingForRetrain: Int
    /// The store's schema version: turn events exist only from version 4 on.
    public var schemaVersion: Int

    public init(conversations: [ConversationFact], releases: [ReleaseFact], outcomesWaitingForRetrain: Int, schemaVersion: Int) {
        self.conversations = conversations
        self.releases = releases
        self.outcomesWaitingForRetrain = outcomesWaitingForRetrain
        self.schemaVersion = schemaVersion
    }
}

public struct ConversationFact: Sendable, Hashable {
    public var id: String
    public var channel: String
    public var startedAt: Date
    public var status: ConversationStatus
    /// Customer messages, in order.
    public var messages: [CustomerMessageFact]
    /// Articles the bot quoted, in order.
    public var articles: [ArticleShownFact]
    /// Handoffs, oldest first.
    public var handoffs: [HandoffFact]
    /// Turn events, in the order they were written.
    public var events: [EventFact]
    public var outcomes: [OutcomeFact]

    public init(
        id: String, channel: String, startedAt: Date, status: ConversationStatus, messages: [CustomerMessageFact] = [],
        articles: [ArticleShownFact] = [], handoffs: [HandoffFact] = [], events: [EventFact] = [], outcomes: [OutcomeFact] = []
    ) {
        self.id = id
        self.channel = channel
        self.startedAt = startedAt
        self.status = status
        self.messages = messages
        self.articles = articles
        self.handoffs = handoffs
        self.events = events
        self.outcomes = outcomes
    }
}

public struct CustomerMessageFact: Sendable, Hashable {
    public var sequence: Int
    public var at: Date
    /// The bot's reading; nil when the message was never answered by the bot (people in charge).
    public var intent: String?
    public var confidence: Double?
    public var outOfScope: Bool
    /// One of the bot's replies to it was a fallback ("could you rephrase?").
    public var fallback: Bool
    /// The text, only when out of scope or below `FactQuery.unsureBelow`.
    public var unsureText: String?

    public init(sequence: Int, at: Date, intent: String?, confidence: Double?, outOfScope: Bool, fallback: Bool, unsureText: String?) {
        self.sequence = sequence
        self.at = at
        self.intent = intent
        self.confidence = confidence
        self.outOfScope = outOfScope
        self.fallback = fallback
        self.unsureText = unsureText
    }
}

public struct ArticleShownFact: Sendable, Hashable {
    public var sequence: Int
    public var at: Date
    public var articleId: String
    public var title: String

    public init(sequence: Int, at: Date, articleId: String, title: String) {
        self.sequence = sequence
        self.at = at
        self.articleId = articleId
        self.title = title
    }
}

public struct HandoffFact: Sendable, Hashable {
    public var reason: String
    public var queue: String
    public var status: HandoffStatus
    public var createdAt: Date

    public init(reason: String, queue: String, status: HandoffStatus, createdAt: Date) {
        self.reason = reason
        self.queue = queue
        self.status = status
        self.createdAt = createdAt
    }
}

public struct EventFact: Sendable, Hashable {
    public var sequence: Int?
    public var event: TurnEvent

    public init(sequence: Int?, event: TurnEvent) {
        self.sequence = sequence
        self.event = event
    }
}

public struct OutcomeFact: Sendable, Hashable {
    public var id: Int
    public var botWasRight: Bool?
    /// The customer messages whose reading an agent corrected (intent or slots).
    public var correctedSequences: [Int]

    public init(id: Int, botWasRight: Bool?, correctedSequences: [Int]) {
        self.id = id
        self.botWasRight = botWasRight
        self.correctedSequences = correctedSequences
    }
}

public struct ReleaseFact: Sendable, Hashable {
    public var name: String
    public var promotedAt: Date
    public var lastOutcomeId: Int

    public init(name: String, promotedAt: Date, lastOutcomeId: Int) {
        self.name = name
        self.promotedAt = promotedAt
        self.lastOutcomeId = lastOutcomeId
    }
}
