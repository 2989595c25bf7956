import Foundation
import FrontlineAssistant
import FrontlineEngine
import HummingbirdTesting
import Testing

@Suite("Agents: queue, messages, handback, close, outcome")
struct AgentAPITests {
    /// A conversation handed off to people; returns its handoff body.
    static func handOff(_ client: any TestClientProtocol, _ id: String) async throws -> HandoffBody {
        _ = try await client.message(id, "hi")
        let reply = try await client.message(id, "I want to talk to a human agent")
        return try #require(try reply.decode(MessageResponse.self).handoff)
    }

    @Test("The queue lists open handoffs, filtered by queue and status")
    func queue() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let a = uniqueId(), b = uniqueId()
            let first = try await Self.handOff(client, a)
            _ = try await Self.handOff(client, b)
            let open = try await client.call(.get, "/v1/handoffs", key: Keys.agent)
            #expect(open.status == 200)
            let handoffs = try #require(open.json["handoffs"] as? [[String: Any]])
            #expect(handoffs.compactMap { $0["id"] as? String }.contains(first.id))
            #expect(handoffs.allSatisfy { $0["status"] as? String == "open" })
            #expect(handoffs.first?["transcript"] is [Any])

            let inQueue = try await client.call(.get, "/v1/handoffs?queue=\(first.queue)", key: Keys.agent)
            #expect((inQueue.json["handoffs"] as? [[String: Any]])?.allSatisfy { $0["queue"] as? String == first.queue } == true)
            let otherQueue = try await client.call(.get, "/v1/handoffs?queue=no-such-queue", key: Keys.agent)
            #expect((otherQueue.json["handoffs"] as? [Any])?.isEmpty == true)
            let accepted = try await client.call(.get, "/v1/handoffs?status=accepted", key: Keys.agent)
            #expect((accepted.json["handoffs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("The first agent message accepts the handoff; messages land in the transcript; the bot stays silent")
    func agentMessages() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            let handoff = try await Self.handOff(client, id)
            let first = try await client.call(.post, "/v1/conversations/\(id)/agent-messages", key: Keys.agent,
                                              json: ["text": "Hi, I'm Ann, how can I help?", "agent_id": "ann", "message_id": "a-1"])
            #expect(first.status == 201)
            #expect(first.json["status"] as? String == "agent")
            #expect((first.json["handoff"] as? [String: Any])?["status"] as? String == "accepted")
            #expect((first.json["message"] as? [String: Any])?["role"] as? String == "agent")
            let retry = try await client.call(.post, "/v1/conversations/\(id)/agent-messages", key: Keys.agent,
                                              json: ["text": "Hi, I'm Ann, how can I help?", "agent_id": "ann", "message_id": "a-1"])
            #expect(retry.status == 200)
            #expect(retry.json["duplicate"] as? Bool == true)

            let customer = try await client.message(id, "my parcel is late").decode(MessageResponse.self)
            #expect(customer.replies.isEmpty)
            #expect(customer.status == "agent")

            let stored = try #require(try await server.assistant.store.handoff(id: handoff.id))
            #expect(stored.status == .accepted)
            #expect(stored.agentId == "ann")
            let transcript = try await client.call(.get, "/v1/conversations/\(id)").json["messages"] as? [[String: Any]] ?? []
            #expect(transcript.filter { $0["role"] as? String == "agent" }.count == 1)
            #expect(transcript.last?["text"] as? String == "my parcel is late")
        }
    }

    @Test("Handback returns the conversation to the bot, which answers again")
    func handback() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await Self.handOff(client, id)
            _ = try await client.call(.post, "/v1/conversations/\(id)/agent-messages", key: Keys.agent, json: ["text": "on it", "agent_id": "ann"])
            let back = try await client.call(.post, "/v1/conversations/\(id)/handback", key: Keys.agent, json: ["agent_id": "ann"])
            #expect(back.status == 200)
            #expect(back.json["status"] as? String == "bot")
            #expect((back.json["handoff"] as? [String: Any])?["status"] as? String == "returned")
            let answer = try await client.message(id, "where is my order A-12345?").decode(MessageResponse.self)
            #expect(answer.status == "bot")
            #expect(!answer.replies.isEmpty)
            // A second handback has nothing to hand back.
            #expect(try await client.call(.post, "/v1/conversations/\(id)/handback", key: Keys.agent).status == 409)
        }
    }

    @Test("Close ends the handoff and the conversation; the next customer message re-opens it to the bot")
    func close() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await Self.handOff(client, id)
            let closed = try await client.call(.post, "/v1/conversations/\(id)/close", key: Keys.admin, json: ["agent_id": "bob"])
            #expect(closed.status == 200)
            #expect(closed.json["status"] as? String == "closed")
            #expect(try await client.call(.get, "/v1/conversations/\(id)").json["status"] as? String == "closed")
            let again = try await client.message(id, "hello again").decode(MessageResponse.self)
            #expect(again.status == "bot")
            #expect(!again.replies.isEmpty)
        }
    }

    @Test("An outcome is stored with its corrections")
    func outcome() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await client.message(id, "my thing is broken")
            let reply = try await client.call(.post, "/v1/conversations/\(id)/outcome", key: Keys.agent, json: [
                "agent_id": "ann", "resolution": "replaced", "bot_was_right": false,
                "corrections": [["sequence": 1, "intent": "report_defect"] as [String: Any]],
            ])
            #expect(reply.status == 201)
            #expect(reply.json["conversation_id"] as? String == id)
            let outcomes = try await server.assistant.store.outcomes(since: .distantPast, limit: 10)
            let saved = try #require(outcomes.first { $0.conversationId == id })
            #expect(saved.corrections.first?.intent == "report_defect")
            #expect(saved.corrections.first?.text == "my thing is broken")
            #expect(saved.botWasRight == false)
            let badSequence = try await client.call(.post, "/v1/conversations/\(id)/outcome", key: Keys.agent,
                                                    json: ["corrections": [["sequence": 99, "intent": "x"] as [String: Any]]])
            #expect(badSequence.status == 404)
            let unknown = try await client.call(.post, "/v1/conversations/none-\(UUID().uuidString)/outcome", key: Keys.agent, json: [:])
            #expect(unknown.status == 404)
        }
    }
}

