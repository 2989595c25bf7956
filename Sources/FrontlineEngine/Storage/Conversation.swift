import Foundation

/// Who is in charge of a conversation.
public enum ConversationStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// The bot answers.
    case bot
    /// Waiting in a queue for a person; the bot no longer answers.
    case handoff
    /// A person has accepted the conversation.
    case agent
    case closed
}

/// One conversation as the chat server knows it, with the engine's state for it.
public struct Conversation: Sendable, Codable, Hashable {
    /// Chosen by the chat server; unique across channels.
    public var id: String
    /// Where the conversation happens ("web", "sms", "whatsapp"…).
    public var channel: String
    /// The customer, when the chat server knows them; the key for cross-channel history.
    public var customerId: String?
    public var status: ConversationStatus
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped by every committed turn and handoff change. `commitTurn` is refused when
    /// the caller's revision is stale, so two turns computed from the same state can't
    /// silently overwrite each other.
    public var revision: Int
    /// The sequence number of the newest message (0 when there is none).
    public var lastSequence: Int
    public var state: ConversationState

    public init(
        id: String,
        channel: String,
        customerId: String?,
        status: ConversationStatus,
        createdAt: Date,
        updatedAt: Date,
        revision: Int,
        lastSequence: Int,
        state: ConversationState
    ) {
        self.id = id
        self.channel = channel
        self.customerId = customerId
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revision = revision
        self.lastSequence = lastSequence
        self.state = state
    }
}
