import Foundation

/// Who said a message.
public enum MessageRole: String, Sendable, Codable, Hashable, CaseIterable {
    case customer, bot, agent, system
}

/// One stored message. `(conversationId, sequence)` identifies it; sequences start at 1
/// and have no gaps within a conversation.
public struct Message: Sendable, Codable, Hashable {
    public var conversationId: String
    public var sequence: Int
    public var role: MessageRole
    public var text: String
    /// The conversation's channel when the message was stored.
    public var channel: String
    public var createdAt: Date
    /// The NLU's reading of a customer message, once the turn that answered it is committed.
    public var parse: MessageParse?
    /// The chat server's own id for the message; a repeat is recognised, not stored twice.
    public var clientMessageId: String?
    /// For messages written by a turn: the sequence of the customer message they answer.
    public var replyTo: Int?
    /// For bot messages: how the reply is meant to be shown.
    public var details: ReplyDetails?

    public init(
        conversationId: String,
        sequence: Int,
        role: MessageRole,
        text: String,
        channel: String,
        createdAt: Date,
        parse: MessageParse? = nil,
        clientMessageId: String? = nil,
        replyTo: Int? = nil,
        details: ReplyDetails? = nil
    ) {
        self.conversationId = conversationId
        self.sequence = sequence
        self.role = role
        self.text = text
        self.channel = channel
        self.createdAt = createdAt
        self.parse = parse
        self.clientMessageId = clientMessageId
        self.replyTo = replyTo
        self.details = details
    }
}

/// What appending a message produced.
public struct AppendedMessage: Sendable, Hashable {
    /// The stored message: the new one, or the original when `isDuplicate`.
    public var message: Message
    /// True when `clientMessageId` had been seen before; nothing was written.
    public var isDuplicate: Bool
    /// For a duplicate: whether the turn answering the original was already committed.
    /// When false, the original is still being (or was never) processed.
    public var turnCommitted: Bool
    /// For a duplicate whose turn was committed: the messages that turn stored, to be
    /// returned to the chat server instead of answering a second time.
    public var replies: [Message]

    public init(message: Message, isDuplicate: Bool, turnCommitted: Bool, replies: [Message]) {
        self.message = message
        self.isDuplicate = isDuplicate
        self.turnCommitted = turnCommitted
        self.replies = replies
    }
}
