/// Everything one engine turn writes, committed together or not at all.
public struct TurnCommit: Sendable, Hashable {
    public var conversationId: String
    /// The `Conversation.revision` the engine computed this turn from.
    public var expectedRevision: Int
    /// The customer message this turn answers (nil for a turn nobody asked for, such as
    /// a proactive message). It is marked answered, so the turn can't be committed twice.
    public var replyingTo: Int?
    /// The customer message itself, when it is not stored yet: the store writes it in the
    /// same transaction (creating the conversation when new), with `replyingTo` as its
    /// sequence number. One durable commit per turn instead of two; the engine stores the
    /// message first instead whenever an action with side effects runs before the commit.
    public var customerMessage: NewCustomerMessage?
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
        customerMessage: NewCustomerMessage? = nil,
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
        self.customerMessage = customerMessage
        self.customerParse = customerParse
        self.replies = replies
        self.state = state
        self.status = status
        self.handoff = handoff
        self.remember = remember
        self.events = events
    }
}

/// A customer message a turn commits together with its answer (see `TurnCommit.customerMessage`).
public struct NewCustomerMessage: Sendable, Hashable {
    /// The conversation's channel and customer, used when the commit creates it (or
    /// attaches the customer to a conversation that has none), as `createOrLoad` does.
    public var channel: String
    public var customerId: String?
    public var text: String
    public var clientMessageId: String?

    public init(channel: String, customerId: String?, text: String, clientMessageId: String?) {
        self.channel = channel
        self.customerId = customerId
        self.text = text
        self.clientMessageId = clientMessageId
    }
}

/// What a turn starts from, read in one go (see `ConversationStore.beginTurn`).
public struct TurnStart: Sendable, Hashable {
    /// The conversation as it stands, nil when it does not exist yet.
    public var conversation: Conversation?
    /// What is remembered about the conversation's customer (or the message's, for a
    /// conversation without one).
    public var profile: CustomerProfile?
    /// The customer message when it is stored already: the original of a retry
    /// (`isDuplicate`), or the new message of a store that writes it up front.
    public var stored: AppendedMessage?

    public init(conversation: Conversation?, profile: CustomerProfile?, stored: AppendedMessage?) {
        self.conversation = conversation
        self.profile = profile
        self.stored = stored
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
