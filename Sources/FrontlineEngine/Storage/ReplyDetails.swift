/// What kind of message the bot sent, so a chat server can render it (a question with
/// buttons, an article card…) instead of plain text. Stored with the message, so a retry
/// gets the same shape back.
public struct ReplyDetails: Sendable, Codable, Hashable {
    public var kind: ReplyKind
    /// Quick replies the customer can tap; their text is what the bot understands.
    public var buttons: [String]?
    /// The knowledge-base article an `article` reply quotes.
    public var article: ArticleReference?

    public init(kind: ReplyKind, buttons: [String]? = nil, article: ArticleReference? = nil) {
        self.kind = kind
        self.buttons = buttons
        self.article = article
    }
}

public enum ReplyKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// An answer from the assistant's responses.
    case text
    /// A form asking for a missing slot, or a yes/no follow-up.
    case question
    /// A knowledge-base answer.
    case article
    /// The result (or failure) of a back-office action.
    case action
    /// The bot did not understand, or the request is out of scope.
    case fallback
    /// The acknowledgement of a handoff to people.
    case handoff
    /// A note to a customer waiting for a person: their place in the queue and the wait.
    case waiting
    /// A message the bot opened the conversation with, unasked (a proactive prompt).
    case proactive
}

public struct ArticleReference: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var url: String?

    public init(id: String, title: String, url: String?) {
        self.id = id
        self.title = title
        self.url = url
    }
}
