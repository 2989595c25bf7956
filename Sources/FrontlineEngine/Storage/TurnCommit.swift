/// Everything one engine turn writes, committed together or not at all.
public struct TurnCommit: Sendable, Hashable {
    public var conversationId: String
    /// The `Conversation.revision` the engine computed this turn from.
    public var expectedRevision: Int
    /// The customer message this turn answers (nil for a turn nobody asked for, such as
    /// a proactive message). It is marked answered, so the turn can't be committed twice.
    public var replyingTo: Int?
    /// The NLU's reading of that customer message, stored on it.
    public var customerParse: MessageParse?
    /// What the bot says, in order.
    public var replies: [OutgoingMessage]
    public var state: ConversationState
    public var status: ConversationStatus
    /// Set to hand the conversation to people; `status` must then be `.handoff`.
    public var handoff: HandoffDraft?
    /// Slot values to remember in the customer's profile, in the same transaction
    /// (one commit per turn instead of one per slot).
    public var remember: [ProfileUpdate]
    /// What the turn did to forms and article feedback (stored for the conversation report).
    public var events: [TurnEvent]

    public init(
        conversationId: String,
        expectedRevision: Int,
        replyingTo: Int?,
        customerParse: MessageParse? = nil,
        replies: [OutgoingMessage],
        state: ConversationState,
        status: ConversationStatus,
        handoff: HandoffDraft? = nil,
        remember: [ProfileUpdate] = [],
        events: [TurnEvent] = []
    ) {
        self.conversationId = conversationId
        self.expectedRevision = expectedRevision
        self.replyingTo = replyingTo
        self.customerParse = customerParse
        self.replies = replies
        self.state = state
        self.status = status
        self.handoff = handoff
        self.remember = remember
        self.events = events
    }
}

/// One slot value for a customer's profile (see `ConversationStore.remember`).
public struct ProfileUpdate: Sendable, Hashable {
    public var customerId: String
    public var slot: String
    public var value: String
    public var channel: String

    public init(customerId: String, slot: String, value: String, channel: String) {
        self.customerId = customerId
        self.slot = slot
        self.value = value
        self.channel = channel
    }
}

/// What opening a turn produced: the stored customer message and the conversation it
/// belongs to, as of just after the message was appended.
public struct OpenedTurn: Sendable, Hashable {
    public var conversation: Conversation
    public var appended: AppendedMessage

    public init(conversation: Conversation, appended: AppendedMessage) {
        self.conversation = conversation
        self.appended = appended
    }
}

/// A message a turn writes: the bot's words, or a system note ("connecting you…").
public struct OutgoingMessage: Sendable, Codable, Hashable {
    public var role: MessageRole
    public var text: String
    /// How a bot message is meant to be shown (nil for agents' and system messages).
    public var details: ReplyDetails?

    public init(role: MessageRole = .bot, text: String, details: ReplyDetails? = nil) {
        self.role = role
        self.text = text
        self.details = details
    }
}

/// What a committed turn stored.
public struct CommittedTurn: Sendable, Hashable {
    /// The conversation after the turn (new state, status and revision).
    public var conversation: Conversation
    /// The stored replies, with their sequence numbers.
    public var replies: [Message]
    public var handoff: Handoff?

    public init(conversation: Conversation, replies: [Message], handoff: Handoff?) {
        self.conversation = conversation
        self.replies = replies
        self.handoff = handoff
    }
}
