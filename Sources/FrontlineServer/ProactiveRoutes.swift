import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird

/// `POST /v1/customers/{id}/events`: what the chat server saw the customer do.
struct CustomerEventRequest: Codable, Sendable {
    /// `page_view`, `cart` or `error`.
    var type: String
    var page: String?
    var seconds: Double?
    var cartValue: Double?
    var error: String?
    /// ISO 8601; default now.
    var at: String?
}

extension CustomerEventRequest {
    /// The checked event (422 `invalid_event` naming the field), from the bot's or the widget's route.
    func event(customerId: String, at: Date) throws -> CustomerEvent {
        guard CustomerEvent.kinds.contains(type) else {
            throw APIError.unprocessable("invalid_event", "type must be one of \(CustomerEvent.kinds.joined(separator: ", ")), not \"\(type)\"")
        }
        if let seconds, !(seconds.isFinite && seconds >= 0) {
            throw APIError.unprocessable("invalid_event", "seconds must be a number ≥ 0")
        }
        if let cartValue, !(cartValue.isFinite && cartValue >= 0) {
            throw APIError.unprocessable("invalid_event", "cart_value must be a number ≥ 0")
        }
        return CustomerEvent(customerId: customerId, kind: type, page: page, seconds: seconds, cartValue: cartValue, detail: error, at: at)
    }
}

/// `POST /v1/customers/{id}/prompts/{prompt_id}/accept`.
struct AcceptPromptRequest: Codable, Sendable {
    var conversationId: String
    var channel: String
}

struct PromptBody: Encodable, Sendable {
    var id: String
    var customerId: String
    var rule: String
    /// What the conversation is about once accepted.
    var intent: String
    var text: String
    var createdAt: Date
    var acceptedAt: Date?
    var conversationId: String?

    init(_ prompt: ProactivePrompt) {
        id = prompt.id
        customerId = prompt.customerId
        rule = prompt.rule
        intent = prompt.intent
        text = prompt.text
        createdAt = prompt.createdAt
        acceptedAt = prompt.acceptedAt
        conversationId = prompt.conversationId
    }
}

extension FrontlineServer {
    /// The prompter over this server's store (SQLite and PostgreSQL both keep customer
    /// events and prompts; a store that does not answers 501 and says so).
    func prompter() throws -> ProactivePrompter {
        guard let proactive = store as? any ProactiveStore else {
            throw APIError(.notImplemented, "not_implemented", "this server's store does not keep customer events and prompts")
        }
        return ProactivePrompter(engine: engine, store: proactive)
    }

    func addProactiveRoutes(to router: Router<ServerRequestContext>) {
        let chat = router.group("v1").add(middleware: authenticator([.bot, .admin]))
        chat.post("customers/:id/events") { request, context in
            let customerId = try pathParameter(context, "id", name: "customer_id")
            let input = try await body.decode(CustomerEventRequest.self, from: request)
            let at = try Validation.timestamp(input.at) ?? engine.configuration.clock.now()
            try await prompter().record(try input.event(customerId: customerId, at: at))
            struct Stored: Encodable { var stored = true }
            return try WireJSONCoding.response(Stored(), status: .created)
        }
        chat.get("customers/:id/prompt") { _, context in
            let customerId = try pathParameter(context, "id", name: "customer_id")
            struct Answer: Encodable {
                var prompt: PromptBody?
                /// Why there is none: `no_rules`, `recently_prompted`, `no_rule_matched`.
                var reason: String?
                var nextAllowedAt: Date?
            }
            switch try await prompter().prompt(customerId: customerId) {
            case .success(let prompt):
                return try WireJSONCoding.response(Answer(prompt: PromptBody(prompt)))
            case .failure(let silence):
                return try WireJSONCoding.response(Answer(reason: silence.reason.rawValue, nextAllowedAt: silence.until))
            }
        }
        chat.post("customers/:id/prompts/:prompt/accept") { request, context in
            let customerId = try pathParameter(context, "id", name: "customer_id")
            let promptId = try pathParameter(context, "prompt", name: "prompt_id")
            let input = try await body.decode(AcceptPromptRequest.self, from: request)
            try Validation.id(input.conversationId, "conversation_id")
            try Validation.id(input.channel, "channel")
            // The opener is a turn of the conversation: one at a time across replicas too.
            return try await serializer.run(input.conversationId) {
                try await acrossReplicas(input.conversationId) {
                    let conversation = try await prompter().accept(
                        promptId: promptId, customerId: customerId, conversationId: input.conversationId, channel: input.channel)
                    let messages = try await allMessages(conversation.id)
                    return try WireJSONCoding.response(ConversationBody(conversation, messages: messages), status: .created)
                }
            }
        }
    }
}
