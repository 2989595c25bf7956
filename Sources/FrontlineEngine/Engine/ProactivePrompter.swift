import Foundation
import FrontlineData

/// Decides whether to open a chat with a customer (domain.yml `proactive`) from what the chat
/// server reported they did, at most once per `min_interval_seconds` per customer, and opens
/// the conversation when they accept: the opening message goes into the transcript and the
/// customer's first reply continues its topic.
public struct ProactivePrompter: Sendable {
    let engine: ConversationEngine
    let store: any ProactiveStore

    public init(engine: ConversationEngine, store: any ProactiveStore) {
        self.engine = engine
        self.store = store
    }

    var rules: ProactiveRules? { engine.domain.proactive }
    var clock: StoreClock { engine.configuration.clock }

    public func record(_ event: CustomerEvent) async throws {
        try await store.recordEvent(event)
    }

    /// Why there is no prompt, for the chat server's logs.
    public enum Silence: String, Sendable {
        case noRules = "no_rules", recentlyPrompted = "recently_prompted", noRuleMatched = "no_rule_matched"
    }

    /// A new prompt for the customer, stored; or why not.
    public func prompt(customerId: String) async throws -> Result<ProactivePrompt, SilenceReason> {
        guard let rules else { return .failure(SilenceReason(.noRules)) }
        let now = clock.now()
        if let last = try await store.lastPrompt(customerId: customerId),
           now.timeIntervalSince(last.createdAt) < rules.minIntervalSeconds {
            return .failure(SilenceReason(.recentlyPrompted, until: last.createdAt.addingTimeInterval(rules.minIntervalSeconds)))
        }
        let events = try await store.events(customerId: customerId, since: now.addingTimeInterval(-rules.windowSeconds))
        guard let rule = rules.rules.first(where: { rule in events.contains { Self.matches(rule, $0) } }) else {
            return .failure(SilenceReason(.noRuleMatched))
        }
        let seed = StableHash.of(customerId, String(StoreClock.milliseconds(now)))
        let text = ResponseRenderer(domain: engine.domain).render(response: rule.message, variables: [:], seed: seed) ?? ""
        let prompt = ProactivePrompt(
            id: RandomIdentifier.uuidString(), customerId: customerId, rule: rule.name, intent: rule.intent, text: text, createdAt: now)
        // Another request (or replica) may have prompted since the check above.
        let cutoff = now.addingTimeInterval(-rules.minIntervalSeconds)
        if let earlier = try await store.savePrompt(prompt, unlessPromptedAfter: cutoff) {
            return .failure(SilenceReason(.recentlyPrompted, until: earlier.createdAt.addingTimeInterval(rules.minIntervalSeconds)))
        }
        return .success(prompt)
    }

    public struct SilenceReason: Error, Sendable {
        public var reason: Silence
        /// When a prompt may come again (recently prompted).
        public var until: Date?

        init(_ reason: Silence, until: Date? = nil) {
            self.reason = reason
            self.until = until
        }
    }

    /// The customer took the prompt: the conversation opens (or continues) with the prompt's
    /// message, and its topic is the prompt's intent. Throws `conflict` when the conversation
    /// is with people, or the prompt was accepted in another conversation.
    public func accept(promptId: String, customerId: String, conversationId: String, channel: String) async throws -> Conversation {
        guard let prompt = try await store.prompt(id: promptId), prompt.customerId == customerId else {
            throw StoreError.notFound("prompt \(promptId) of customer \(customerId)")
        }
        if let earlier = prompt.conversationId {
            guard earlier == conversationId, let conversation = try await engine.store.conversation(id: earlier) else {
                throw StoreError.conflict("prompt \(promptId) was already accepted in conversation \(earlier)")
            }
            return conversation
        }
        let conversation = try await engine.openProactive(
            conversationId: conversationId, channel: channel, customerId: customerId, text: prompt.text, intent: prompt.intent)
        _ = try await store.markPromptAccepted(id: promptId, conversationId: conversationId, at: clock.now())
        return conversation
    }

    static func matches(_ rule: ProactiveRule, _ event: CustomerEvent) -> Bool {
        if let kind = rule.event, kind != event.kind { return false }
        if let page = rule.page {
            guard let seen = event.page, ArticleFit.matches(seen, pattern: page) else { return false }
        }
        if let seconds = rule.secondsOnPage, (event.seconds ?? 0) < seconds { return false }
        if let above = rule.cartAbove, (event.cartValue ?? 0) <= above { return false }
        return true
    }
}
