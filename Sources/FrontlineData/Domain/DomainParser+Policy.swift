/// The `policy` section: which intents, response and slot the engine's policy relies on.
extension DomainParser {
    static let policyKeys = ["affirm_intent", "deny_intent", "thanks_response", "product_slot"]

    /// A name given here must exist; a default the domain lacks is only warned about (the
    /// feature that needs it stays off), so a small domain need not declare them all.
    mutating func parsePolicy(_ section: YAMLNodes.Entry?) throws -> (PolicyNames, [String]) {
        var names = PolicyNames()
        var warnings: [String] = []
        let fields = try section.map { try nodes.entries($0.value, "'policy'", allowed: Self.policyKeys) } ?? []
        func given(_ key: String) throws -> (name: String, line: Int?)? {
            guard let entry = fields.field(key) else { return nil }
            return (try nodes.name(entry.value, "'\(key)' in 'policy'"), nodes.line(entry.value))
        }
        let declaredIntents = Set(intents.map(\.intent.name))
        // The given intent, which must be declared; else the default, warned about when missing.
        func intent(_ key: String, default name: String, withoutIt: String) throws -> String {
            if let given = try given(key) {
                try requireIntent(given.name, line: given.line, "'policy.\(key)'")
                return given.name
            }
            if !declaredIntents.contains(name) { warnings.append("\(nodes.file): no intent '\(name)' (policy.\(key)): \(withoutIt)") }
            return name
        }
        names.affirmIntent = try intent("affirm_intent", default: names.affirmIntent,
                                        withoutIt: "a customer's \"yes\" to an offer of a person or of the next step is read as a new message")
        names.denyIntent = try intent("deny_intent", default: names.denyIntent,
                                      withoutIt: "a customer's \"no\" neither declines an offer nor leaves a form")
        if let thanks = try given("thanks_response") {
            try useResponse(thanks.name, line: thanks.line, as: "policy.thanks_response")
            names.thanksResponse = thanks.name
        } else if responses.contains(where: { $0.name == names.thanksResponse }) {
            responseUses[names.thanksResponse, default: []].append(ResponseUse(description: "policy.thanks_response", line: nil, context: .plain))
        } else {
            warnings.append("\(nodes.file): no response '\(names.thanksResponse)' (policy.thanks_response): the bot says nothing "
                + "when a customer confirms an article helped")
        }
        if let product = try given("product_slot") {
            _ = try requireSlot(product.name, line: product.line, "'policy.product_slot'")
            names.productSlot = product.name
        }
        // No product slot is a normal domain (nothing narrows articles by product): no warning.
        return (names, warnings)
    }
}
