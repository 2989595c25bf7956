import Foundation
import FrontlineAssistant
import FrontlineData
import FrontlineEngine
import Hummingbird

/// The web chat widget's API. The browser never holds an API key: a session (opened only
/// by pages of allowed origins, rate-limited per client address) gets a signed, expiring
/// token that authorises one conversation's messages and events and nothing else.
extension FrontlineServer {
    func addWidgetRoutes(to router: Router<ServerRequestContext>) {
        let widget = router.group("v1/widget").add(middleware: WidgetCORS(settings: web.settings))
        for path in ["sessions", "conversations/:id", "conversations/:id/messages", "conversations/:id/stream",
                     "conversations/:id/activity", "conversations/:id/prompt", "conversations/:id/prompts/:prompt/accept"] {
            widget.on(RouterPath(stringLiteral: path), method: .options) { _, _ in Response(status: .noContent) }
        }
        widget.post("sessions") { request, context in
            try await openWidgetSession(request, context: context)
        }
        widget.post("conversations/:id/messages") { request, context in
            let grant = try await widgetGrant(request, context)
            let input = try await body.decode(WidgetMessageRequest.self, from: request)
            try validation.text(input.text)
            if let messageId = input.messageId { try Validation.id(messageId, "message_id") }
            try Validation.metadata(input.metadata)
            var metadata = input.metadata ?? [:]
            metadata["sender"] = grant.customerId
            metadata["site"] = grant.site
            let incoming = IncomingMessage(
                conversationId: grant.conversationId, channel: Self.widgetChannel, customerId: grant.customerId, text: input.text,
                clientMessageId: input.messageId, context: metadata, receivedAt: engine.configuration.clock.now())
            return try WireJSONCoding.response(try await answer(incoming))
        }
        widget.get("conversations/:id") { request, context in
            let grant = try await widgetGrant(request, context)
            let after = try Self.sequence(request.uri.queryParameters["after"].map(String.init), name: "after") ?? 0
            return try WireJSONCoding.response(try await widgetTranscript(grant.conversationId, after: after))
        }
        widget.get("conversations/:id/stream") { request, context in
            let grant = try await widgetGrant(request, context)
            let resumeAfter = try Self.sequence(request.headers[.lastEventID], name: "Last-Event-ID") ?? 0
            return conversationEventStream(grant.conversationId, after: resumeAfter)
        }
        widget.post("conversations/:id/activity") { request, context in
            let grant = try await widgetGrant(request, context)
            let input = try await body.decode(CustomerEventRequest.self, from: request)
            try await prompter().record(try input.event(customerId: grant.customerId, at: engine.configuration.clock.now()))
            struct Stored: Encodable { var stored = true }
            return try WireJSONCoding.response(Stored(), status: .created)
        }
        widget.get("conversations/:id/prompt") { request, context in
            let grant = try await widgetGrant(request, context)
            struct Answer: Encodable { var prompt: PromptBody?; var reason: String? }
            // A conversation already under way gets no opener.
            if let conversation = try await store.conversation(id: grant.conversationId), conversation.lastSequence > 0 {
                return try WireJSONCoding.response(Answer(reason: "conversation_started"))
            }
            switch try await prompter().prompt(customerId: grant.customerId) {
            case .success(let prompt): return try WireJSONCoding.response(Answer(prompt: PromptBody(prompt)))
            case .failure(let silence): return try WireJSONCoding.response(Answer(reason: silence.reason.rawValue))
            }
        }
        widget.post("conversations/:id/prompts/:prompt/accept") { request, context in
            let grant = try await widgetGrant(request, context)
            let promptId = try pathParameter(context, "prompt", name: "prompt_id")
            let transcript = try await serializer.run(grant.conversationId) {
                _ = try await prompter().accept(
                    promptId: promptId, customerId: grant.customerId, conversationId: grant.conversationId, channel: Self.widgetChannel)
                return try await widgetTranscript(grant.conversationId, after: 0)
            }
            web.notifier.notify(grant.conversationId)
            return try WireJSONCoding.response(transcript, status: .created)
        }
    }

    /// The channel of conversations opened by the widget.
    static let widgetChannel = "web"

