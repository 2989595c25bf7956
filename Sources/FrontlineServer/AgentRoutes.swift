import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird
import Logging

/// What the agent endpoints answer: the conversation's status and its handoff.
struct AgentActionBody: Encodable, Sendable {
    var conversationId: String
    var status: String
    var handoff: HandoffBody?
    /// The stored agent message (agent-messages only).
    var message: TranscriptEntry?
    var duplicate: Bool?
}

extension FrontlineServer {
    func addAgentRoutes(to router: Router<ServerRequestContext>) {
        let agents = router.group("v1").add(middleware: authenticator([.agent, .admin]))
        agents.get("handoffs") { request, _ in
            let params = request.uri.queryParameters
            var status: HandoffStatus? = .open
            if let raw = params["status"].map(String.init) {
                if raw == "all" {
                    status = nil
                } else {
                    guard let parsed = HandoffStatus(rawValue: raw) else {
                        throw APIError.badRequest("invalid_query", "status must be open, accepted, returned, closed or all")
                    }
                    status = parsed
                }
            }
            let queue = params["queue"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let handoffs = try await store.handoffs(status: status, queue: queue, limit: try queryLimit(request, default: 100))
            struct Listing: Encodable { var handoffs: [HandoffBody] }
            return try WireJSONCoding.response(Listing(handoffs: try await documents.documents(handoffs)))
        }
        agents.post("conversations/:id/agent-messages") { request, context in
            let id = try conversationId(context)
            let input = try await body.decode(AgentMessageRequest.self, from: request)
            try validation.text(input.text)
            try Validation.id(input.agentId, "agent_id")
            if let messageId = input.messageId { try Validation.id(messageId, "message_id") }
            return try await serializer.run(id) {
                let active = try await requireActiveHandoff(id)
                var handoff = active
                if active.status == .open {
                    handoff = try await store.updateHandoff(id: active.id, to: .accepted, agentId: input.agentId)
                }
                let appended = try await store.appendMessage(
                    conversationId: id, role: .agent, text: input.text, clientMessageId: input.messageId)
                web.notifier.notify(id)
                let status = try await store.conversation(id: id)?.status.rawValue ?? ConversationStatus.agent.rawValue
                return try WireJSONCoding.response(AgentActionBody(
                    conversationId: id, status: status, handoff: try await documents.document(handoff), message: TranscriptEntry(appended.message),
                    duplicate: appended.isDuplicate ? true : nil), status: appended.isDuplicate ? .ok : .created)
            }
        }
        agents.post("conversations/:id/handback") { request, context in
            try await moveHandoff(request, context: context, to: .returned)
        }
        agents.post("conversations/:id/close") { request, context in
            try await moveHandoff(request, context: context, to: .closed)
        }
        agents.post("conversations/:id/outcome") { request, context in
            let id = try conversationId(context)
            let input = try await body.decode(OutcomeRequest.self, from: request)
            let saved = try await saveOutcome(input, conversationId: id, logger: context.logger)
            return try WireJSONCoding.response(saved.outcome, status: .created)
        }
    }

    /// Stores an agent's outcome and teaches it to the serving model's outcome memory at
    /// once; `learned` is nil when it was stored but could not be learned (logged).
    func saveOutcome(
        _ input: OutcomeRequest, conversationId id: String, logger: Logger
    ) async throws -> (outcome: Outcome, learned: ConversationEngine.LearnedOutcome?) {
        if let agent = input.agentId { try Validation.id(agent, "agent_id") }
        guard try await store.conversation(id: id) != nil else { throw APIError.notFound("conversation \(id)") }
        let draft = OutcomeDraft(
            conversationId: id,
            corrections: (input.corrections ?? []).map { correction in
                TurnCorrection(
                    sequence: correction.sequence, intent: correction.intent,
                    slots: correction.slots?.map { SlotCorrection(slot: $0.slot, value: $0.value, start: $0.start, end: $0.end) })
            },
            resolution: input.resolution, kbArticleId: input.kbArticleId, botWasRight: input.botWasRight,
            agentId: input.agentId)
        let outcome = try await engine.recordOutcome(draft)
        // Immediate learning: the serving model's outcome memory takes the accepted examples.
        do {
            let taught = try await engine.learn(from: outcome)
            logger.info("outcome learned", metadata: [
                "outcome": .stringConvertible(outcome.id), "learned": .stringConvertible(taught.learned),
                "duplicates": .stringConvertible(taught.duplicates), "conflicts": .stringConvertible(taught.conflicts),
                "skipped": .stringConvertible(taught.skipped),
            ])
            return (outcome, taught)
        } catch {
            logger.error("outcome stored but not learned", metadata: ["error": .string("\(error)")])
            return (outcome, nil)
        }
    }

    /// Hands a conversation back to the bot or closes it.
    func moveHandoff(_ request: Request, context: ServerRequestContext, to status: HandoffStatus) async throws -> Response {
        let id = try conversationId(context)
        let bytes = try await body.bytes(request, requireJSON: false)
        if !bytes.isEmpty { try body.checkContentType(request) }
        let agentId = bytes.isEmpty ? nil : try BodyReader.decode(HandoffActionRequest.self, bytes: bytes).agentId
        if let agentId { try Validation.id(agentId, "agent_id") }
        return try await serializer.run(id) {
            let active = try await requireActiveHandoff(id)
            let updated = try await store.updateHandoff(id: active.id, to: status, agentId: agentId)
            web.notifier.notify(id)
            return try WireJSONCoding.response(AgentActionBody(
                conversationId: id, status: status.conversationStatus.rawValue, handoff: try await documents.document(updated)))
        }
    }

    /// The conversation's active handoff: 404 for an unknown conversation, 409 when none.
    func requireActiveHandoff(_ id: String) async throws -> Handoff {
        guard let conversation = try await store.conversation(id: id) else { throw APIError.notFound("conversation \(id)") }
        guard let handoff = try await store.activeHandoff(conversationId: id) else {
            throw APIError(.conflict, "not_handed_off", "conversation \(id) is \(conversation.status.rawValue), with no open or accepted handoff")
        }
        return handoff
    }
}
