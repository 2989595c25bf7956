import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird

/// A conversation as `GET /v1/conversations/{id}` and the customer listing show it.
struct ConversationBody: Encodable, Sendable {
    var id: String
    var channel: String
    var customerId: String?
    var status: String
    var createdAt: Date
    var updatedAt: Date
    var lastSequence: Int
    /// Every message, oldest first, with the bot's parse of each customer turn.
    var messages: [TranscriptEntry]?
    /// The open or accepted handoff's document.
    var handoff: HandoffBody?

    init(_ conversation: Conversation, messages: [Message]? = nil, handoff: HandoffBody? = nil) {
        id = conversation.id
        channel = conversation.channel
        customerId = conversation.customerId
        status = conversation.status.rawValue
        createdAt = conversation.createdAt
        updatedAt = conversation.updatedAt
        lastSequence = conversation.lastSequence
        self.messages = messages?.map(TranscriptEntry.init)
        self.handoff = handoff
    }
}

extension FrontlineServer {
    func addConversationRoutes(to router: Router<ServerRequestContext>) {
        let chat = router.group("v1").add(middleware: authenticator([.bot, .admin]))
        chat.post("conversations/:id/messages") { request, context in
            try await postMessage(request, context: context)
        }
        // A baseline for load tests: authentication, body checks and JSON both ways, no engine.
        chat.post("echo") { request, _ in
            let message = try await body.decode(MessageRequest.self, from: request)
            try validation.text(message.text)
            return try WireJSONCoding.response(message)
        }

        let read = router.group("v1").add(middleware: authenticator([.bot, .agent, .admin]))
        read.get("conversations/:id") { _, context in
            let id = try conversationId(context)
            guard let conversation = try await store.conversation(id: id) else {
                throw APIError.notFound("conversation \(id)")
            }
            let messages = try await allMessages(id)
            var handoff: HandoffBody?
            if let active = try await store.activeHandoff(conversationId: id) {
                handoff = try await documents.document(active)
            }
            return try WireJSONCoding.response(ConversationBody(conversation, messages: messages, handoff: handoff))
        }
        read.get("customers/:id/conversations") { request, context in
            let customerId = try pathParameter(context, "id", name: "customer_id")
            let limit = try queryLimit(request, default: 50)
            let conversations = try await store.conversations(customerId: customerId, limit: limit)
            struct Listing: Encodable { var customerId: String; var conversations: [ConversationBody] }
            return try WireJSONCoding.response(Listing(customerId: customerId, conversations: conversations.map { ConversationBody($0) }))
        }
    }

    func postMessage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let id = try conversationId(context)
        let message = try await body.decode(MessageRequest.self, from: request)
        try validation.text(message.text)
        try Validation.id(message.sender, "sender")
        try Validation.id(message.channel, "channel")
        if let customer = message.customerId { try Validation.id(customer, "customer_id") }
        if let messageId = message.messageId { try Validation.id(messageId, "message_id") }
        try Validation.metadata(message.metadata)
        let receivedAt = try Validation.timestamp(message.timestamp) ?? Date()
        var metadata = message.metadata ?? [:]
        metadata["sender"] = metadata["sender"] ?? message.sender
        let incoming = IncomingMessage(
            conversationId: id, channel: message.channel, customerId: message.customerId, text: message.text,
            clientMessageId: message.messageId, context: metadata, receivedAt: receivedAt)
        return try WireJSONCoding.response(try await answer(incoming))
    }

    /// The whole transcript, page by page.
    func allMessages(_ id: String) async throws -> [Message] {
        var messages: [Message] = []
        while true {
            let page = try await store.messages(conversationId: id, after: messages.last?.sequence ?? 0, limit: 500)
            messages += page
            if page.count < 500 { return messages }
        }
    }

    func conversationId(_ context: ServerRequestContext) throws -> String {
        try pathParameter(context, "id", name: "conversation_id")
    }

    func pathParameter(_ context: ServerRequestContext, _ key: String, name: String) throws -> String {
        guard let raw = context.parameters.get(key) else { throw APIError.notFound("no such endpoint") }
        let value = raw.removingPercentEncoding ?? raw
        try Validation.id(value, name)
        return value
    }

    func queryLimit(_ request: Request, default value: Int) throws -> Int {
        guard let raw = request.uri.queryParameters["limit"] else { return value }
        guard let limit = Int(raw), (1...500).contains(limit) else {
            throw APIError.badRequest("invalid_query", "limit must be an integer in 1...500")
        }
        return limit
    }
}