    /// A new session, or (with a valid token as bearer) the same conversation's token renewed.
    func openWidgetSession(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard request.headers[.origin] != nil else {
            throw APIError(.forbidden, "origin_required", "widget sessions are opened by web pages (the request has no Origin header)")
        }
        if let retryAfter = web.sessionLimiter.take("address:\(context.clientAddress ?? "unknown")") {
            throw APIError.rateLimited(retryAfter: retryAfter)
        }
        let input = try await body.decode(WidgetSessionRequest.self, from: request)
        let site = input.site ?? "default"
        try Validation.id(site, "site")
        let tokens = try await web.tokens()
        let now = engine.configuration.clock.now()
        let expiresAt = now.addingTimeInterval(web.settings.tokenSeconds)
        var grant = WidgetGrant(
            conversationId: "web-\(RandomIdentifier.uuidString().lowercased())", customerId: "visitor-\(RandomIdentifier.uuidString().lowercased())",
            site: site, expiresAt: expiresAt)
        var renewed = false
        if let presented = Self.bearer(request) {
            do {
                let current = try tokens.verify(presented, now: now)
                grant.conversationId = current.conversationId
                grant.customerId = current.customerId
                grant.site = current.site
                renewed = true
            } catch {
                throw APIError(.unauthorized, "invalid_widget_token", "the session token is invalid or expired; open a new session without it")
            }
        }
        context.caller.set("widget")
        let body = WidgetSessionBody(
            conversationId: grant.conversationId, customerId: grant.customerId, token: try tokens.sign(grant), expiresAt: expiresAt,
            renewed: renewed)
        return try WireJSONCoding.response(body, status: renewed ? .ok : .created)
    }

    /// The grant of the request's bearer token, which must name the path's conversation.
    /// 401 without a valid, unexpired token; 403 for another conversation's.
    func widgetGrant(_ request: Request, _ context: ServerRequestContext) async throws -> WidgetGrant {
        let id = try conversationId(context)
        guard let presented = Self.bearer(request) else {
            throw APIError(.unauthorized, "unauthorized", "a widget session token is required (Authorization: Bearer <token>)")
        }
        let tokens = try await web.tokens()
        let grant: WidgetGrant
        do {
            grant = try tokens.verify(presented, now: engine.configuration.clock.now())
        } catch .expired {
            throw APIError(.unauthorized, "token_expired", "the session token has expired; renew it before it does")
        } catch {
            throw APIError(.unauthorized, "invalid_widget_token", "the session token is not valid")
        }
        guard grant.conversationId == id else {
            throw APIError(.forbidden, "forbidden", "the session token does not authorise this conversation")
        }
        context.caller.set("widget")
        if let retryAfter = limiter.take("widget:\(grant.conversationId)") {
            throw APIError.rateLimited(retryAfter: retryAfter)
        }
        return grant
    }

    /// The conversation's messages after `after` and who is answering.
    func widgetTranscript(_ id: String, after: Int) async throws -> WidgetTranscriptBody {
        var messages: [Message] = []
        while true {
            let page = try await store.messages(conversationId: id, after: messages.last?.sequence ?? after, limit: 500)
            messages += page
            if page.count < 500 { break }
        }
        return WidgetTranscriptBody(
            conversationId: id, state: try await widgetState(id), messages: messages.map { widgetMessage($0) })
    }

    func widgetMessage(_ message: Message) -> WidgetMessageBody {
        WidgetMessageBody(message, articles: web.articles)
    }

    /// Who answers the conversation now; a conversation not yet written to is the bot's.
    func widgetState(_ id: String) async throws -> WidgetStateBody {
        guard let conversation = try await store.conversation(id: id) else { return WidgetStateBody(status: ConversationStatus.bot.rawValue) }
        var agentName: String?
        if conversation.status == .agent { agentName = try await store.activeHandoff(conversationId: id)?.agentId }
        return WidgetStateBody(status: conversation.status.rawValue, agentName: agentName)
    }

    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    /// A message sequence number from a query or header: nil when absent, 400 when not one.
    static func sequence(_ raw: String?, name: String) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Int(raw), value >= 0 else {
            throw APIError.badRequest("invalid_query", "\(name) must be a message sequence number (an integer ≥ 0)")
        }
        return value
    }
}
