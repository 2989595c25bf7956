import Foundation
import FrontlineAssistant
import HummingbirdTesting
import Testing

@Suite("Customer messages and conversations")
struct MessageAPITests {
    @Test("A message is answered with replies, status and parse in the wire format")
    func answersMessage() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            let reply = try await client.message(id, "where is my order A-12345?", metadata: ["page": "/orders", "platform": "ios"])
            #expect(reply.status == 200)
            let body = try reply.decode(MessageResponse.self)
            #expect(body.conversationId == id)
            #expect(body.status == "bot")
            #expect(body.parse?.intent == "order_status")
            #expect(body.parse?.slots.contains { $0.slot == "order_number" && $0.value == "A-12345" } == true)
            #expect(!body.replies.isEmpty)
            #expect(body.replies.contains { $0.text.contains("shipped") })
            #expect(body.handoff == nil)
            // snake_case on the wire
            #expect(reply.json["conversation_id"] as? String == id)
            #expect(reply.headers[.init("X-Request-Id")!] != nil)
        }
    }

    @Test("A retry with the same message_id gets the original answer and stores nothing new")
    func idempotentRetry() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            let first = try await client.message(id, "hello", messageId: "m-1")
            let again = try await client.message(id, "hello", messageId: "m-1")
            #expect(first.status == 200 && again.status == 200)
            let a = try first.decode(MessageResponse.self), b = try again.decode(MessageResponse.self)
            #expect(a.duplicate == nil)
            #expect(b.duplicate == true)
            #expect(a.replies.map(\.text) == b.replies.map(\.text))
            let conversation = try await client.call(.get, "/v1/conversations/\(id)")
            let messages = conversation.json["messages"] as? [[String: Any]] ?? []
            #expect(messages.filter { $0["role"] as? String == "customer" }.count == 1)
        }
    }

    @Test("Asking for a person hands off with reason, queue, summary and transcript")
    func handoff() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await client.message(id, "where is my order A-12345?")
            let reply = try await client.message(id, "I want to talk to a human agent")
            let body = try reply.decode(MessageResponse.self)
            #expect(body.status == "handoff")
            let handoff = try #require(body.handoff)
            #expect(!handoff.reason.isEmpty && !handoff.queue.isEmpty && !handoff.summary.isEmpty)
            let transcript = handoff.transcript
            #expect(transcript.first?.text == "where is my order A-12345?")
            #expect(transcript.contains { $0.role == "bot" })
            // While waiting for a person the bot only says where the customer is in the queue.
            let later = try await client.message(id, "hello?").decode(MessageResponse.self)
            #expect(later.replies.map(\.kind) == ["waiting"])
            #expect(later.status == "handoff")
        }
    }

    @Test("GET a conversation: full transcript with a parse for each customer turn")
    func getConversation() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await client.message(id, "hi", customer: "cust-1")
            _ = try await client.message(id, "where is my order A-12345?", customer: "cust-1")
            let reply = try await client.call(.get, "/v1/conversations/\(id)")
            #expect(reply.status == 200)
            #expect(reply.json["id"] as? String == id)
            #expect(reply.json["customer_id"] as? String == "cust-1")
            let messages = try #require(reply.json["messages"] as? [[String: Any]])
            let sequences = messages.compactMap { $0["sequence"] as? Int }
            #expect(sequences == Array(1...messages.count))
            let customer = messages.filter { $0["role"] as? String == "customer" }
            #expect(customer.count == 2)
            #expect(customer.allSatisfy { ($0["parse"] as? [String: Any])?["intent"] is String })
            #expect(messages.contains { $0["role"] as? String == "bot" })

            let missing = try await client.call(.get, "/v1/conversations/nope-\(UUID().uuidString)")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test("A customer's conversations across channels")
    func customerConversations() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let customer = uniqueId("cust")
            let web = uniqueId("web"), sms = uniqueId("sms")
            _ = try await client.message(web, "hi", channel: "web", customer: customer)
            _ = try await client.message(sms, "hello", channel: "sms", customer: customer)
            _ = try await client.message(uniqueId("other"), "hello", customer: "someone-else")
            let reply = try await client.call(.get, "/v1/customers/\(customer)/conversations")
            #expect(reply.status == 200)
            let conversations = try #require(reply.json["conversations"] as? [[String: Any]])
            #expect(Set(conversations.compactMap { $0["id"] as? String }) == [web, sms])
            #expect(Set(conversations.compactMap { $0["channel"] as? String }) == ["web", "sms"])
            let none = try await client.call(.get, "/v1/customers/nobody-\(UUID().uuidString)/conversations")
            #expect(none.status == 200)
            #expect((none.json["conversations"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Echo returns the validated request (load-test baseline)")
    func echo() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let reply = try await client.call(.post, "/v1/echo", json: ["text": "ping", "sender": "s", "channel": "web"])
            #expect(reply.status == 200)
            #expect(reply.json["text"] as? String == "ping")
            let bad = try await client.call(.post, "/v1/echo", json: ["sender": "s", "channel": "web"])
            #expect(bad.status == 422)
        }
    }
}
