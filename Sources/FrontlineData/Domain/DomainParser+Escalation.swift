import Yams

/// The `escalation` section: handoff rules, queues and the handoff messages.
extension DomainParser {
    static let escalationKeys = ["human_request_intents", "consecutive_fallbacks", "low_confidence", "low_confidence_turns",
                                 "frustration_threshold", "repeated_message_count", "kb_misses", "queues", "default_queue",
                                 "acknowledgement", "rephrase", "waiting_update", "waiting_update_seconds", "priority",
                                 "default_wait_minutes"]
    static let priorityKeys = ["intents", "frustration", "frustration_score", "repeat_contact", "repeat_contact_hours",
                               "tier_key", "tiers", "value_key", "value_threshold", "value_points"]
    static let queueKeys = ["intents", "expected_wait_minutes"]

    mutating func parseEscalation(_ section: YAMLNodes.Entry) throws {
        let what = "'escalation'"
        let fields = try nodes.entries(section.value, what, allowed: Self.escalationKeys)
        func required(_ key: String) throws -> YAMLNodes.Entry {
            guard let found = fields.field(key) else { throw nodes.error(section.keyNode, "expected '\(key)' in \(what)") }
            return found
        }
        func count(_ key: String, _ fallback: Int) throws -> Int {
            try fields.field(key).map { try nodes.int($0.value, "'\(key)' in \(what)", in: 1...100) } ?? fallback
        }
        func probability(_ key: String, _ fallback: Double) throws -> Double {
            try fields.field(key).map { try nodes.double($0.value, "'\(key)' in \(what)", in: 0...1) } ?? fallback
        }

        var humanRequests: [String] = []
        if let list = fields.field("human_request_intents") {
            for name in try nodes.names(list.value, "'human_request_intents' in \(what)") {
                try requireIntent(name.text, line: name.line, "'human_request_intents'")
                humanRequests.append(name.text)
            }
        }
        let queues = try parseQueues(try required("queues").value)
        let defaultQueue = try required("default_queue").value
        let defaultName = try nodes.name(defaultQueue, "'default_queue' in \(what)")
        guard queues.contains(where: { $0.name == defaultName }) else {
            throw nodes.error(defaultQueue, "unknown queue '\(defaultName)' in 'default_queue'"
                + "\(DidYouMean.hint(for: defaultName, among: queues.map(\.name))): expected a key under 'queues'")
        }
        let acknowledgement = try required("acknowledgement").value
        let acknowledgementName = try nodes.name(acknowledgement, "'acknowledgement' in \(what)")
        try useResponse(acknowledgementName, line: nodes.line(acknowledgement), as: "escalation.acknowledgement", context: .handoff)
        let rephrase = try required("rephrase").value
        let rephraseName = try nodes.name(rephrase, "'rephrase' in \(what)")
        try useResponse(rephraseName, line: nodes.line(rephrase), as: "escalation.rephrase")

        var waitingUpdate: String?
        if let update = fields.field("waiting_update") {
            let name = try nodes.name(update.value, "'waiting_update' in \(what)")
            try useResponse(name, line: nodes.line(update.value), as: "escalation.waiting_update", context: .handoff)
            waitingUpdate = name
        }
        let waitingSeconds = try fields.field("waiting_update_seconds").map {
            try nodes.double($0.value, "'waiting_update_seconds' in \(what)", in: 0...86_400)
        } ?? 120
        let priority = try fields.field("priority").map { try parsePriority($0.value) } ?? PriorityRules()

        escalation = EscalationPolicy(
            humanRequestIntents: humanRequests,
            consecutiveFallbacks: try count("consecutive_fallbacks", 2),
            lowConfidence: try probability("low_confidence", 0.4),
            lowConfidenceTurns: try count("low_confidence_turns", 2),
            frustrationThreshold: try probability("frustration_threshold", 0.8),
            repeatedMessageCount: try count("repeated_message_count", 3),
            kbMisses: try count("kb_misses", 2),
            queues: queues, defaultQueue: defaultName, acknowledgement: acknowledgementName, rephrase: rephraseName,
            priority: priority, waitingUpdate: waitingUpdate, waitingUpdateSeconds: waitingSeconds,
            defaultWaitMinutes: try fields.field("default_wait_minutes").map {
                try nodes.int($0.value, "'default_wait_minutes' in \(what)", in: 1...1440)
            } ?? 5)
    }

