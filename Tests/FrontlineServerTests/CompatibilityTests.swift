import Foundation
@testable import FrontlineServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A loopback stand-in for Chatwoot's application API: records what the bot posts.
final class FakeChatwoot: Sendable {
    struct Call: Sendable { var path: String; var token: String?; var json: [String: String] }
    let calls = Mutex<[Call]>([])

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("api/v1/accounts/:account/conversations/:conversation/:action") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            let json = object.compactMapValues { $0 as? String }
            self.calls.withLock { $0.append(Call(path: request.uri.path, token: request.headers[HTTPField.Name("api_access_token")!], json: json)) }
            return .ok
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("Rasa REST and Chatwoot compatibility")
struct CompatibilityTests {
    @Test("Rasa REST channel: sender is the conversation; answers [{recipient_id, text}]")
    func rasa() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let sender = uniqueId("rasa")
            // The request from Rasa's REST channel docs.
            let reply = try await client.call(.post, "/webhooks/rest/webhook", json: ["sender": sender, "message": "Hi there!"])
            #expect(reply.status == 200)
            let messages = reply.array
            #expect(!messages.isEmpty)
            #expect(messages.allSatisfy { $0["recipient_id"] as? String == sender && !(($0["text"] as? String) ?? "").isEmpty })
            let stored = try await client.call(.get, "/v1/conversations/\(sender)")
            #expect(stored.json["channel"] as? String == "rest")
            let transcript = stored.json["messages"] as? [[String: Any]] ?? []
            #expect(transcript.first?["text"] as? String == "Hi there!")
            // Metadata is accepted, missing fields are refused.
            let withMetadata = try await client.call(.post, "/webhooks/rest/webhook", json: ["sender": sender, "message": "where is order A-12345", "metadata": ["page": "/orders", "n": 3] as [String: Any]])
            #expect(withMetadata.status == 200)
            #expect(withMetadata.array.contains { ($0["text"] as? String ?? "").contains("shipped") })
            #expect(try await client.call(.post, "/webhooks/rest/webhook", json: ["message": "hi"]).status == 422)
            #expect(try await client.call(.post, "/webhooks/rest/webhook", key: nil, json: ["sender": sender, "message": "hi"]).status == 401)
        }
    }

    @Test("Rasa metadata keeps its keys as sent (os_version, customer_value), numbers and booleans as text, nested values dropped")
    func rasaMetadataKeys() throws {
        let body = #"{"sender": "s", "message": "m", "metadata": {"os_version": "17.2", "customer_value": 900, "vip": true, "messageId": "x", "nested": {"a": 1}, "list": [1]}}"#
        let message = try BodyReader.decode(RasaMessage.self, bytes: Array(body.utf8))
        #expect(message.metadata?.values == ["os_version": "17.2", "customer_value": "900", "vip": "true", "messageId": "x"])
    }

    @Test("Rasa metadata customer_id and message_id (snake or camel case) set the customer and make retries idempotent")
    func rasaCustomerAndMessageIds() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            for (customerKey, messageKey) in [("customer_id", "message_id"), ("customerId", "messageId")] {
                let sender = uniqueId("rasa-ids")
                let customer = uniqueId("customer")
                let json: [String: Any] = ["sender": sender, "message": "hello", "metadata": [customerKey: customer, messageKey: "m-1"]]
                #expect(try await client.call(.post, "/webhooks/rest/webhook", json: json).status == 200)
                #expect(try await client.call(.post, "/webhooks/rest/webhook", json: json).status == 200)
                let stored = try await client.call(.get, "/v1/conversations/\(sender)")
                #expect(stored.json["customer_id"] as? String == customer, "\(customerKey)")
                let customers = (stored.json["messages"] as? [[String: Any]] ?? []).filter { $0["role"] as? String == "customer" }
                #expect(customers.count == 1, "the retry under \(messageKey) was stored again")
            }
        }
    }

    /// The `message_created` payload from Chatwoot's webhook docs, with numeric ids as an agent bot receives them.
    static func chatwootEvent(conversation: Int, message: Int, text: String, type: String = "incoming", status: String = "pending") -> [String: Any] {
        [
            "event": "message_created", "id": message, "content": text, "created_at": "2020-03-03 13:05:57 UTC",
            "message_type": type, "content_type": "text", "content_attributes": [:] as [String: Any], "source_id": "",
            "sender": ["id": 1, "name": "contact-name", "email": "contact@example.com"] as [String: Any],
            "contact": ["id": 1, "name": "contact-name"] as [String: Any],
            "conversation": [
                "display_id": conversation, "id": conversation, "status": status, "channel": "Channel::WebWidget",
                "additional_attributes": ["browser": ["device_name": "Macbook", "browser_name": "Chrome"], "referer": "http://www.chatwoot.com"] as [String: Any],
            ] as [String: Any],
            "account": ["id": 1, "name": "Chatwoot"] as [String: Any],
        ]
    }

    @Test("Chatwoot: incoming messages are answered through Chatwoot's API; handoff opens the conversation; others ignored")
    func chatwoot() async throws {
        let fake = FakeChatwoot()
        try await fake.application().test(.live) { live in
            let port = try #require(live.port)
            let server = try await TestServer.make {
                $0.chatwoot.baseURL = "http://127.0.0.1:\(port)"
                $0.chatwoot.apiToken = "cw-token"
                $0.chatwoot.webhookToken = "hook-secret-123456"
            }
            try await TestServer.run(server) { client in
                let conversation = Int.random(in: 1000...999_999)
                let answered = try await client.call(.post, "/webhooks/chatwoot?token=hook-secret-123456", key: nil,
                                                     json: Self.chatwootEvent(conversation: conversation, message: 1, text: "where is my order A-12345?"))
                #expect(answered.status == 200)
                #expect(answered.json["processed"] as? Bool == true)
                let posted = fake.calls.withLock { $0 }
                #expect(!posted.isEmpty)
                #expect(posted.allSatisfy { $0.path == "/api/v1/accounts/1/conversations/\(conversation)/messages" && $0.token == "cw-token" })
                #expect(posted.contains { ($0.json["content"] ?? "").contains("shipped") && $0.json["message_type"] == "outgoing" })

                // Our own outgoing messages and agents' come back as events: ignored.
                let outgoing = try await client.call(.post, "/webhooks/chatwoot?token=hook-secret-123456", key: nil,
                                                     json: Self.chatwootEvent(conversation: conversation, message: 2, text: "shipped", type: "outgoing"))
                #expect(outgoing.json["processed"] as? Bool == false)
                let other = try await client.call(.post, "/webhooks/chatwoot?token=hook-secret-123456", key: nil,
                                                  json: ["event": "conversation_created", "id": 5] as [String: Any])
                #expect(other.json["processed"] as? Bool == false)
                #expect(fake.calls.withLock { $0.count } == posted.count)

                // Handoff: the replies, then toggle_status open.
                let handoff = try await client.call(.post, "/webhooks/chatwoot?token=hook-secret-123456", key: nil,
                                                    json: Self.chatwootEvent(conversation: conversation, message: 3, text: "I want to talk to a human agent"))
                #expect(handoff.json["handoff"] as? Bool == true)
                let toggle = fake.calls.withLock { $0 }.last
                #expect(toggle?.path == "/api/v1/accounts/1/conversations/\(conversation)/toggle_status")
                #expect(toggle?.json["status"] == "open")

                // An open conversation belongs to people: the bot keeps out.
                let before = fake.calls.withLock { $0.count }
                let open = try await client.call(.post, "/webhooks/chatwoot?token=hook-secret-123456", key: nil,
                                                 json: Self.chatwootEvent(conversation: conversation, message: 4, text: "hello?", status: "open"))
                #expect(open.json["processed"] as? Bool == false)
                #expect(fake.calls.withLock { $0.count } == before)

                // Wrong webhook token, no key: 401. The bot key works too.
                #expect(try await client.call(.post, "/webhooks/chatwoot?token=wrong", key: nil, json: ["event": "x"]).status == 401)
                #expect(try await client.call(.post, "/webhooks/chatwoot", key: Keys.bot, json: ["event": "x"]).status == 200)
            }
        }
    }

    @Test("Chatwoot down: 502, and the message is stored all the same")
    func chatwootDown() async throws {
        let server = try await TestServer.make {
            $0.chatwoot.baseURL = "http://127.0.0.1:9"
            $0.chatwoot.apiToken = "cw-token"
        }
        try await TestServer.run(server) { client in
            let conversation = Int.random(in: 1000...999_999)
            let event = Self.chatwootEvent(conversation: conversation, message: 77, text: "hello")
            let reply = try await client.call(.post, "/webhooks/chatwoot", json: event)
            #expect(reply.status == 502)
            #expect(reply.errorCode == "chatwoot_unreachable")
            let stored = try await client.call(.get, "/v1/conversations/chatwoot-1-\(conversation)")
            #expect((stored.json["messages"] as? [Any])?.isEmpty == false)
        }
    }
}
