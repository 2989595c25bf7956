import Foundation
import HTTPTypes
import FrontlineServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The widget's event stream, the desk's endpoints and the served pages.
@Suite("Server: widget events, the desk API and the web pages")
struct WidgetEventsTests {
    /// The events of a server-sent event stream: (id, event, data as JSON).
    static func events(_ text: String) -> [(id: Int?, event: String, data: [String: Any])] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var id: Int?, event = "message", data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard !data.isEmpty, let json = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else { return nil }
            return (id, event, json)
        }
    }

    @Test("the stream sends the transcript, an agent's message and name as they happen, the bot taking over again, and resumes by Last-Event-ID")
    func stream() async throws {
        let server = try await WidgetTests.server(streamLifetime: .seconds(4))
        try await TestServer.run(server) { client in
            let (conversation, token) = try await client.widgetSession()
            let base = "/v1/widget/conversations/\(conversation)"
            try await client.browser(.post, "\(base)/messages", bearer: token, json: ["text": "I want to talk to a person", "message_id": "w-1"])
            // The stream stays open 4 s; meanwhile an agent joins and writes.
            async let streamed = client.browser(.get, "\(base)/stream", bearer: token)
            try await Task.sleep(for: .milliseconds(300))
            let reply = try await client.call(
                .post, "/v1/conversations/\(conversation)/agent-messages", key: Keys.agent,
                json: ["text": "Hi, Ann here. <img src=x onerror=alert(1)>", "agent_id": "Ann"])
            #expect(reply.status == 201)
            let response = try await streamed
            #expect(response.status == 200)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = Self.events(response.text)
            let messages = events.filter { $0.event == "message" }
            #expect(messages.map { $0.data["role"] as? String } == ["customer", "bot", "agent"], "\(response.text)")
            #expect(messages.map(\.id) == [1, 2, 3])
            #expect(messages.first?.data["message_id"] as? String == "w-1")
            #expect(messages.dropFirst().first?.data["kind"] as? String == "handoff")
            #expect(messages.last?.data["text"] as? String == "Hi, Ann here. <img src=x onerror=alert(1)>")
            let states = events.filter { $0.event == "state" }.map { ($0.data["status"] as? String ?? "", $0.data["agent_name"] as? String) }
            #expect(states.map(\.0) == ["handoff", "agent"], "\(states)")
            #expect(states.last?.1 == "Ann")

            // The bot takes over again; a client resuming after message 2 gets only what came later.
            #expect(try await client.call(.post, "/v1/conversations/\(conversation)/handback", key: Keys.agent).status == 200)
            let resumed = try await client.browser(.get, "\(base)/stream", bearer: token, headers: ["Last-Event-ID": "2"])
            let later = Self.events(resumed.text)
            #expect(later.filter { $0.event == "message" }.map(\.id) == [3])
            #expect(later.filter { $0.event == "state" }.map { $0.data["status"] as? String } == ["bot"])
            let bad = try await client.browser(.get, "\(base)/stream", bearer: token, headers: ["Last-Event-ID": "x"])
            #expect(bad.status == 400)
        }
        #expect(server.openEventStreams() == 0, "closed streams leave no subscription behind")
    }

    @Test("a proactive opener for the widget's visitor: activity, prompt, accept; none once the conversation is under way")
    func proactiveOpener() async throws {
        let server = try await WidgetTests.server()
        try await TestServer.run(server) { client in
            let (conversation, token) = try await client.widgetSession()
            let base = "/v1/widget/conversations/\(conversation)"
            let quiet = try await client.browser(.get, "\(base)/prompt", bearer: token)
            #expect(quiet.status == 200)
            #expect(quiet.json["prompt"] == nil)
            #expect(quiet.json["reason"] as? String == "no_rule_matched")
            let stored = try await client.browser(
                .post, "\(base)/activity", bearer: token, json: ["type": "error", "page": "/checkout/payment", "error": "card declined"])
            #expect(stored.status == 201)
            let badEvent = try await client.browser(.post, "\(base)/activity", bearer: token, json: ["type": "dance"])
            #expect(badEvent.status == 422)
            #expect(badEvent.errorCode == "invalid_event")
            let offered = try await client.browser(.get, "\(base)/prompt", bearer: token)
            let prompt = offered.json["prompt"] as? [String: Any]
            #expect(prompt?["rule"] as? String == "checkout_error", "\(offered.text)")
            let promptId = prompt?["id"] as? String ?? "none"
            let accepted = try await client.browser(.post, "\(base)/prompts/\(promptId)/accept", bearer: token, json: [:])
            #expect(accepted.status == 201, "\(accepted.text)")
            let messages = accepted.json["messages"] as? [[String: Any]] ?? []
            #expect(messages.map { $0["kind"] as? String } == ["proactive"])
            // "yes please" continues the prompt's topic: the declined-payments article.
            let yes = try await client.browser(.post, "\(base)/messages", bearer: token, json: ["text": "yes please"])
            let replies = yes.json["replies"] as? [[String: Any]] ?? []
            #expect((replies.first?["article"] as? [String: Any])?["id"] as? String == "payments-declined-or-double-charged", "\(yes.text)")
            let later = try await client.browser(.get, "\(base)/prompt", bearer: token)
            #expect(later.json["reason"] as? String == "conversation_started")
        }
    }

    @Test("the desk: intents and slots for corrections, suggested articles, an outcome that says when the assistant learned it")
    func desk() async throws {
        let server = try await WidgetTests.server()
        try await TestServer.run(server) { client in
            let assistant = try await client.call(.get, "/v1/desk/assistant", key: Keys.agent)
            #expect(assistant.status == 200)
            let intents = assistant.json["intents"] as? [String] ?? []
            #expect(intents.contains("payment_problem") && intents.contains("order_status"))
            #expect((assistant.json["slots"] as? [String] ?? []).contains("order_number"))
            #expect(try await client.call(.get, "/v1/desk/assistant", key: Keys.bot).status == 403)

            let conversation = uniqueId()
            _ = try await client.message(conversation, "my card payment was declined twice")
            let suggestions = try await client.call(.get, "/v1/desk/conversations/\(conversation)/articles", key: Keys.agent)
            #expect(suggestions.status == 200)
            #expect(suggestions.json["query"] as? String == "my card payment was declined twice")
            let articles = suggestions.json["articles"] as? [[String: Any]] ?? []
            #expect(articles.first?["id"] as? String == "payments-declined-or-double-charged", "\(suggestions.text)")
            let summary = articles.first?["summary"] as? String ?? ""
            #expect(!summary.isEmpty)
            #expect(try await client.call(.get, "/v1/desk/conversations/nope/articles", key: Keys.agent).status == 404)

            let saved = try await client.call(
                .post, "/v1/desk/conversations/\(conversation)/outcome", key: Keys.agent,
                json: ["agent_id": "Ann", "resolution": "refunded", "bot_was_right": false,
                       "corrections": [["sequence": 1, "intent": "refund_status"]]])
            #expect(saved.status == 201, "\(saved.text)")
            #expect((saved.json["outcome"] as? [String: Any])?["resolution"] as? String == "refunded")
            #expect((saved.json["learned"] as? [String: Any])?["learned"] as? Int == 1)
            #expect(saved.json["learned_at"] is String)
            // Learned at once: the same words now read as the agent's intent, and say why.
            let again = try await client.message(uniqueId(), "my card payment was declined twice")
            let parse = again.json["parse"] as? [String: Any]
            #expect(parse?["intent"] as? String == "refund_status")
            #expect(parse?["learned_from_outcomes"] as? Bool == true)
        }
    }

    @Test("the pages: widget, chat and desk, with a Content-Security-Policy, and the widget within its 40 KB budget")
    func pages() async throws {
        let server = try await WidgetTests.server()
        try await TestServer.run(server) { client in
            let chat = try await client.call(.get, "/chat", key: nil)
            #expect(chat.status == 200)
            #expect(chat.headers[.contentType]?.hasPrefix("text/html") == true)
            let policy = chat.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(chat.text.contains("<script src=\"/widget.js\" data-site=\"default\" defer></script>"))
            #expect(!chat.text.contains("<script>"), "no inline script")
            let desk = try await client.call(.get, "/desk", key: nil)
            #expect(desk.status == 200)
            #expect(desk.headers[.contentSecurityPolicy] == policy)
            #expect(desk.text.contains("Agent key"))
            let script = try await client.call(.get, "/widget.js", key: nil)
            let style = try await client.call(.get, "/widget.css", key: nil)
            #expect(script.status == 200 && style.status == 200)
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(script.bytes.count + style.bytes.count <= 40 * 1024, "widget: \(script.bytes.count + style.bytes.count) bytes")
            #expect(!script.text.contains("innerHTML"), "message text is never parsed as HTML")
            #expect(try await client.call(.get, "/desk.js", key: nil).status == 200)
        }
    }
}
