/// The paragraph an agent reads before the transcript.
enum HandoffSummary {
    static func write(
        intent: String?, reason: HandoffReason, lastMessage: String, slots: [String: String], otherChannels: [Message]
    ) -> String {
        var parts: [String] = []
        let topic = intent.map { "help with \($0.replacingOccurrences(of: "_", with: " "))" } ?? "help (topic unclear)"
        parts.append("The customer wants \(topic); their last message was \"\(clip(lastMessage))\".")
        if !slots.isEmpty {
            let known = slots.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            parts.append("Known: \(known).")
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
