/// What the engine answers to one customer message.
public struct EngineReply: Sendable, Hashable, Codable {
    public var conversationId: String
    /// What the bot says, in order, with how each is meant to be shown; empty while people are in charge.
    public var messages: [OutgoingMessage]
    /// Who is in charge after this message.
    public var status: ConversationStatus
    /// The NLU's reading of the customer message (nil for a retry whose original has none).
    public var parse: MessageParse?
    /// Set when this message handed the conversation to people.
    public var handoff: HandoffNotice?
    /// True when the message was a retry (a known `clientMessageId`). When the original was
    /// answered, `replies` are that answer; when its turn never committed (a crash), this is it.
    public var duplicate: Bool

    public init(
        conversationId: String, messages: [OutgoingMessage], status: ConversationStatus, parse: MessageParse?,
        handoff: HandoffNotice? = nil, duplicate: Bool = false
    ) {
        self.conversationId = conversationId
        self.messages = messages
        self.status = status
        self.parse = parse
        self.handoff = handoff
        self.duplicate = duplicate
    }

    /// The replies' texts.
    public var replies: [String] { messages.map(\.text) }
}

/// The part of a new handoff the chat server needs to route it.
public struct HandoffNotice: Sendable, Hashable, Codable {
    public var id: String
    /// `HandoffReason` raw value.
    public var reason: String
    public var queue: String
    public var summary: String
    public var expectedWaitMinutes: Int

    public init(id: String, reason: String, queue: String, summary: String, expectedWaitMinutes: Int) {
        self.id = id
        self.reason = reason
        self.queue = queue
        self.summary = summary
        self.expectedWaitMinutes = expectedWaitMinutes
    }
}
