/// What the engine answers to one customer message.
public struct EngineReply: Sendable, Hashable, Codable {
    public var conversationId: String
    /// What the bot said, as stored (sequence numbers, how each is meant to be shown);
    /// empty while people are in charge.
    public var messages: [Message]
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
        conversationId: String, messages: [Message], status: ConversationStatus, parse: MessageParse?,
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

/// The handoff a message created, as the turn committed it: the response, the outbox and
/// `frontline chat` build on this value instead of reading it back.
public struct HandoffNotice: Sendable, Hashable, Codable {
    public var record: Handoff
    public var reason: HandoffReason
    public var expectedWaitMinutes: Int

    public var id: String { record.id }
    public var queue: String { record.queue }
    public var summary: String { record.summary }

    public init(_ record: Handoff, reason: HandoffReason, expectedWaitMinutes: Int) {
        self.record = record
        self.reason = reason
        self.expectedWaitMinutes = expectedWaitMinutes
    }
}
