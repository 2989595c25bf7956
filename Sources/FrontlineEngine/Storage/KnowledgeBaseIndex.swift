/// Full-text search over the knowledge base, for answering customers from articles.
public protocol KnowledgeBaseIndex: Sendable {
    /// Replaces the whole index with `articles` in one transaction (durable): searches
    /// see either the old set or the new one, never a mix. Throws `invalidArgument`
    /// for an empty or repeated article id.
    func replaceAll(articles: [KBDocument]) async throws

    /// The best articles for a customer's words, best first, at most `limit`.
    ///
    /// - `query`: raw customer text. It is never parsed as a query language: any input
    ///   is safe, and text without searchable words gives no hits.
    /// - `intents`, `products`: keep articles that declare one of these, or declare
    ///   none; an empty list doesn't filter.
    /// - `context`: `"audience"` keeps articles for that audience or for everyone
    ///   (without it, audience-specific articles rank below general ones); other keys
    ///   are ignored for now.
    /// - `KBHit.score` is in 0…1 and comparable across queries, so the engine can
    ///   threshold it; see the implementation for how it is computed.
    func search(query: String, intents: [String], products: [String], context: [String: String], limit: Int) async throws -> [KBHit]
}

/// One search result.
public struct KBHit: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var summary: String
    public var url: String?
    /// 0…1, higher is better.
    public var score: Double

    public init(id: String, title: String, summary: String, url: String?, score: Double) {
        self.id = id
        self.title = title
        self.summary = summary
        self.url = url
        self.score = score
    }
}
