import Yams

/// The `proactive` section: when to open a chat, with which message, about what.
extension DomainParser {
    static let proactiveKeys = ["min_interval_seconds", "window_seconds", "rules"]
    static let proactiveRuleKeys = ["when", "message", "intent"]
    static let proactiveConditionKeys = ["event", "page", "seconds_on_page", "cart_above"]
    static let proactiveEvents = ["page_view", "cart", "error"]

    mutating func parseProactive(_ section: YAMLNodes.Entry) throws -> ProactiveRules {
        let what = "'proactive'"
        let fields = try nodes.entries(section.value, what, allowed: Self.proactiveKeys)
        func seconds(_ key: String, _ fallback: Double) throws -> Double {
            try fields.field(key).map { try nodes.double($0.value, "'\(key)' in \(what)", in: 0...604_800) } ?? fallback
        }
        guard let list = fields.field("rules") else { throw nodes.error(section.keyNode, "expected 'rules' in \(what)") }
        var rules: [ProactiveRule] = []
        for entry in try nodes.entries(list.value, "'rules' in \(what)") {
            rules.append(try parseProactiveRule(entry))
        }
        return ProactiveRules(
            minIntervalSeconds: try seconds("min_interval_seconds", 1800), windowSeconds: try seconds("window_seconds", 1800),
            rules: rules)
    }

    private mutating func parseProactiveRule(_ entry: YAMLNodes.Entry) throws -> ProactiveRule {
        let what = "proactive rule '\(entry.key)'"
        let fields = try nodes.entries(entry.value, what, allowed: Self.proactiveRuleKeys)
        func required(_ key: String) throws -> YAMLNodes.Entry {
            guard let found = fields.first(where: { $0.key == key }) else {
                throw nodes.error(entry.keyNode, "expected '\(key)' in \(what)")
            }
            return found
        }
        let message = try nodes.name(try required("message").value, "'message' in \(what)")
        try useResponse(message, line: nodes.line(try required("message").value), as: "proactive.\(entry.key).message")
        let intentNode = try required("intent").value
        let intent = try nodes.name(intentNode, "'intent' in \(what)")
        try requireIntent(intent, line: nodes.line(intentNode), what)
        var rule = ProactiveRule(name: entry.key, message: message, intent: intent)
        let when = try required("when")
        let conditions = try nodes.entries(when.value, "'when' in \(what)", allowed: Self.proactiveConditionKeys)
        guard !conditions.isEmpty else { throw nodes.error(when.keyNode, "expected at least one condition in 'when' of \(what)") }
        for condition in conditions {
            let context = "'\(condition.key)' in \(what)"
            switch condition.key {
            case "event":
                let name = try nodes.name(condition.value, context)
                guard Self.proactiveEvents.contains(name) else {
                    throw nodes.error(condition.value, "unknown event '\(name)' in \(what): expected \(YAMLNodes.list(Self.proactiveEvents))")
                }
                rule.event = name
            case "page": rule.page = try nodes.string(condition.value, context)
            case "seconds_on_page": rule.secondsOnPage = try nodes.double(condition.value, context, in: 0...86_400)
            default: rule.cartAbove = try nodes.double(condition.value, context, in: 0...1e12)
            }
        }
        return rule
    }
}
