/// A knowledge-base article as the search index sees it. The Markdown reader that
/// produces these lives with the domain; the index only needs the fields below.
public struct KBDocument: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var summary: String
    public var body: String
    public var tags: [String]
    /// Intents the article answers; empty means it may answer any.
    public var intents: [String]
    /// Products the article is about; empty means all.
    public var products: [String]
    /// Who it is for ("consumer", "business"…); nil means everyone.
    public var audience: String?
    public var url: String?

    public init(
        id: String,
        title: String,
        summary: String = "",
        body: String = "",
        tags: [String] = [],
        intents: [String] = [],
        products: [String] = [],
        audience: String? = nil,
        url: String? = nil
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.body = body
        self.tags = tags
        self.intents = intents
        self.products = products
        self.audience = audience
        self.url = url
    }
}
