import Foundation
import FrontlineML
import Yams

/// Turns domain.yml into a checked `Domain`.
///
/// Sections are read in dependency order (slots, responses, actions, forms, intents,
/// escalation, kb), whatever their order in the file, so most references are checked the
/// moment they are read; the few that point forward (forms' cancel intents, intents' queues,
/// how responses are used) are checked at the end.
struct DomainParser {
    static let sections = ["version", "slots", "responses", "actions", "forms", "intents", "policy", "escalation", "kb", "proactive", "nlu"]
    static let supportedVersions = ["1"]
    /// The `on_give_up` value that hands off instead of naming a response.
    static let handoffKeyword = "handoff"

    let nodes: YAMLNodes
    let environment: [String: String]

    var slots: [DomainSlot] = []
    var responses: [DomainResponse] = []
    var actions: [DomainAction] = []
    var forms: [DomainForm] = []
    var intents: [ParsedIntent] = []
    var escalation: EscalationPolicy?
    var policy = PolicyNames()
    var knowledgeBase: KnowledgeBaseSettings?
    /// Line of the `kb:` key, for errors about intents that need the section.
    var knowledgeBaseLine: Int?

    /// Where each response is used, for the context-variable and unused-response checks.
    var responseUses: [String: [ResponseUse]] = [:]
    /// Context variables (`{wait_minutes}`, `{result.x}`…) each response's variants mention.
    var contextPlaceholders: [String: [(name: String, line: Int?)]] = [:]
    /// Forms' cancel intents, checked once intents are known.
    var cancelIntentRefs: [(form: String, intent: String, line: Int?, isDefault: Bool)] = []

    struct ParsedIntent {
        var intent: DomainIntent
        var queue: (name: String, line: Int?)?
        var formLine: Int?
        var actionLine: Int?
    }

    init(file: String, environment: [String: String]) {
        nodes = YAMLNodes(file: file)
        self.environment = environment
    }

    mutating func parse(yaml: String, articles: [LocatedArticle]) throws -> Domain {
        guard let root = try nodes.compose(yaml) else {
            throw nodes.error(line: 1, "empty file: expected a domain with 'intents', 'responses' and 'escalation' sections")
        }
        guard root.mapping != nil else {
            throw nodes.error(root, "expected a mapping of domain sections ('intents', 'responses', …) but found \(YAMLNodes.describe(root))")
        }
        let top = try nodes.entries(root, "the domain", allowed: Self.sections)
        func section(_ name: String) -> YAMLNodes.Entry? { top.first { $0.key == name } }

        var version = "1"
        if let entry = section("version") {
            version = entry.value.scalar?.string ?? ""
            guard Self.supportedVersions.contains(version) else {
                throw nodes.error(entry.value, "unsupported version \"\(version)\": expected \"1\"")
            }
        }
        for required in ["intents", "responses", "escalation"] where section(required) == nil {
            throw nodes.error(root, "expected a top-level '\(required)' section")
        }
        if let entry = section("slots") { try parseSlots(entry.value) }
        try parseResponses(section("responses")!.value)
        if let entry = section("actions") { try parseActions(entry.value) }
        if let entry = section("forms") { try parseForms(entry.value) }
        try parseIntents(section("intents")!.value)
        let policyWarnings: [String]
        (policy, policyWarnings) = try parsePolicy(section("policy"))
        try parseEscalation(section("escalation")!)
        if let entry = section("kb") {
            knowledgeBaseLine = nodes.line(entry.keyNode)
            try parseKnowledgeBase(entry)
        }
        let proactive = try section("proactive").map { try parseProactive($0) }
        // `nlu` holds training examples, which FrontlineYAMLReader reads.

        try checkForwardReferences()
        try checkArticles(articles)
        try checkResponseUses()
        try checkUnused()

        let finalIntents = resolveQueues()
        return Domain(file: nodes.file, version: version, slots: slots, intents: finalIntents, forms: forms,
                      responses: responses, actions: actions, escalation: escalation!, knowledgeBase: knowledgeBase,
                      articles: articles.map(\.article), proactive: proactive, policy: policy, warnings: policyWarnings)
    }

    // MARK: Lookups with "did you mean" errors

    func requireSlot(_ name: String, line: Int?, _ context: String) throws -> DomainSlot {
        guard let slot = slots.first(where: { $0.name == name }) else {
            throw nodes.error(line: line, "unknown slot '\(name)' in \(context)\(DidYouMean.hint(for: name, among: slots.map(\.name))): "
                + "expected a slot declared under 'slots'")
        }
        return slot
    }

    /// Checks `name` is a response and records how it is used.
    mutating func useResponse(_ name: String, line: Int?, as use: String, context: ResponseUse.Context = .plain) throws {
        guard responses.contains(where: { $0.name == name }) else {
            throw nodes.error(line: line, "unknown response '\(name)' in \(use)\(DidYouMean.hint(for: name, among: responses.map(\.name))): "
                + "expected a key under 'responses'")
        }
        responseUses[name, default: []].append(ResponseUse(description: use, line: line, context: context))
    }

    func requireIntent(_ name: String, line: Int?, _ context: String) throws {
        guard intents.contains(where: { $0.intent.name == name }) else {
            throw nodes.error(line: line, "unknown intent '\(name)' in \(context)\(DidYouMean.hint(for: name, among: intents.map(\.intent.name))): "
                + "expected an intent declared under 'intents'")
        }
    }

    /// Placeholders in a form question or slot text may name slots only.
    func checkSlotPlaceholders(_ text: String, line: Int?, _ context: String) throws {
        let placeholders: [ResponseTemplate.Placeholder]
        do {
            placeholders = try ResponseTemplate.placeholders(in: text)
        } catch {
            throw nodes.error(line: line, "\(error.message) in \(context)")
        }
        for placeholder in placeholders where !slots.contains(where: { $0.name == placeholder.name }) {
            throw nodes.error(line: line, "unknown placeholder {\(placeholder.name)} in \(context)"
                + "\(DidYouMean.hint(for: placeholder.name, among: slots.map(\.name))): expected a declared slot")
        }
    }
}

/// One place a response is sent from; the context decides which variables it may use.
struct ResponseUse {
    enum Context {
        case plain
        /// After an action succeeded: `{result.<field>}`.
        case actionResult
        /// Presenting a knowledge-base article: `{article_title}`, `{article_summary}`, `{article_url}`.
        case article
        /// On handoff: `{wait_minutes}`.
        case handoff
    }

    var description: String
    var line: Int?
    var context: Context
}
