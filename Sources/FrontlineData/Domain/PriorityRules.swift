/// How a handoff's priority is worked out (domain.yml `escalation.priority`). Each rule that
/// applies adds its points; the queue is served highest priority first, then longest wait.
public struct PriorityRules: Sendable, Hashable {
    /// Points for an intent (a complaint, a payment problem…).
    public var intents: [String: Int]
    /// Points when the customer seems frustrated (the handoff's reason, or a message scoring
    /// at least `frustrationScore`).
    public var frustration: Int
    public var frustrationScore: Double
    /// Points when the customer wrote about the same topic on another channel in the last
    /// `repeatContactHours`: they are chasing it.
    public var repeatContact: Int
    public var repeatContactHours: Double
    /// The message metadata key naming the customer's tier, and points per tier.
    public var tierKey: String
    public var tiers: [String: Int]
    /// The metadata key with the customer's value (e.g. lifetime spend), and the points
    /// when it is at least `valueThreshold`.
    public var valueKey: String
    public var valueThreshold: Double?
    public var valuePoints: Int

    public init(
        intents: [String: Int] = [:], frustration: Int = 2, frustrationScore: Double = 0.5, repeatContact: Int = 1,
        repeatContactHours: Double = 48, tierKey: String = "tier", tiers: [String: Int] = [:],
        valueKey: String = "customer_value", valueThreshold: Double? = nil, valuePoints: Int = 1
    ) {
        self.intents = intents
        self.frustration = frustration
        self.frustrationScore = frustrationScore
        self.repeatContact = repeatContact
        self.repeatContactHours = repeatContactHours
        self.tierKey = tierKey
        self.tiers = tiers
        self.valueKey = valueKey
        self.valueThreshold = valueThreshold
        self.valuePoints = valuePoints
    }
}