    /// `escalation.priority`: points per intent, frustration, a repeat contact and the
    /// customer's tier or value (see `PriorityRules`).
    private func parsePriority(_ node: Node) throws -> PriorityRules {
        let what = "'escalation.priority'"
        let fields = try nodes.entries(node, what, allowed: Self.priorityKeys)
        func points(_ node: Node, _ name: String) throws -> Int { try nodes.int(node, "\(name) in \(what)", in: -100...100) }
        func pointsMap(_ key: String) throws -> [String: Int] {
            guard let entry = fields.field(key) else { return [:] }
            var map: [String: Int] = [:]
            for item in try nodes.entries(entry.value, "'\(key)' in \(what)") {
                map[item.key] = try points(item.value, "'\(key).\(item.key)'")
            }
            return map
        }
        var rules = PriorityRules()
        rules.intents = try pointsMap("intents")
        for name in rules.intents.keys.sorted() {
            try requireIntent(name, line: nodes.line(fields.field("intents")?.value), what)
        }
        rules.tiers = try pointsMap("tiers")
        if let value = fields.field("frustration") { rules.frustration = try points(value.value, "'frustration'") }
        if let value = fields.field("frustration_score") {
            rules.frustrationScore = try nodes.double(value.value, "'frustration_score' in \(what)", in: 0...1)
        }
        if let value = fields.field("repeat_contact") { rules.repeatContact = try points(value.value, "'repeat_contact'") }
        if let value = fields.field("repeat_contact_hours") {
            rules.repeatContactHours = try nodes.double(value.value, "'repeat_contact_hours' in \(what)", in: 0...8760)
        }
        if let value = fields.field("tier_key") { rules.tierKey = try nodes.name(value.value, "'tier_key' in \(what)") }
        if let value = fields.field("value_key") { rules.valueKey = try nodes.name(value.value, "'value_key' in \(what)") }
        if let value = fields.field("value_threshold") {
            rules.valueThreshold = try nodes.double(value.value, "'value_threshold' in \(what)", in: 0...1e12)
        }
        if let value = fields.field("value_points") { rules.valuePoints = try points(value.value, "'value_points'") }
        return rules
    }

    private func parseQueues(_ node: Node) throws -> [EscalationQueue] {
        let entries = try nodes.entries(node, "'queues'")
        guard !entries.isEmpty else {
            throw nodes.error(node, "expected 'queues' to declare at least one queue")
        }
        var routed: [String: (queue: String, line: Int?)] = [:]
        return try entries.map { entry in
            let what = "queue '\(entry.key)'"
            let fields = try nodes.entries(entry.value, what, allowed: Self.queueKeys)
            guard let wait = fields.first(where: { $0.key == "expected_wait_minutes" }) else {
                throw nodes.error(entry.keyNode, "expected 'expected_wait_minutes' in \(what)")
            }
            var queue = EscalationQueue(name: entry.key, expectedWaitMinutes: try nodes.int(wait.value, "'expected_wait_minutes' of \(what)", in: 0...1440),
                                        line: nodes.line(entry.keyNode))
            if let list = fields.first(where: { $0.key == "intents" }) {
                for name in try nodes.names(list.value, "'intents' of \(what)") {
                    try requireIntent(name.text, line: name.line, what)
                    if let earlier = routed[name.text] {
                        let at = earlier.line.map { " (line \($0))" } ?? ""
                        throw nodes.error(line: name.line, "intent '\(name.text)' is already routed to queue '\(earlier.queue)'\(at): "
                            + "expected each intent in one queue")
                    }
                    routed[name.text] = (entry.key, name.line)
                    queue.intents.append(name.text)
                }
            }
            return queue
        }
    }

    /// Each intent's queue: its own `queue`, else the queue listing it, else the default.
    /// Also adds intents routed by their own `queue` to that queue's list.
    mutating func resolveQueues() -> [DomainIntent] {
        guard var policy = escalation else { return intents.map(\.intent) }
        let resolved = intents.map { parsed -> DomainIntent in
            var intent = parsed.intent
            let listed = policy.queues.first { $0.intents.contains(intent.name) }?.name
            intent.queue = parsed.queue?.name ?? listed ?? policy.defaultQueue
            return intent
        }
        for parsed in intents {
            if let own = parsed.queue, let index = policy.queues.firstIndex(where: { $0.name == own.name }),
               !policy.queues[index].intents.contains(parsed.intent.name) {
                policy.queues[index].intents.append(parsed.intent.name)
            }
        }
        escalation = policy
        return resolved
    }
}
