/// The intents, response and slot the engine's policy gives a meaning of its own, named in
/// domain.yml's optional `policy` section (these defaults otherwise):
/// - `affirm_intent`: "yes" to an offer (a person, the next step, a device question);
/// - `deny_intent`: "no", which also leaves a form;
/// - `thanks_response`: what the bot says when the customer confirms an article helped;
/// - `product_slot`: the slot that narrows knowledge-base articles and device questions.
public struct PolicyNames: Sendable, Hashable {
    public var affirmIntent: String
    public var denyIntent: String
    public var thanksResponse: String
    public var productSlot: String

    public init(affirmIntent: String = "affirm", denyIntent: String = "deny", thanksResponse: String = "thanks",
                productSlot: String = "product") {
        self.affirmIntent = affirmIntent
        self.denyIntent = denyIntent
        self.thanksResponse = thanksResponse
        self.productSlot = productSlot
    }
}
