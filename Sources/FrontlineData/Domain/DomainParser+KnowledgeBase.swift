import Yams

/// The `kb` section, and the checks between intents, articles and the product catalogue.
extension DomainParser {
    static let knowledgeBaseKeys = ["min_score", "answer", "follow_up", "no_match", "ask_family", "unresolved"]
    static let unresolvedKeys = ["intents", "offer", "buttons", "intent"]
    /// KB front matter `products` name values of this slot.

    mutating func parseKnowledgeBase(_ section: YAMLNodes.Entry) throws {
        let what = "'kb'"
        let fields = try nodes.entries(section.value, what, allowed: Self.knowledgeBaseKeys)
        func response(_ key: String, required: Bool, context: ResponseUse.Context = .plain) throws -> String? {
            guard let entry = fields.field(key) else {
                if required { throw nodes.error(section.keyNode, "expected '\(key)' in \(what)") }
                return nil
            }
            let name = try nodes.name(entry.value, "'\(key)' in \(what)")
            try useResponse(name, line: nodes.line(entry.value), as: "kb.\(key)", context: context)
            return name
        }
        knowledgeBase = KnowledgeBaseSettings(
            minScore: try fields.field("min_score").map { try nodes.double($0.value, "'min_score' in \(what)", in: 0...1) } ?? 0.3,
            answer: try response("answer", required: true, context: .article)!,
            followUp: try response("follow_up", required: false, context: .article),
            noMatch: try response("no_match", required: true)!,
            askFamily: try response("ask_family", required: false),
            unresolved: try fields.field("unresolved").map { try parseUnresolved($0) })
    }

    private mutating func parseUnresolved(_ section: YAMLNodes.Entry) throws -> UnresolvedStep {
        let what = "'kb.unresolved'"
        let fields = try nodes.entries(section.value, what, allowed: Self.unresolvedKeys)
        func required(_ key: String) throws -> YAMLNodes.Entry {
            guard let found = fields.first(where: { $0.key == key }) else {
                throw nodes.error(section.keyNode, "expected '\(key)' in \(what)")
            }
            return found
        }
        var intentNames: [String] = []
        for name in try nodes.names(try required("intents").value, "'intents' in \(what)") {
            try requireIntent(name.text, line: name.line, what)
            intentNames.append(name.text)
        }
        let intentNode = try required("intent").value
        let next = try nodes.name(intentNode, "'intent' in \(what)")
        try requireIntent(next, line: nodes.line(intentNode), what)
        let offerNode = try required("offer").value
        let offer = try nodes.name(offerNode, "'offer' in \(what)")
        try useResponse(offer, line: nodes.line(offerNode), as: "kb.unresolved.offer")
        let buttons = try fields.first { $0.key == "buttons" }.map { try nodes.strings($0.value, "'buttons' in \(what)").map(\.text) } ?? []
        return UnresolvedStep(intents: intentNames, offer: offer, buttons: buttons, intent: next)
    }

    /// Articles name known intents and products; every `kb: true` intent has an article.
    func checkArticles(_ articles: [LocatedArticle]) throws {
        let intentNames = intents.map(\.intent.name)
        let products = slots.first { $0.name == policy.productSlot }?.definition.values.map(\.canonical)
        for located in articles {
            let article = located.article
            for (index, intent) in article.intents.enumerated() where !intentNames.contains(intent) {
                throw DataError(file: article.file, line: located.intentLines[index],
                                message: "unknown intent '\(intent)' in 'intents'\(DidYouMean.hint(for: intent, among: intentNames)): "
                                    + "expected an intent declared in \(nodes.file)")
            }
            guard let products, !products.isEmpty else { continue }
            for (index, product) in article.products.enumerated() where !products.contains(product) {
                throw DataError(file: article.file, line: located.productLines[index],
                                message: "unknown product '\(product)' in 'products'\(DidYouMean.hint(for: product, among: products)): "
                                    + "expected a canonical value of slot '\(policy.productSlot)' in \(nodes.file)")
            }
        }
        let ids = Set(articles.map(\.article.id))
        for located in articles {
            guard let base = located.article.applicability.variantOf else { continue }
            guard ids.contains(base), base != located.article.id else {
                throw DataError(file: located.article.file, message: "unknown article '\(base)' in 'variant_of'"
                    + "\(DidYouMean.hint(for: base, among: ids.sorted())): expected the id (file name without .md) of another article in kb/")
            }
        }
        for parsed in intents where parsed.intent.usesKnowledgeBase {
            let answered = articles.contains { $0.article.audience == .customer && $0.article.intents.contains(parsed.intent.name) }
            guard answered else {
                throw nodes.error(line: parsed.intent.line, "intent '\(parsed.intent.name)' has 'kb: true' but no customer article "
                    + "in kb/ lists it: expected an article with '\(parsed.intent.name)' in its front-matter 'intents'")
            }
        }
    }
}
