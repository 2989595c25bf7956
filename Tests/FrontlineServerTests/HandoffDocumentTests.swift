import Foundation
import FrontlineAssistant
import FrontlineEngine
import HummingbirdTesting
import Testing

@Suite("Handoff documents: one document everywhere, live waits, updates while waiting")
struct HandoffDocumentTests {
    /// Keys every handoff document carries, whichever endpoint serves it.
    static let requiredKeys: Set<String> = [
        "id", "conversation_id", "customer_id", "channel", "created_at", "waited_seconds", "reason", "queue", "priority",
        "priority_reasons", "summary", "status", "slots", "transcript", "other_channels",
    ]

    /// Hands conversation `id` to people ("hi", then a request for a person).
    static func handOff(
        _ client: any TestClientProtocol, _ id: String, customer: String? = nil, channel: String = "web", messageId: String? = nil
    ) async throws -> MessageResponse {
        _ = try await client.message(id, "hi", channel: channel, customer: customer)
        let reply = try await client.message(id, "I want to talk to a human agent", channel: channel, customer: customer, messageId: messageId)
        #expect(reply.status == 200)
        return try reply.decode(MessageResponse.self)
    }

    @Test("The message response, the queue, the conversation and the webhook carry the same handoff document")
    func sameDocumentEverywhere() async throws {
        let hook = FakeWebhook()
        hook.up.withLock { $0 = true }
        try await hook.application().test(.live) { live in
            let port = try #require(live.port)
            let clock = TestClock()
            let server = try await TestServer.make(clock: clock.storeClock) { $0.webhook.url = "http://127.0.0.1:\(port)/hook" }
            try await TestServer.run(server) { client in
                let customer = uniqueId("cust")
                let social = uniqueId("social")
                _ = try await client.message(social, "my new speaker won't switch on", channel: "social", customer: customer)
                let web = uniqueId("web")
                let response = try await Self.handOff(client, web, customer: customer)
                let handoff = try #require(response.handoff)
                #expect(handoff.conversationId == web)
                #expect(handoff.customerId == customer)
                #expect(handoff.channel == "web")
                #expect(handoff.waitedSeconds == 0)
                #expect(handoff.status == "open")
                #expect(handoff.position == 1)
                #expect(handoff.transcript.map(\.text).contains("I want to talk to a human agent"))
                #expect(handoff.otherChannels.contains { $0.text == "my new speaker won't switch on" && $0.channel == "social" })

                clock.advance(seconds: 90)
                let queue = try await client.call(.get, "/v1/handoffs", key: Keys.agent)
                let entries = try #require(queue.json["handoffs"] as? [[String: Any]])
                let entry = try #require(entries.first { $0["id"] as? String == handoff.id })
                #expect(entry["conversation_id"] as? String == web)
                #expect(entry["waited_seconds"] as? Int == 90)
                #expect(Self.requiredKeys.isSubset(of: entry.keys))
                #expect((entry["other_channels"] as? [[String: Any]])?.contains { $0["channel"] as? String == "social" } == true)

                let conversation = try await client.call(.get, "/v1/conversations/\(web)", key: Keys.agent)
                let attached = try #require(conversation.json["handoff"] as? [String: Any])
                #expect(attached["id"] as? String == handoff.id)
                #expect(attached["waited_seconds"] as? Int == 90)
                #expect(Self.requiredKeys.isSubset(of: attached.keys))

                #expect(try await server.outbox.deliverDue() >= 1)
                let delivery = try #require(hook.accepted.first { $0.handoffId == handoff.id })
                let body = try #require(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
                let delivered = try #require(body["handoff"] as? [String: Any])
                #expect(delivered["conversation_id"] as? String == web)
                #expect(delivered["customer_id"] as? String == customer)
                #expect(Self.requiredKeys.isSubset(of: delivered.keys))
                #expect((delivered["transcript"] as? [Any])?.isEmpty == false)
            }
        }
    }

    @Test("A retried message (same message_id) gets the original handoff back, not a new one")
    func retryReturnsHandoff() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            let first = try await Self.handOff(client, id, messageId: "m-2")
            let original = try #require(first.handoff)
            let retry = try await client.message(id, "I want to talk to a human agent", messageId: "m-2").decode(MessageResponse.self)
            #expect(retry.duplicate == true)
            #expect(retry.handoff?.id == original.id)
            #expect(retry.handoff?.conversationId == id)
            #expect(retry.replies.map(\.text) == first.replies.map(\.text))
            let open = try await client.call(.get, "/v1/handoffs?status=all", key: Keys.agent).json["handoffs"] as? [[String: Any]] ?? []
            #expect(open.filter { $0["conversation_id"] as? String == id }.count == 1)
        }
    }

    @Test("The expected wait follows the queue's length, then how fast agents recently accepted")
    func liveWait() async throws {
        let clock = TestClock()
        let server = try await TestServer.make(clock: clock.storeClock)
        try await TestServer.run(server) { client in
            // Before any history: the queue's configured wait (general: 3 minutes) per place.
            var ids: [String] = []
            for expected in [(1, 3), (2, 6), (3, 9)] {
                let id = uniqueId()
                ids.append(id)
                let handoff = try #require(try await Self.handOff(client, id).handoff)
                #expect(handoff.queue == "general")
                #expect(handoff.position == expected.0)
                #expect(handoff.expectedWaitMinutes == expected.1)
            }
            // Agents pick one up every 60 s.
            for id in ids {
                clock.advance(seconds: 60)
                let accepted = try await client.call(
                    .post, "/v1/conversations/\(id)/agent-messages", key: Keys.agent, json: ["text": "Hi, Ann here", "agent_id": "ann"])
                #expect(accepted.status == 201)
            }
            let next = try #require(try await Self.handOff(client, uniqueId()).handoff)
            #expect(next.position == 1)
            #expect(next.expectedWaitMinutes == 1)
            let after = try #require(try await Self.handOff(client, uniqueId()).handoff)
            #expect(after.position == 2)
            #expect(after.expectedWaitMinutes == 2)
        }
    }

    @Test("A waiting customer hears their place and wait at most every 2 minutes; silence once an agent accepted")
    func waitingUpdates() async throws {
        let clock = TestClock()
        let server = try await TestServer.make(clock: clock.storeClock)
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await Self.handOff(client, id)
            clock.advance(seconds: 20)
            let first = try await client.message(id, "hello? is anyone there?").decode(MessageResponse.self)
            #expect(first.status == "handoff")
            #expect(first.replies.map(\.kind) == ["waiting"])
            #expect(first.replies.first?.text.contains("number 1") == true)
            #expect(first.replies.first?.text.contains("3 minutes") == true)

            clock.advance(seconds: 60)
            let quiet = try await client.message(id, "hello??").decode(MessageResponse.self)
            #expect(quiet.replies.isEmpty)
            #expect(quiet.status == "handoff")

            clock.advance(seconds: 61)
            let second = try await client.message(id, "still waiting...").decode(MessageResponse.self)
            #expect(second.replies.map(\.kind) == ["waiting"])
            #expect(second.replies.first?.text != first.replies.first?.text)

            _ = try await client.call(.post, "/v1/conversations/\(id)/agent-messages", key: Keys.agent, json: ["text": "Hi!", "agent_id": "ann"])
            clock.advance(seconds: 300)
            let withAgent = try await client.message(id, "ok thanks").decode(MessageResponse.self)
            #expect(withAgent.replies.isEmpty)
            #expect(withAgent.status == "agent")
        }
    }
}
