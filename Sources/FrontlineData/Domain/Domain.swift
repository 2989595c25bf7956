import FrontlineML

/// The assistant's domain: its slots, intents, forms, responses, actions, escalation rules and
/// knowledge base, read from `domain.yml` (and `kb/*.md`) by `DomainLoader` and checked so
/// every reference resolves. Collections keep the file's order.
public struct Domain: Sendable {
    /// The domain.yml it was read from.
    public let file: String
    public let version: String
    public let slots: [DomainSlot]
    public let intents: [DomainIntent]
    public let forms: [DomainForm]
    public let responses: [DomainResponse]
    public let actions: [DomainAction]
    public let escalation: EscalationPolicy
    /// Nil when domain.yml has no `kb` section (then no intent uses the knowledge base).
    public let knowledgeBase: KnowledgeBaseSettings?
    /// Articles from `kb/*.md` beside domain.yml, sorted by id; empty when there is no folder.
    public let articles: [KnowledgeBaseArticle]
    /// When the bot opens a chat on its own; nil: never.
    public let proactive: ProactiveRules?
    /// The names the policy relies on (`policy` section, or the defaults).
    public let policy: PolicyNames
    /// What loading noticed but did not refuse (a policy default the domain lacks), to log at start.
    public let warnings: [String]

    private let slotIndex: [String: Int]
    private let intentIndex: [String: Int]
    private let formIndex: [String: Int]
    private let responseIndex: [String: Int]
    private let actionIndex: [String: Int]
    private let queueIndex: [String: Int]
    /// Intent → its `dates:` direction, for the intents that declare one (handed to every parse).
    public let dateDirections: [String: DateDirection]

    public init(file: String, version: String = "1", slots: [DomainSlot], intents: [DomainIntent], forms: [DomainForm],
                responses: [DomainResponse], actions: [DomainAction], escalation: EscalationPolicy,
                knowledgeBase: KnowledgeBaseSettings?, articles: [KnowledgeBaseArticle], proactive: ProactiveRules? = nil,
                policy: PolicyNames = PolicyNames(), warnings: [String] = []) {
        self.file = file
        self.version = version
        self.slots = slots
        self.intents = intents
        self.forms = forms
        self.responses = responses
        self.actions = actions
        self.escalation = escalation
        self.knowledgeBase = knowledgeBase
        self.articles = articles
        self.proactive = proactive
        self.policy = policy
        self.warnings = warnings
        // Later duplicates lose; the loader rejects duplicates before they get here.
        func index(_ names: [String]) -> [String: Int] {
            Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
        slotIndex = index(slots.map(\.name))
        intentIndex = index(intents.map(\.name))
        formIndex = index(forms.map(\.name))
        responseIndex = index(responses.map(\.name))
        actionIndex = index(actions.map(\.name))
        queueIndex = index(escalation.queues.map(\.name))
        dateDirections = Dictionary(
            intents.compactMap { i in i.dates.map { (i.name, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    public func slot(_ name: String) -> DomainSlot? { slotIndex[name].map { slots[$0] } }
    public func intent(_ name: String) -> DomainIntent? { intentIndex[name].map { intents[$0] } }
    public func form(_ name: String) -> DomainForm? { formIndex[name].map { forms[$0] } }
    public func response(_ name: String) -> DomainResponse? { responseIndex[name].map { responses[$0] } }
    public func action(_ name: String) -> DomainAction? { actionIndex[name].map { actions[$0] } }
    public func queue(_ name: String) -> EscalationQueue? { queueIndex[name].map { escalation.queues[$0] } }

    /// What models carry: one definition per declared slot.
    public var slotDefinitions: [SlotDefinition] { slots.map(\.definition) }

    /// Customer-facing articles that list `intent`.
    public func articles(for intent: String) -> [KnowledgeBaseArticle] {
        articles.filter { $0.audience == .customer && $0.intents.contains(intent) }
    }
}
