/// The paragraph an agent reads before the transcript: the topic, what is known, what the
/// bot already tried, why it handed over and what the customer said elsewhere lately.
enum HandoffSummary {
    struct TriedArticle: Hashable {
        var id: String
        var title: String
        var rejected: Bool
    }

    static func write(
        intent: String?, reason: HandoffReason, lastMessage: String, slots: [String: String],
        earlierTopics: [String] = [], articles: [TriedArticle] = [], otherChannels: [Message]
    ) -> String {
        var parts: [String] = []
        func words(_ name: String) -> String { name.replacingOccurrences(of: "_", with: " ") }
        var topic = intent.map { "help with \(words($0))" } ?? "help (topic unclear)"
        let earlier = earlierTopics.filter { $0 != intent }
        if !earlier.isEmpty { topic += " (earlier: \(earlier.map(words).joined(separator: ", ")))" }
        parts.append("The customer wants \(topic); their last message was \"\(clip(lastMessage))\".")
        if !slots.isEmpty {
            let known = slots.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            parts.append("Known: \(known).")
        }
        if !articles.isEmpty {
            let tried = articles.map { "\"\($0.title)\"\($0.rejected ? " (did not help)" : "")" }.joined(separator: ", ")
            parts.append("Already tried: \(tried).")
        }
        parts.append("Handed over because \(reason.explanation).")
        if !otherChannels.isEmpty {
            let earlier = otherChannels.map { "[\($0.channel)] \"\(clip($0.text))\"" }.joined(separator: "; ")
            parts.append("Recently on other channels: \(earlier).")
        }
        return parts.joined(separator: " ")
    }

    private static func clip(_ text: String, to limit: Int = 160) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }
}
