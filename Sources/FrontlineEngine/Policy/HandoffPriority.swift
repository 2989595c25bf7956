import Foundation
import FrontlineData

/// A handoff's place in its queue: the points the domain's `escalation.priority` rules give
/// it, and a short phrase per rule that applied, so agents see why it is where it is.
struct HandoffPriority: Sendable, Hashable {
    var value: Int
    var reasons: [String]

    static func assess(
        _ turn: Turn, reason: HandoffReason, topic: String?, otherChannels: [Message], rules: PriorityRules,
        frustration detector: FrustrationDetector, now: Date, queueOf: (String) -> String?
    ) -> HandoffPriority {
        var priority = HandoffPriority(value: 0, reasons: [])
        func add(_ points: Int, _ why: String) {
            guard points != 0 else { return }
            priority.value += points
            priority.reasons.append("\(why) (\(points > 0 ? "+" : "")\(points))")
        }
        if let topic, let points = rules.intents[topic] {
            add(points, "topic \(topic.replacingOccurrences(of: "_", with: " "))")
        }
        if reason == .frustration || detector.score(turn.incoming.text) >= rules.frustrationScore {
            add(rules.frustration, "customer frustrated")
        }
        if let topic, let earlier = repeatContact(about: topic, in: otherChannels, since: now, rules: rules, queueOf: queueOf) {
            add(rules.repeatContact, "contacted on \(earlier.channel) about it in the last \(Int(rules.repeatContactHours)) h")
        }
        if let tier = turn.incoming.context[rules.tierKey]?.lowercased(), let points = rules.tiers[tier] {
            add(points, "\(tier) customer")
        }
        if let threshold = rules.valueThreshold, let raw = turn.incoming.context[rules.valueKey],
           let value = Double(raw.trimmingCharacters(in: .whitespaces)), value >= threshold {
            add(rules.valuePoints, "\(rules.valueKey) \(raw) ≥ \(Self.format(threshold))")
        }
        return priority
    }

    /// A message on another channel within the window about the same topic (the same intent,
    /// or one routed to the same specialist queue).
    private static func repeatContact(
        about topic: String, in messages: [Message], since now: Date, rules: PriorityRules, queueOf: (String) -> String?
    ) -> Message? {
        let window = rules.repeatContactHours * 3600
        let topicQueue = queueOf(topic)
        return messages.last { message in
            guard message.role == .customer, now.timeIntervalSince(message.createdAt) <= window,
                  let intent = message.parse?.intent else { return false }
            return intent == topic || (topicQueue != nil && queueOf(intent) == topicQueue)
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
