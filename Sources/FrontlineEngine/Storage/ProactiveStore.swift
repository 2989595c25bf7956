import Foundation

/// Something the chat server saw the customer do (`POST /v1/customers/{id}/events`).
public struct CustomerEvent: Sendable, Hashable, Codable {
    public static let kinds = ["page_view", "cart", "error"]

    public var customerId: String
    /// `page_view`, `cart` or `error`.
    public var kind: String
    public var page: String?
    /// Time on the page (page views).
    public var seconds: Double?
    /// The cart's value (cart events).
    public var cartValue: Double?
    /// What went wrong (error events).
    public var detail: String?
    public var at: Date

    public init(customerId: String, kind: String, page: String? = nil, seconds: Double? = nil, cartValue: Double? = nil,
                detail: String? = nil, at: Date) {
        self.customerId = customerId
        self.kind = kind
        self.page = page
        self.seconds = seconds
        self.cartValue = cartValue
        self.detail = detail
        self.at = at
    }
}

/// An offer to chat the bot made to a customer, and whether they took it.
public struct ProactivePrompt: Sendable, Hashable, Codable {
    public var id: String
    public var customerId: String
    /// The `proactive.rules` entry that matched.
    public var rule: String
    /// What the conversation is about once accepted.
    public var intent: String
    /// The opening message.
    public var text: String
    public var createdAt: Date
    public var acceptedAt: Date?
    public var conversationId: String?

    public init(id: String, customerId: String, rule: String, intent: String, text: String, createdAt: Date,
                acceptedAt: Date? = nil, conversationId: String? = nil) {
        self.id = id
        self.customerId = customerId
        self.rule = rule
        self.intent = intent
        self.text = text
        self.createdAt = createdAt
        self.acceptedAt = acceptedAt
        self.conversationId = conversationId
    }
}

/// Where customer events and proactive prompts are kept. Writes are durable on return.
public protocol ProactiveStore: Sendable {
    func recordEvent(_ event: CustomerEvent) async throws
    /// The customer's events at or after `since`, oldest first.
    func events(customerId: String, since: Date) async throws -> [CustomerEvent]
    /// The customer's most recent prompt, accepted or not.
    func lastPrompt(customerId: String) async throws -> ProactivePrompt?
    func savePrompt(_ prompt: ProactivePrompt) async throws
    /// Saves `prompt` unless the customer has a prompt created after `cutoff`, checked and
    /// saved as one step (so two replicas asked at once make one prompt). Returns that
    /// earlier prompt when there is one; nothing is saved then.
    func savePrompt(_ prompt: ProactivePrompt, unlessPromptedAfter cutoff: Date) async throws -> ProactivePrompt?
    func prompt(id: String) async throws -> ProactivePrompt?
    /// Marks the prompt accepted in `conversationId`. Throws `notFound` for an unknown prompt
    /// and `conflict` for one already accepted in another conversation.
    func markPromptAccepted(id: String, conversationId: String, at: Date) async throws -> ProactivePrompt
}
