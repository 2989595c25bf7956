import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird

/// A Chatwoot webhook event (agent bot). Ids arrive as numbers, or as strings in the docs' samples.
struct ChatwootEvent: Decodable, Sendable {
    struct Reference: Decodable, Sendable { var id: FlexibleID? }
    struct Conversation: Decodable, Sendable {
        var id: FlexibleID?
        var displayId: FlexibleID?
        var status: String?
        var channel: String?
    }
    var event: String?
    var id: FlexibleID?
    var content: String?
    var messageType: FlexibleID?
    var `private`: Bool?
    var conversation: Conversation?
    var account: Reference?
    var sender: Reference?
    var contact: Reference?
}

/// A string or an integer, kept as a string.
struct FlexibleID: Decodable, Sendable, Hashable {
    var value: String
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let int = try? container.decode(Int.self) {
            value = String(int)
        } else {
            value = try container.decode(String.self)
        }
    }
}

/// What the Chatwoot webhook answers (Chatwoot ignores it; useful in logs and tests).
struct ChatwootResult: Encodable, Sendable {
    var processed: Bool
    var ignored: String?
    var conversationId: String?
    var repliesSent: Int?
    var handoff: Bool?
}

extension FrontlineServer {
    func addChatwootRoutes(to router: Router<ServerRequestContext>) {
        let group = router.group("webhooks")
            .add(middleware: authenticator([.bot, .admin], queryToken: configuration.chatwoot.webhookToken))
        group.post("chatwoot") { request, context in
            let event = try await body.decode(ChatwootEvent.self, from: request)
            return try WireJSONCoding.response(try await handleChatwoot(event, context: context))
        }
    }

    func handleChatwoot(_ event: ChatwootEvent, context: ServerRequestContext) async throws -> ChatwootResult {
        func ignore(_ why: String) -> ChatwootResult { ChatwootResult(processed: false, ignored: why) }
        guard event.event == "message_created" else { return ignore("event \(event.event ?? "none")") }
        // message_type is "incoming" (or 0 in older payloads); outgoing ones are ours or an agent's.
        guard let type = event.messageType?.value, type == "incoming" || type == "0" else { return ignore("not an incoming message") }
        guard event.private != true else { return ignore("private note") }
        guard let conversation = event.conversation, let chatwootId = (conversation.displayId ?? conversation.id)?.value,
              let account = event.account?.id?.value
        else { throw APIError.unprocessable("invalid_request", "missing conversation or account id") }
        // People are handling it in Chatwoot: the bot keeps out.
        guard conversation.status != "open" else { return ignore("conversation is open (handled by people)") }
        guard let text = event.content, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return ignore("no text content")
        }
        try validation.text(text)
        guard let chatwoot else {
            throw APIError(.serviceUnavailable, "chatwoot_not_configured", "chatwoot.base_url and chatwoot.api_token are not configured")
        }
        let id = "chatwoot-\(account)-\(chatwootId)"
        let customer = (event.contact?.id ?? event.sender?.id).map { "chatwoot-contact-\(account)-\($0.value)" }
        let response = try await answer(IncomingMessage(
            conversationId: id, channel: "chatwoot", customerId: customer, text: text,
            clientMessageId: event.id.map { "chatwoot-\($0.value)" },
            context: conversation.channel.map { ["chatwoot_channel": $0] } ?? [:]))
        do {
            for reply in response.replies {
                try await chatwoot.postMessage(account: account, conversation: chatwootId, text: reply.text, buttons: reply.buttons)
            }
            if response.handoff != nil || (response.duplicate == true && (response.status == "handoff" || response.status == "agent")) {
                try await chatwoot.openConversation(account: account, conversation: chatwootId)
            }
        } catch {
            context.logger.error("cannot reach Chatwoot", metadata: ["error": .string("\(error)")])
            throw APIError(.badGateway, "chatwoot_unreachable", "the answer is stored but Chatwoot did not take it; a retry resends it")
        }
        return ChatwootResult(
            processed: true, conversationId: id, repliesSent: response.replies.count, handoff: response.handoff != nil)
    }
}
