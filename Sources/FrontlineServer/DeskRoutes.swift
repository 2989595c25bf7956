import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird

/// What the agents' desk needs beyond the agent endpoints it reuses (`GET /v1/handoffs`,
/// `GET /v1/conversations/{id}`, `GET /v1/customers/{id}/conversations`, agent-messages,
/// handback, close): the assistant's intents and slots for corrections, suggested articles
/// for the customer's last message, and an outcome that says what the assistant learned.
extension FrontlineServer {
    func addDeskRoutes(to router: Router<ServerRequestContext>) {
        let desk = router.group("v1/desk").add(middleware: authenticator([.agent, .admin]))
        desk.get("assistant") { _, _ in
            struct Listing: Encodable { var intents: [String]; var slots: [String] }
            return try WireJSONCoding.response(Listing(
                intents: assistant.domain.intents.map(\.name).sorted(), slots: assistant.domain.slots.map(\.name).sorted()))
        }
        desk.get("conversations/:id/articles") { request, context in
            let id = try conversationId(context)
            guard try await store.conversation(id: id) != nil else { throw APIError.notFound("conversation \(id)") }
            let limit = try queryLimit(request, default: 3)
            let messages = try await allMessages(id)
            struct Suggestions: Encodable {
                var conversationId: String
                /// The customer message searched for (nil: the customer has written nothing).
                var query: String?
                var sequence: Int?
                var articles: [KBHit]
            }
            guard let last = messages.last(where: { $0.role == .customer }), let index = engine.knowledgeBase else {
                return try WireJSONCoding.response(Suggestions(conversationId: id, articles: []))
            }
            // The bot's reading of the message narrows nothing: the agent wants what fits the words.
            let hits = try await index.search(query: last.text, intents: [], products: [], context: [:], limit: min(limit, 10))
            return try WireJSONCoding.response(Suggestions(conversationId: id, query: last.text, sequence: last.sequence, articles: hits))
        }
        desk.post("conversations/:id/outcome") { request, context in
            let id = try conversationId(context)
            let input = try await body.decode(OutcomeRequest.self, from: request)
            let saved = try await saveOutcome(input, conversationId: id, logger: context.logger)
            struct Saved: Encodable {
                var outcome: Outcome
                /// What the serving model's outcome memory took from it (nil: stored, not learned).
                var learned: ConversationEngine.LearnedOutcome?
                /// When the assistant learned it: from then on its parses use it.
                var learnedAt: Date?
            }
            return try WireJSONCoding.response(
                Saved(outcome: saved.outcome, learned: saved.learned, learnedAt: saved.learned.map { _ in engine.configuration.clock.now() }),
                status: .created)
        }
    }
}
