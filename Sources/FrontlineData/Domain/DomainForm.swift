import FrontlineML

/// An ordered set of questions that fills the slots an intent needs.
public struct DomainForm: Sendable, Hashable {
    public var name: String
    public var steps: [FormStep]
    /// What happens when a step's answers are still invalid after `maxRetries` re-asks.
    public var onGiveUp: FormGiveUp
    /// Intents that cancel the form while it is asking (default `[deny]`: "no", "never mind").
    public var cancelIntents: [String]
    /// Response sent on cancel; nil means the cancelling intent's own response.
    public var onCancel: String?
    public var line: Int?

    /// Every slot the form can fill, in order.
    public var slots: [String] { steps.flatMap { $0.targets.map(\.slot) } }

    public init(name: String, steps: [FormStep], onGiveUp: FormGiveUp = .handoff, cancelIntents: [String] = ["deny"],
                onCancel: String? = nil, line: Int? = nil) {
        self.name = name
        self.steps = steps
        self.onGiveUp = onGiveUp
        self.cancelIntents = cancelIntents
        self.onCancel = onCancel
        self.line = line
    }
}

/// One question of a form. It is done when any of its targets is filled (several targets
/// only for `one_of`, e.g. "your order number or the email on the order").
public struct FormStep: Sendable, Hashable {
    public struct Target: Sendable, Hashable {
        public var slot: String
        public var validation: SlotValidation

        public init(slot: String, validation: SlotValidation) {
            self.slot = slot
            self.validation = validation
        }
    }

    public var targets: [Target]
    /// Question variants.
    public var ask: [String]
    /// Re-ask variants explaining the expected shape ("Order numbers look like A-12345").
    public var invalid: [String]
    /// Re-asks after invalid answers before the form gives up.
    public var maxRetries: Int
    public var line: Int?

    public init(targets: [Target], ask: [String], invalid: [String], maxRetries: Int = 2, line: Int? = nil) {
        self.targets = targets
        self.ask = ask
        self.invalid = invalid
        self.maxRetries = maxRetries
        self.line = line
    }
}

/// How a form answer is checked before it fills a slot.
public enum SlotValidation: Sendable, Hashable {
    /// A built-in entity of this kind must be found in the answer.
    case entity(String)
    /// The regular expression (ICU syntax) must match somewhere in the answer.
    case pattern(String, ignoresCase: Bool)
    /// The answer must contain one of these values or their synonyms.
    case values([SlotValue])
    /// Any non-blank answer is taken whole (free-text slots such as an address).
    case anyText
}

/// What a form does when the customer can't give a valid answer.
public enum FormGiveUp: Sendable, Hashable {
    /// Hand the conversation to a person (the default).
    case handoff
    /// Send this response and drop the form.
    case response(String)
}
