/// Why the engine handed a conversation to people; stored as the handoff's `reason`.
public enum HandoffReason: String, Sendable, Hashable, Codable, CaseIterable {
    case humanRequest = "human_request"
    case frustration
    case fallbacks
    case lowConfidence = "low_confidence"
    case kbMisses = "kb_misses"
    case humanOnly = "human_only"
    case formGiveUp = "form_give_up"

    /// How the summary explains it to the agent.
    var explanation: String {
        switch self {
        case .humanRequest: "the customer asked for a person"
        case .frustration: "the customer seemed frustrated"
        case .fallbacks: "the bot did not understand several messages in a row"
        case .lowConfidence: "the bot was unsure what the customer meant several times in a row"
        case .kbMisses: "the help articles did not answer the question"
        case .humanOnly: "this request is handled by people only"
        case .formGiveUp: "the customer could not give a valid answer to the bot's questions"
        }
    }
}
