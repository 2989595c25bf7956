import Foundation
import FrontlineServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Authentication, roles and error codes")
struct ErrorTests {
    @Test("Missing or wrong key: 401; bot key on agent endpoints: 403; agent key may not post customer messages")
    func authAndRoles() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            #expect(try await client.message(id, "hi", key: "").status == 401)
            let missing = try await client.call(.post, "/v1/conversations/\(id)/messages", key: nil, json: ["text": "hi", "sender": "s", "channel": "web"])
            #expect(missing.status == 401)
            #expect(missing.errorCode == "unauthorized")
            #expect(try await client.message(id, "hi", key: Keys.bot + "x").status == 401)
            #expect(try await client.message(id, "hi", key: String(Keys.bot.dropLast())).status == 401)
            // Nothing was stored by refused requests.
            #expect(try await client.call(.get, "/v1/conversations/\(id)").status == 404)

            #expect(try await client.message(id, "hi", key: Keys.agent).status == 403)
            #expect(try await client.message(id, "hi", key: Keys.admin).status == 200)

            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/handoffs"), (.post, "/v1/conversations/\(id)/handback"),
                (.post, "/v1/conversations/\(id)/close"), (.post, "/v1/conversations/\(id)/outcome"),
                (.post, "/v1/conversations/\(id)/agent-messages"), (.get, "/metrics"),
            ] {
                let refused = try await client.call(method, path, key: Keys.bot, json: ["text": "x", "agent_id": "a"])
                #expect(refused.status == 403, "\(path)")
                #expect(refused.errorCode == "forbidden")
            }
            #expect(try await client.call(.get, "/v1/handoffs", key: Keys.agent).status == 200)
            #expect(try await client.call(.get, "/metrics", key: Keys.agent).status == 403)
            #expect(try await client.call(.get, "/metrics", key: Keys.admin).status == 200)
            // Reads are open to every role.
            #expect(try await client.call(.get, "/v1/conversations/\(id)", key: Keys.agent).status == 200)
            // Health checks need no key.
            #expect(try await client.call(.get, "/healthz", key: nil).status == 200)
            #expect(try await client.call(.get, "/readyz", key: nil).status == 200)
        }
    }

    @Test("Body, content type, JSON and field errors have their documented codes and store nothing")
    func requestErrors() async throws {
        let server = try await TestServer.make { $0.limits.maxBodyBytes = 2048; $0.limits.maxTextLength = 100 }
        try await TestServer.run(server) { client in
            let id = uniqueId()
            let path = "/v1/conversations/\(id)/messages"
            let big = try await client.call(.post, path, raw: Array(repeating: UInt8(ascii: "a"), count: 5000))
            #expect(big.status == 413)
            #expect(big.errorCode == "body_too_large")

            let plain = try await client.call(.post, path, raw: Array(#"{"text":"hi","sender":"s","channel":"web"}"#.utf8), contentType: "text/plain")
            #expect(plain.status == 415)
            let noType = try await client.call(.post, path, raw: Array(#"{"text":"hi","sender":"s","channel":"web"}"#.utf8), contentType: nil)
            #expect(noType.status == 415)

            let malformed = try await client.call(.post, path, raw: Array(#"{"text": "hi", "sender": "#.utf8))
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "invalid_json")
            // The body is parsed once: bad syntax anywhere is still told apart from a valid
            // document of the wrong shape.
            for text in [#"{"text":"hi","sender":"s","channel":"web"} trailing"#, #"{"text": [1, }"#, "nul"] {
                let bad = try await client.call(.post, path, raw: Array(text.utf8))
                #expect(bad.status == 400 && bad.errorCode == "invalid_json", "\(text)")
            }
            for text in [#""just a string""#, #"{"text": 5, "sender": "s", "channel": "web"}"#, "[]"] {
                let wrong = try await client.call(.post, path, raw: Array(text.utf8))
                #expect(wrong.status == 422 && wrong.errorCode == "invalid_request", "\(text)")
            }

            var invalidUTF8 = Array(#"{"text":"caf"#.utf8)
            invalidUTF8 += [0xC3, 0x28, 0xFF]
            invalidUTF8 += Array(#"","sender":"s","channel":"web"}"#.utf8)
            let utf8 = try await client.call(.post, path, raw: invalidUTF8)
            #expect(utf8.status == 400)
            #expect(utf8.errorCode == "invalid_utf8")

            let empty = try await client.call(.post, path, raw: [])
            #expect(empty.status == 400)

            let missing = try await client.call(.post, path, json: ["sender": "s", "channel": "web"])
            #expect(missing.status == 422)
            #expect(missing.errorCode == "invalid_request")
            #expect((missing.json["error"] as? [String: Any])?["message"] as? String == "missing field text")

            let wrongType = try await client.call(.post, path, json: ["text": 5, "sender": "s", "channel": "web"])
            #expect(wrongType.status == 422)

            let long = try await client.message(id, String(repeating: "x", count: 101))
            #expect(long.status == 422)
            #expect(long.errorCode == "text_too_long")
            let blank = try await client.message(id, "   ")
            #expect(blank.errorCode == "empty_text")
            let badTime = try await client.call(.post, path, json: ["text": "hi", "sender": "s", "channel": "web", "timestamp": "yesterday"])
            #expect(badTime.errorCode == "invalid_timestamp")
            let badId = try await client.call(.get, "/v1/conversations/" + String(repeating: "x", count: 200))
            #expect(badId.status == 422)

            // None of the refused requests created the conversation.
            #expect(try await client.call(.get, "/v1/conversations/\(id)").status == 404)
            // And the server still answers.
            #expect(try await client.message(id, "hi").status == 200)

            let unknown = try await client.call(.get, "/v1/nothing-here")
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "not_found")
        }
    }

    @Test("A key's token bucket runs dry: 429 with Retry-After, other keys unaffected")
    func rateLimit() async throws {
        let server = try await TestServer.make { // A refill every 100 s: a slow machine can't refill the bucket mid-test.
            $0.limits.ratePerSecond = 0.01; $0.limits.rateBurst = 3 }
        try await TestServer.run(server) { client in
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await client.call(.get, "/v1/conversations/x-\(UUID().uuidString)").status) }
            #expect(statuses == [404, 404, 404, 429, 429])
            let limited = try await client.call(.get, "/v1/conversations/x")
            #expect(limited.errorCode == "rate_limited")
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await client.call(.get, "/v1/conversations/x", key: Keys.agent).status == 404)
        }
    }

    @Test("Handoff actions on a conversation without a handoff: 409; unknown conversation: 404")
    func conflicts() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await client.message(id, "hi")
            let handback = try await client.call(.post, "/v1/conversations/\(id)/handback", key: Keys.agent, json: ["agent_id": "ann"])
            #expect(handback.status == 409)
            #expect(handback.errorCode == "not_handed_off")
            let close = try await client.call(.post, "/v1/conversations/\(id)/close", key: Keys.agent)
            #expect(close.status == 409)
            let agentMessage = try await client.call(.post, "/v1/conversations/\(id)/agent-messages", key: Keys.agent, json: ["text": "hi", "agent_id": "ann"])
            #expect(agentMessage.status == 409)
            let unknown = try await client.call(.post, "/v1/conversations/nope-\(UUID().uuidString)/handback", key: Keys.agent)
            #expect(unknown.status == 404)
            let badQuery = try await client.call(.get, "/v1/handoffs?status=sideways", key: Keys.agent)
            #expect(badQuery.status == 400)
        }
    }
}
