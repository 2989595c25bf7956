/// Argument checks every store applies the same way, so both implementations refuse
/// the same inputs with the same errors.
public enum StoreValidation {
    /// Throws `invalidArgument` for an empty (or all-whitespace) identifier.
    public static func requireId(_ value: String, _ name: String) throws {
        if value.allSatisfy(\.isWhitespace) {
            throw StoreError.invalidArgument("\(name) must not be empty")
        }
    }

    /// Anonymous chat servers often send "" for "no customer": treat it as nil.
    public static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.allSatisfy(\.isWhitespace) else { return nil }
        return value
    }

    /// A negative limit is read as zero rather than refused.
    public static func limit(_ value: Int) -> Int {
        max(0, value)
    }

    /// The checks `commitTurn` makes before touching anything.
    public static func check(_ turn: TurnCommit) throws {
        try requireId(turn.conversationId, "conversationId")
        if let message = turn.customerMessage {
            try requireId(message.channel, "channel")
            guard let sequence = turn.replyingTo, sequence >= 1 else {
                throw StoreError.invalidArgument("a turn that stores its customer message must name the message's sequence in replyingTo")
            }
        }
        if turn.handoff != nil && turn.status != .handoff {
            throw StoreError.invalidArgument("a turn that creates a handoff must set status .handoff, not .\(turn.status.rawValue)")
        }
        if let handoff = turn.handoff {
            try requireId(handoff.queue, "handoff.queue")
        }
        for update in turn.remember {
            try requireId(update.customerId, "customerId")
            try requireId(update.slot, "slot")
        }
    }

    /// The checks `updateHandoff` makes once the handoff is loaded.
    public static func checkTransition(from current: HandoffStatus, to next: HandoffStatus, agentId: String?) throws {
        guard current.canMove(to: next) else {
            throw StoreError.invalidTransition(from: current, to: next)
        }
        if next == .accepted && nonEmpty(agentId) == nil {
            throw StoreError.invalidArgument("accepting a handoff needs an agentId")
        }
    }
}
