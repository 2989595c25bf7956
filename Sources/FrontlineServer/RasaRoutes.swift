import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird

/// Rasa's REST channel (`POST /webhooks/rest/webhook`), so chat widgets and scripts
/// written for Rasa work unchanged: the sender is the conversation id.
struct RasaMessage: Decodable, Sendable {
    var sender: String
    var message: String
    var metadata: LooseStringMap?
}

/// One bot utterance in Rasa's answer format.
struct RasaReply: Encodable, Sendable {
    struct Button: Encodable, Sendable { var title: String; var payload: String }
    var recipientId: String
    var text: String
    var buttons: [Button]?
}

/// A JSON object whose string, number and boolean values are kept as strings (nested values
/// dropped), with its keys exactly as sent: `os_version` and `customer_value` are context
/// keys the knowledge base and the priority rules look up by those names.
struct LooseStringMap: Decodable, Sendable {
    var values: [String: String] = [:]

    init(from decoder: any Decoder) throws {
        // Decoded as a String-keyed dictionary, which the wire decoder's snake-case key
        // conversion leaves alone; a keyed container would hand over `osVersion`.
        let raw = try decoder.singleValueContainer().decode([String: LooseValue].self)
        for (key, value) in raw { if let text = value.text { values[key] = text } }
    }

    /// One metadata value as text, or nil for an array, an object or null.
    struct LooseValue: Decodable, Sendable {
        var text: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let int = try? container.decode(Int.self) {
                text = String(int)
            } else if let double = try? container.decode(Double.self) {
                text = String(double)
            } else if let bool = try? container.decode(Bool.self) {
                text = String(bool)
            }
        }
    }
}

extension FrontlineServer {
    func addRasaRoutes(to router: Router<ServerRequestContext>) {
        router.group("webhooks/rest").add(middleware: authenticator([.bot, .admin])).post("webhook") { request, _ in
            let input = try await body.decode(RasaMessage.self, from: request)
            try Validation.id(input.sender, "sender")
            try validation.text(input.message)
            // Metadata keys as sent; at most 32 values of up to 512 characters.
            let metadata = Dictionary(input.metadata?.values.filter { $0.value.count <= 512 }.prefix(32).map { ($0.key, $0.value) } ?? [],
                                      uniquingKeysWith: { first, _ in first })
            let messageId = metadata["message_id"] ?? metadata["messageId"]
            if let messageId { try Validation.id(messageId, "message_id") }
            let response = try await answer(IncomingMessage(
                conversationId: input.sender, channel: metadata["channel"] ?? "rest",
                customerId: metadata["customer_id"] ?? metadata["customerId"],
                text: input.message, clientMessageId: messageId, context: metadata))
            let replies = response.replies.map { reply in
                RasaReply(
                    recipientId: input.sender, text: reply.text,
                    buttons: reply.buttons.map { $0.map { RasaReply.Button(title: $0, payload: $0) } })
            }
            return try WireJSONCoding.response(replies)
        }
    }

    func addCompatibilityRoutes(to router: Router<ServerRequestContext>) {
        addRasaRoutes(to: router)
        addChatwootRoutes(to: router)
    }
}
