/// When the bot opens a chat on its own (domain.yml `proactive`): rules over what the chat
/// server reports the customer doing, each choosing an opening message and what it is about.
public struct ProactiveRules: Sendable, Hashable {
    /// At most one prompt per customer in this many seconds.
    public var minIntervalSeconds: Double
    /// Only events this recent count.
    public var windowSeconds: Double
    /// Checked in order; the first that matches opens.
    public var rules: [ProactiveRule]

    public init(minIntervalSeconds: Double = 1800, windowSeconds: Double = 1800, rules: [ProactiveRule]) {
        self.minIntervalSeconds = minIntervalSeconds
        self.windowSeconds = windowSeconds
        self.rules = rules
    }
}

/// One rule: every condition given must hold for one recent event.
public struct ProactiveRule: Sendable, Hashable {
    public var name: String
    /// `page_view`, `cart` or `error`; nil: any.
    public var event: String?
    /// A page path; a trailing `*` matches the rest ("/checkout*").
    public var page: String?
    /// A page view at least this long.
    public var secondsOnPage: Double?
    /// A cart worth more than this.
    public var cartAbove: Double?
    /// The response sent as the opening message.
    public var message: String
    /// The intent the conversation is about: the customer's first reply continues it.
    public var intent: String

    public init(name: String, event: String? = nil, page: String? = nil, secondsOnPage: Double? = nil, cartAbove: Double? = nil,
                message: String, intent: String) {
        self.name = name
        self.event = event
        self.page = page
        self.secondsOnPage = secondsOnPage
        self.cartAbove = cartAbove
        self.message = message
        self.intent = intent
    }
}
