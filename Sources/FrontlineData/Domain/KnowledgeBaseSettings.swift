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

    public init(minScore: Double = 0.3, answer: String, followUp: String? = nil, noMatch: String) {
        self.minScore = minScore
        self.answer = answer
        self.followUp = followUp
        self.noMatch = noMatch
    }
}
