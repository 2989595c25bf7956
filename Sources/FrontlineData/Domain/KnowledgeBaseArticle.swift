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
    /// Where it applies, from the chat server's message metadata (`platform`, `os_version`,
    /// `version`, `page`): empty lists and nil ranges apply everywhere.
    public var applicability: ArticleApplicability

    public enum Audience: String, Sendable, Hashable, CaseIterable {
        case customer
        /// Internal notes for agents; never sent to customers.
        case agent
    }

    public init(id: String, title: String, summary: String, body: String, tags: [String] = [], intents: [String] = [],
                products: [String] = [], audience: Audience = .customer, url: String, file: String = "",
                family: String? = nil, isFallback: Bool = false, applicability: ArticleApplicability = ArticleApplicability()) {
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
        self.applicability = applicability
    }
}

/// Where an article applies (front matter `platforms`, `os_versions`, `app_versions`, `pages`,
/// `variant_of`). A variant is not searched itself: it replaces the article it is a variant of
/// when the customer's context fits it.
public struct ArticleApplicability: Sendable, Hashable {
    /// Lowercased platform names ("ios", "android", "web").
    public var platforms: [String]
    public var osVersions: VersionRange?
    /// Versions of the company's app.
    public var appVersions: VersionRange?
    /// Page paths where it is most relevant; a trailing `*` matches any rest ("/account/*").
    public var pages: [String]
    /// The id of the article this one is a variant of.
    public var variantOf: String?

    public init(platforms: [String] = [], osVersions: VersionRange? = nil, appVersions: VersionRange? = nil,
                pages: [String] = [], variantOf: String? = nil) {
        self.platforms = platforms
        self.osVersions = osVersions
        self.appVersions = appVersions
        self.pages = pages
        self.variantOf = variantOf
    }

    /// Whether anything restricts it.
    public var isRestricted: Bool { !platforms.isEmpty || osVersions != nil || appVersions != nil }
}
