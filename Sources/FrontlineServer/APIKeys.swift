/// What a caller may do.
public enum Role: String, Sendable, Hashable, CaseIterable {
    /// The chat server: posts customer messages, reads conversations.
    case bot
    /// People answering handed-off conversations.
    case agent
    /// Everything, including metrics.
    case admin
}

/// Who made a request: a role and a name for logs and rate limits ("bot#1"), never the key.
public struct Principal: Sendable, Hashable {
    public var role: Role
    public var name: String
}

/// The configured API keys by role. Keys are compared in constant time and never logged.
public struct APIKeys: Sendable, Equatable {
    public var bot: [String] = []
    public var agent: [String] = []
    public var admin: [String] = []

    public init(bot: [String] = [], agent: [String] = [], admin: [String] = []) {
        self.bot = bot
        self.agent = agent
        self.admin = admin
    }

    public var isEmpty: Bool { bot.isEmpty && agent.isEmpty && admin.isEmpty }

    func problems() -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for (role, keys) in [("bot", bot), ("agent", agent), ("admin", admin)] {
            for (index, key) in keys.enumerated() {
                if key.utf8.count < 16 { problems.append("\(role) key #\(index + 1) is shorter than 16 characters") }
                if key.contains(where: { $0.isWhitespace || $0 == "," }) { problems.append("\(role) key #\(index + 1) contains whitespace or a comma") }
                if !seen.insert(key).inserted { problems.append("\(role) key #\(index + 1) is configured more than once") }
            }
        }
        return problems
    }

    /// The principal a presented key belongs to, or nil. Every configured key is compared,
    /// each in time independent of where the bytes differ.
    public func principal(for presented: String) -> Principal? {
        let candidate = Array(presented.utf8)
        var found: Principal?
        for (role, keys) in [(Role.bot, bot), (.agent, agent), (.admin, admin)] {
            for (index, key) in keys.enumerated() where Self.constantTimeEqual(Array(key.utf8), candidate) {
                found = found ?? Principal(role: role, name: "\(role.rawValue)#\(index + 1)")
            }
        }
        return found
    }

    /// Compares every byte of the longer input whatever the contents (the lengths alone may leak).
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        let length = max(a.count, b.count)
        for i in 0..<length {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
