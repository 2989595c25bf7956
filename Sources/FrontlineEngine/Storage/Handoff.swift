import Foundation

/// Where a handoff is in its life.
///
/// ```
/// open ──accept──▶ accepted ──return──▶ returned   (the bot takes over again)
///   │                 │
///   ├──return─────────┼────────────────▶ returned   (nobody picked it up)
///   └──close──────────┴──close─────────▶ closed     (resolved; the conversation closes)
/// ```
public enum HandoffStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case open, accepted, returned, closed

    /// Open and accepted handoffs are active: a conversation has at most one.
    public var isActive: Bool { self == .open || self == .accepted }

    /// Whether the lifecycle allows going from `self` to `next`.
    public func canMove(to next: HandoffStatus) -> Bool {
        switch (self, next) {
        case (.open, .accepted), (.open, .returned), (.open, .closed),
             (.accepted, .returned), (.accepted, .closed):
            true
        default:
            false
        }
    }

    /// The conversation status that goes with a handoff in this status.
    public var conversationStatus: ConversationStatus {
        switch self {
        case .open: .handoff
        case .accepted: .agent
        case .returned: .bot
        case .closed: .closed
        }
    }
}

/// What the engine decides when it hands a conversation to people.
public struct HandoffDraft: Sendable, Codable, Hashable {
    /// Why ("customer_asked", "low_confidence", "kb_miss"…).
    public var reason: String
    /// Which team's queue.
    public var queue: String
    /// A short account for the agent.
    public var summary: String
    /// What the bot collected, slot → value.
    public var slots: [String: String]
    /// Higher is served first within a queue (see `HandoffPriority`).
    public var priority: Int
    /// Why the handoff has its priority, one short phrase each ("frustrated customer").
    public var priorityReasons: [String]

    public init(
        reason: String, queue: String, summary: String, slots: [String: String] = [:], priority: Int = 0,
        priorityReasons: [String] = []
    ) {
        self.reason = reason
        self.queue = queue
        self.summary = summary
        self.slots = slots
        self.priority = priority
        self.priorityReasons = priorityReasons
    }
}

/// A conversation handed to people, with the whole story up to that moment.
public struct Handoff: Sendable, Codable, Hashable {
    /// Assigned by the store (a UUID).
    public var id: String
    public var conversationId: String
    public var reason: String
    public var queue: String
    public var summary: String
    public var slots: [String: String]
    /// Every message of the conversation when the handoff was created, the turn
    /// that created it included.
    public var transcript: [Message]
    public var status: HandoffStatus
    /// The agent who accepted it.
    public var agentId: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The customer message whose turn created it (nil for handoffs stored before it was kept).
    public var replyTo: Int?
    /// When an agent accepted it: the end of the customer's wait.
    public var acceptedAt: Date?
    /// Higher is served first within a queue.
    public var priority: Int
    public var priorityReasons: [String]

    public init(
        id: String,
        conversationId: String,
        reason: String,
        queue: String,
        summary: String,
        slots: [String: String],
        transcript: [Message],
        status: HandoffStatus,
        agentId: String?,
        createdAt: Date,
        updatedAt: Date,
        replyTo: Int? = nil,
        acceptedAt: Date? = nil,
        priority: Int = 0,
        priorityReasons: [String] = []
    ) {
        self.id = id
        self.conversationId = conversationId
        self.reason = reason
        self.queue = queue
        self.summary = summary
        self.slots = slots
        self.transcript = transcript
        self.status = status
        self.agentId = agentId
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.replyTo = replyTo
        self.acceptedAt = acceptedAt
        self.priority = priority
        self.priorityReasons = priorityReasons
    }

    /// How long the customer waited for a person: until an agent accepted, or until the
    /// handoff ended unaccepted, or until `now` while it is still open.
    public func waited(now: Date) -> TimeInterval {
        let end: Date = switch status {
        case .open: now
        case .accepted, .returned, .closed: acceptedAt ?? updatedAt
        }
        return max(0, end.timeIntervalSince(createdAt))
    }
}

/// One accepted handoff's timing, for the wait estimate.
public struct HandoffAcceptance: Sendable, Hashable {
    public var createdAt: Date
    public var acceptedAt: Date

    public init(createdAt: Date, acceptedAt: Date) {
        self.createdAt = createdAt
        self.acceptedAt = acceptedAt
    }
}
