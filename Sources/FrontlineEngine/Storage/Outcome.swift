import Foundation

/// What an agent reports once a conversation is resolved: the material for retraining.
public struct OutcomeDraft: Sendable, Codable, Hashable {
    public var conversationId: String
    /// Corrections of the bot's readings of customer messages.
    public var corrections: [TurnCorrection]
    public var resolution: String?
    /// The knowledge-base article that resolved it, if one did.
    public var kbArticleId: String?
    /// The agent's verdict on the bot's handling (nil: no verdict).
    public var botWasRight: Bool?
    public var agentId: String?

    public init(
        conversationId: String,
        corrections: [TurnCorrection] = [],
        resolution: String? = nil,
        kbArticleId: String? = nil,
        botWasRight: Bool? = nil,
        agentId: String? = nil
    ) {
        self.conversationId = conversationId
        self.corrections = corrections
        self.resolution = resolution
        self.kbArticleId = kbArticleId
        self.botWasRight = botWasRight
        self.agentId = agentId
    }
}

/// The right reading of one customer message.
public struct TurnCorrection: Sendable, Codable, Hashable {
    /// The customer message's sequence number in the conversation.
    public var sequence: Int
    /// The message's text; the store fills it in when saving, so retraining needs no join.
    public var text: String?
    /// The correct intent (nil: the bot's intent was right).
    public var intent: String?
    /// The correct slots (nil: the bot's slots were right; empty: there were none).
    public var slots: [SlotCorrection]?

    public init(sequence: Int, text: String? = nil, intent: String? = nil, slots: [SlotCorrection]? = nil) {
        self.sequence = sequence
        self.text = text
        self.intent = intent
        self.slots = slots
    }
}

/// A slot value in a corrected message; offsets (half-open Unicode scalars) when known.
public struct SlotCorrection: Sendable, Codable, Hashable {
    public var slot: String
    public var value: String
    public var start: Int?
    public var end: Int?

    public init(slot: String, value: String, start: Int? = nil, end: Int? = nil) {
        self.slot = slot
        self.value = value
        self.start = start
        self.end = end
    }
}

/// A stored outcome.
public struct Outcome: Sendable, Codable, Hashable {
    /// Assigned by the store, increasing in the order outcomes were saved.
    public var id: Int
    public var conversationId: String
    public var corrections: [TurnCorrection]
    public var resolution: String?
    public var kbArticleId: String?
    public var botWasRight: Bool?
    public var agentId: String?
    public var createdAt: Date

    public init(id: Int, draft: OutcomeDraft, createdAt: Date) {
        self.id = id
        self.conversationId = draft.conversationId
        self.corrections = draft.corrections
        self.resolution = draft.resolution
        self.kbArticleId = draft.kbArticleId
        self.botWasRight = draft.botWasRight
        self.agentId = draft.agentId
        self.createdAt = createdAt
    }
}
