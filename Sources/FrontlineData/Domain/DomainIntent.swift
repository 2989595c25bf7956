import FrontlineML

/// What the assistant does when it recognises an intent.
///
/// In order: a `humanOnly` intent is handed to a person (after its form, if any); otherwise the
/// form is filled, then the action runs, or the knowledge base answers, or `response` is sent.
public struct DomainIntent: Sendable, Hashable {
    public var name: String
    /// The form to fill first, a name in `Domain.forms`. An inline slot list in domain.yml
    /// becomes a form named after the intent.
    public var form: String?
    /// With an action: replaces the action's success response. With `usesKnowledgeBase`: sent
    /// when no article matches. With `humanOnly`: replaces the handoff acknowledgement.
    /// Otherwise: the answer.
    public var response: String?
    /// Answer with the best-matching knowledge-base article that lists this intent.
    public var usesKnowledgeBase: Bool
    /// An action in `Domain.actions`, run once the form is complete.
    public var action: String?
    /// Never answered by the bot: always handed off.
    public var humanOnly: Bool
    /// The handoff queue for conversations about this intent (resolved: the intent's own
    /// `queue`, else the queue that lists it, else the default queue).
    public var queue: String
    /// Which way an undated month or weekend in a message about this intent points when the
    /// message has no tense word (`dates: past` for an order placed, `future` for a delivery).
    public var dates: DateDirection?
    /// Line of the intent's name in domain.yml.
    public var line: Int?

    public init(name: String, form: String? = nil, response: String? = nil, usesKnowledgeBase: Bool = false,
                action: String? = nil, humanOnly: Bool = false, queue: String, line: Int? = nil) {
        self.name = name
        self.form = form
        self.response = response
        self.usesKnowledgeBase = usesKnowledgeBase
        self.action = action
        self.humanOnly = humanOnly
        self.queue = queue
        self.dates = nil
        self.line = line
    }
}
