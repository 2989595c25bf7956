import Foundation

/// One customer message as the chat server hands it to the engine.
public struct IncomingMessage: Sendable, Hashable, Codable {
    /// Chosen by the chat server; unique across channels.
    public var conversationId: String
    /// "web", "sms", "whatsapp"…
    public var channel: String
    /// The customer when the chat server knows them: the key for cross-channel memory.
    public var customerId: String?
    public var text: String
    /// The chat server's id for the message; a retry with the same id is answered once.
    public var clientMessageId: String?
    /// What the chat server knows about the situation ("product", "platform", "audience"…).
    public var context: [String: String]
    /// When the customer sent it; relative dates ("tomorrow") resolve against it.
    public var receivedAt: Date

    public init(
        conversationId: String, channel: String, customerId: String? = nil, text: String,
        clientMessageId: String? = nil, context: [String: String] = [:], receivedAt: Date = Date()
    ) {
        self.conversationId = conversationId
        self.channel = channel
        self.customerId = customerId
        self.text = text
        self.clientMessageId = clientMessageId
        self.context = context
        self.receivedAt = receivedAt
    }
}
