/// A help-centre article from `kb/<id>.md`: YAML front matter, then a Markdown body.
public struct KnowledgeBaseArticle: Sendable, Hashable {
    /// The file name without `.md`: "returns-how-to-return".
    public var id: String
    /// The question or task, as a customer would put it.
    public var title: String
    /// The direct answer, sent in chat before the link.
    public var summary: String
    /// Markdown after the front matter.
    public var body: String
    public var tags: [String]
    /// Intents the article answers.
    public var intents: [String]
    /// Canonical `product` values it applies to; empty means every product.
    public var products: [String]
    public var audience: Audience
    public var url: String
    /// The file it was read from.
    public var file: String
    /// The kind of device it is about ("Phone", "Laptop"), offered as a button when the
    /// customer's product has no article of its own.
    public var family: String?
    /// The general article for its intents: sent when no product-specific article fits
    /// (the product is unknown, or "something else"). Not searched like the others.
    public var isFallback: Bool

    public enum Audience: String, Sendable, Hashable, CaseIterable {
        case customer
        /// Internal notes for agents; never sent to customers.
        case agent
    }

    public init(id: String, title: String, summary: String, body: String, tags: [String] = [], intents: [String] = [],
                products: [String] = [], audience: Audience = .customer, url: String, file: String = "",
                family: String? = nil, isFallback: Bool = false) {
        self.id = id
        self.title = title
        self.summary = summary
        self.body = body
        self.tags = tags
        self.intents = intents
        self.products = products
        self.audience = audience
        self.url = url
        self.file = file
        self.family = family
        self.isFallback = isFallback
    }
}
