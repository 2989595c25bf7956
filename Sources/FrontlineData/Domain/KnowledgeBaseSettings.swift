/// How intents with `kb: true` are answered from the articles in `kb/`.
///
/// The engine searches the customer-facing articles that list the intent, ranked by relevance to the message and its slots (a `product` narrows to articles for that
/// product). The best one scoring at least `minScore` is sent with `answer`, then `followUp`;
/// otherwise the intent's own response, or `noMatch`, and the miss counts toward escalation.
public struct KnowledgeBaseSettings: Sendable, Hashable {
    /// Relevance from 0 to 1 (the engine's normalised score) an article needs to be sent.
    public var minScore: Double
    /// Response presenting the article: `{article_title}`, `{article_summary}`, `{article_url}`.
    public var answer: String
    /// Optional question after an answer ("Did that help?"); "no" counts as a miss.
    public var followUp: String?
    public var noMatch: String
    /// Asked (with a button per device family the articles cover) when no article fits the
    /// customer's product; nil skips the question.
    public var askFamily: String?
    /// What the bot offers when an article did not fix a fault.
    public var unresolved: UnresolvedStep?

    public init(minScore: Double = 0.3, answer: String, followUp: String? = nil, noMatch: String, askFamily: String? = nil,
                unresolved: UnresolvedStep? = nil) {
        self.minScore = minScore
        self.answer = answer
        self.followUp = followUp
        self.noMatch = noMatch
        self.askFamily = askFamily
        self.unresolved = unresolved
    }
}

/// The next step after articles did not fix a problem (`kb.unresolved`): for these intents,
/// "it still doesn't work" or "no" to "did that help?" gets `offer` with `buttons`, and taking
/// it (a button, "yes", or naming a slot of its form) starts `intent` (its form, then usually
/// a handoff).
public struct UnresolvedStep: Sendable, Hashable {
    public var intents: [String]
    public var offer: String
    public var buttons: [String]
    public var intent: String

    public init(intents: [String], offer: String, buttons: [String], intent: String) {
        self.intents = intents
        self.offer = offer
        self.buttons = buttons
        self.intent = intent
    }
}
