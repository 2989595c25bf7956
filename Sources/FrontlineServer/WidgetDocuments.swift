import Foundation
import FrontlineData
import FrontlineEngine

// The documents of the widget API (snake_case on the wire, like the rest of /v1).

/// `POST /v1/widget/sessions`.
struct WidgetSessionRequest: Codable, Sendable {
    /// The embedding page's `data-site`.
    var site: String?
}

/// A session: the conversation the token authorises, and until when.
struct WidgetSessionBody: Encodable, Sendable {
    var conversationId: String
    var customerId: String
    var token: String
    var expiresAt: Date
    /// True when an existing session's token was renewed (same conversation).
    var renewed: Bool
}

/// `POST /v1/widget/conversations/{id}/messages`.
struct WidgetMessageRequest: Codable, Sendable {
    var text: String
    /// The widget's own id for the message: a retry is recognised, and the widget matches
    /// its pending bubble to the stored message by it.
    var messageId: String?
    /// The page's context: page, product, platform…
    var metadata: [String: String]?
}

/// One stored message as the widget shows it.
struct WidgetMessageBody: Encodable, Sendable, Hashable {
    struct Article: Encodable, Sendable, Hashable {
        var id: String
        var title: String
        var summary: String?
        var url: String?
    }
    var sequence: Int
    /// `customer`, `bot`, `agent` or `system`.
    var role: String
    var text: String
    var at: Date
    /// How a bot message is meant to be shown (`question`, `article`, `handoff`…).
    var kind: String?
    var buttons: [String]?
    var article: Article?
    /// The widget's id of a customer message.
    var messageId: String?

    init(_ message: Message, articles: [String: KnowledgeBaseArticle]) {
        sequence = message.sequence
        role = message.role.rawValue
        text = message.text
        at = message.createdAt
        kind = message.details?.kind.rawValue
        buttons = message.details?.buttons
        article = message.details?.article.map { reference in
            Article(id: reference.id, title: reference.title, summary: articles[reference.id]?.summary, url: reference.url)
        }
        messageId = message.role == .customer ? message.clientMessageId : nil
    }
}

/// Who is answering: the bot, the queue (`handoff`), a named agent, or nobody (`closed`).
struct WidgetStateBody: Encodable, Sendable, Hashable {
    var status: String
    /// The agent's name once one has joined.
    var agentName: String?
}

/// `GET /v1/widget/conversations/{id}`.
struct WidgetTranscriptBody: Encodable, Sendable {
    var conversationId: String
    var state: WidgetStateBody
    var messages: [WidgetMessageBody]
}
