/// When the assistant hands a conversation to a person, and to which queue.
///
/// Any one rule is enough: a human-request intent; `consecutiveFallbacks` out-of-scope turns
/// in a row; `lowConfidenceTurns` turns in a row whose top intent is below `lowConfidence`;
/// a message whose frustration probability is at least `frustrationThreshold`; the same
/// message (normalised) `repeatedMessageCount` times in a row; `kbMisses` knowledge-base
/// misses (no article, or "no" to the follow-up) in one conversation; a form giving up.
public struct EscalationPolicy: Sendable, Hashable {
    public var humanRequestIntents: [String]
    public var consecutiveFallbacks: Int
    public var lowConfidence: Double
    public var lowConfidenceTurns: Int
    public var frustrationThreshold: Double
    public var repeatedMessageCount: Int
    public var kbMisses: Int
    public var queues: [EscalationQueue]
    /// Queue for conversations whose intent is routed nowhere else.
    public var defaultQueue: String
    /// Response sent on handoff; may use `{wait_minutes}`.
    public var acknowledgement: String
    /// Response asking the customer to rephrase, for a fallback or low-confidence turn that
    /// does not escalate yet.
    public var rephrase: String
    /// How handoffs are prioritised in their queue.
    public var priority: PriorityRules
    /// Response sent to a customer who writes while waiting for a person; may use
    /// `{wait_minutes}` and `{queue_position}`. Nil: the bot stays silent while they wait.
    public var waitingUpdate: String?
    /// At most one waiting update per this many seconds.
    public var waitingUpdateSeconds: Double
    /// The expected wait when the handoff's queue names none and nothing was measured yet.
    public var defaultWaitMinutes: Int

    public init(humanRequestIntents: [String] = [], consecutiveFallbacks: Int = 2, lowConfidence: Double = 0.4,
                lowConfidenceTurns: Int = 2, frustrationThreshold: Double = 0.8, repeatedMessageCount: Int = 3,
                kbMisses: Int = 2, queues: [EscalationQueue], defaultQueue: String, acknowledgement: String, rephrase: String,
                priority: PriorityRules = PriorityRules(), waitingUpdate: String? = nil, waitingUpdateSeconds: Double = 120,
                defaultWaitMinutes: Int = 5) {
        self.humanRequestIntents = humanRequestIntents
        self.consecutiveFallbacks = consecutiveFallbacks
        self.lowConfidence = lowConfidence
        self.lowConfidenceTurns = lowConfidenceTurns
        self.frustrationThreshold = frustrationThreshold
        self.repeatedMessageCount = repeatedMessageCount
        self.kbMisses = kbMisses
        self.queues = queues
        self.defaultQueue = defaultQueue
        self.acknowledgement = acknowledgement
        self.rephrase = rephrase
        self.priority = priority
        self.defaultWaitMinutes = defaultWaitMinutes
        self.waitingUpdate = waitingUpdate
        self.waitingUpdateSeconds = waitingUpdateSeconds
    }
}

/// A team of agents that takes handoffs.
public struct EscalationQueue: Sendable, Hashable {
    public var name: String
    /// Intents routed here (from the queue's list and from intents' own `queue`).
    public var intents: [String]
    /// Told to the customer as `{wait_minutes}`.
    public var expectedWaitMinutes: Int
    public var line: Int?

    public init(name: String, intents: [String] = [], expectedWaitMinutes: Int, line: Int? = nil) {
        self.name = name
        self.intents = intents
        self.expectedWaitMinutes = expectedWaitMinutes
        self.line = line
    }
}
