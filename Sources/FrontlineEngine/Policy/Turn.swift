/// One customer message being answered: what the policy reads and what it decides.
struct Turn: Sendable {
    let incoming: IncomingMessage
    let conversationId: String
    let customerId: String?
    /// The customer message's sequence number.
    let sequence: Int
    let parse: MessageParse
    /// Slots remembered for the customer (slot → value).
    let profile: [String: String]

    var state: ConversationState
    var status: ConversationStatus
    var replies: [OutgoingMessage] = []
    var handoff: PendingHandoff?
    /// Form progress and article feedback, stored with the turn.
    var events: [TurnEvent] = []
    /// What the knowledge base is searched with when not the message itself (a reply to a
    /// proactive prompt: "yes please" says nothing, the prompt says what it is about).
    var knowledgeQuery: String?
    /// Values placeholders may use besides slots: `wait_minutes`, `article_*`, `result.*`.
    var variables: [String: String] = [:]

    /// Everything a template may refer to: filled slots, then this turn's variables.
    var templateValues: [String: String] {
        var values = state.filledSlots.mapValues(\.value)
        values.merge(variables) { _, new in new }
        return values
    }

    /// Seed for the next reply's variant: stable for this conversation, message and position.
    var nextSeed: UInt64 {
        StableHash.of(conversationId, String(sequence), String(replies.count))
    }
}

/// A handoff the turn decided on; the store creates the record when the turn commits.
struct PendingHandoff: Sendable, Hashable {
    var reason: HandoffReason
    var queue: String
    var summary: String
    var slots: [String: String]
    var expectedWaitMinutes: Int
    var priority: Int
    var priorityReasons: [String]
}

/// Keys of `ConversationState.extras` the engine uses.
enum StateKey {
    /// The intent whose form is active (several intents share a form).
    static let formIntent = "form_intent"
    /// The bot offered a person after a knowledge-base miss; "yes" takes it.
    static let offeredHuman = "offered_human"
    /// Set while a handoff is active, so the engine notices when it comes back to the bot.
    static let handedOff = "handed_off"
    static let lastArticle = "last_article"
    /// What the conversation is about: the last intent that names a topic (not yes/no/thanks).
    static let topicIntent = "topic_intent"
    /// Articles shown, and those the customer said did not help (comma-separated ids).
    static let shownArticles = "shown_articles"
    static let rejectedArticles = "rejected_articles"
    /// When the bot last told a waiting customer their place in the queue (seconds since 1970).
    static let waitingUpdateAt = "waiting_update_at"
    static let waitingUpdates = "waiting_updates"
    /// Every topic intent of the conversation, in order (comma-separated).
    static let topics = "topics"
    /// The bot asked which kind of device it is, for this intent.
    static let askedFamily = "asked_family"
    /// The topic and opening message of a proactive prompt the customer accepted: their
    /// first reply continues it.
    static let proactiveTopic = "proactive_topic"
    static let proactiveText = "proactive_text"
    /// The bot offered the next step after an unhelpful article: the intent taking it starts.
    static let offeredNextStep = "offered_next_step"

    /// The ids of a comma-separated list kept in `extras`.
    static func list(_ raw: String?) -> [String] {
        (raw ?? "").split(separator: ",").map(String.init)
    }

    /// Adds `id` to a comma-separated list kept in `extras` (once).
    static func append(_ id: String, to raw: String?) -> String {
        let ids = list(raw)
        return ids.contains(id) ? ids.joined(separator: ",") : (ids + [id]).joined(separator: ",")
    }
}
