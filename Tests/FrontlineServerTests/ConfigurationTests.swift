import Foundation
import FrontlineTestFiles
import FrontlineServer
import HummingbirdTesting
import Testing

@Suite("Configuration, keys and metrics")
struct ConfigurationTests {
    @Test("YAML, then environment, override the defaults")
    func layering() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("frontline.yml", """
            server: {host: 0.0.0.0, port: 9000}
            paths: {database: /var/lib/frontline/frontline.db}
            keys:
              bot: [bot-key-aaaaaaaaaaaaaaaa]
              agent: [agent-key-aaaaaaaaaaaaaaaa]
            limits: {max_body_bytes: 4096, max_text_length: 500, rate_per_second: 5, rate_burst: 10}
            handoff_webhook: {url: "https://hooks.example/handoff", initial_backoff_seconds: 2}
            chatwoot: {base_url: "https://chat.example", api_token: tok, webhook_token: wtok}
            """)
        let configuration = try ServerConfiguration.load(file: path, environment: [
            "FRONTLINE_PORT": "9100", "FRONTLINE_ADMIN_KEYS": "admin-key-aaaaaaaaaaaaaaaa, admin-key-bbbbbbbbbbbbbbbb",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9100)
        #expect(configuration.database == "/var/lib/frontline/frontline.db")
        #expect(configuration.keys.bot == ["bot-key-aaaaaaaaaaaaaaaa"])
        #expect(configuration.keys.admin.count == 2)
        #expect(configuration.limits.maxBodyBytes == 4096 && configuration.limits.maxTextLength == 500)
        #expect(configuration.webhook.url == "https://hooks.example/handoff")
        #expect(configuration.webhook.initialBackoffSeconds == 2)
        #expect(configuration.chatwoot.webhookToken == "wtok")
        #expect(configuration.problems().isEmpty)
        #expect(!configuration.summary.contains("bot-key-aaaa"))

        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["FRONTLINE_PORT": "eighty"])
        }
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: "/nonexistent/frontline.yml", environment: [:])
        }
    }

    @Test("The model watcher's poll interval: YAML, environment, 0 turns it off, negative is refused")
    func modelPollInterval() throws {
        #expect(ServerConfiguration().modelPollSeconds == 2)
        let folder = try TemporaryFolder()
        let path = try folder.write("frontline.yml", "server: {model_poll_seconds: 0.5}\n")
        #expect(try ServerConfiguration.load(file: path, environment: [:]).modelPollSeconds == 0.5)
        let off = try ServerConfiguration.load(file: path, environment: ["FRONTLINE_MODEL_POLL_SECONDS": "0"])
        #expect(off.modelPollSeconds == 0 && off.problems().isEmpty)
        #expect(off.summary.contains("not polled"))
        let negative = try ServerConfiguration.load(file: nil, environment: ["FRONTLINE_MODEL_POLL_SECONDS": "-1"])
        #expect(negative.problems().contains { $0.contains("model_poll_seconds") })
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration.load(file: nil, environment: ["FRONTLINE_MODEL_POLL_SECONDS": "often"])
        }
    }

    @Test("Without keys only loopback is allowed; bad keys and URLs are reported")
    func problems() {
        var configuration = ServerConfiguration()
        #expect(configuration.problems().isEmpty)
        configuration.host = "0.0.0.0"
        #expect(configuration.problems().contains { $0.contains("refusing to listen") })
        configuration.keys.bot = ["short"]
        #expect(configuration.problems().contains { $0.contains("shorter than 16") })
        configuration.keys.bot = ["bot-key-aaaaaaaaaaaaaaaa"]
        configuration.keys.agent = ["bot-key-aaaaaaaaaaaaaaaa"]
        #expect(configuration.problems().contains { $0.contains("more than once") })
        configuration.keys.agent = []
        #expect(configuration.problems().isEmpty)
        configuration.webhook.url = "ftp://x"
        #expect(configuration.problems().contains { $0.contains("handoff_webhook.url") })
    }

    @Test("Keys map to roles; near misses do not")
    func keys() {
        let keys = APIKeys(bot: ["bot-key-aaaaaaaaaaaaaaaa"], agent: ["agent-key-aaaaaaaaaaaaaaaa"], admin: ["admin-key-aaaaaaaaaaaaaaaa"])
        #expect(keys.principal(for: "bot-key-aaaaaaaaaaaaaaaa")?.role == .bot)
        #expect(keys.principal(for: "agent-key-aaaaaaaaaaaaaaaa")?.role == .agent)
        #expect(keys.principal(for: "admin-key-aaaaaaaaaaaaaaaa")?.role == .admin)
        #expect(keys.principal(for: "admin-key-aaaaaaaaaaaaaaaa")?.name == "admin#1")
        #expect(keys.principal(for: "bot-key-aaaaaaaaaaaaaaab") == nil)
        #expect(keys.principal(for: "bot-key-aaaaaaaaaaaaaaaa ") == nil)
        #expect(keys.principal(for: "") == nil)
    }

    @Test("Metrics count messages, intents, fallbacks, handoffs by reason and latency")
    func metrics() async throws {
        let server = try await TestServer.make()
        try await TestServer.run(server) { client in
            let id = uniqueId()
            _ = try await client.message(id, "where is my order A-12345?")
            _ = try await client.message(id, "I want to talk to a human agent")
            let text = try await client.call(.get, "/metrics", key: Keys.admin).text
            #expect(text.contains("frontline_messages_total 2"))
            #expect(text.contains(#"frontline_intents_total{intent="order_status"} 1"#))
            #expect(text.contains("frontline_handoffs_total{reason="))
            #expect(text.contains("frontline_message_duration_seconds_bucket"))
            #expect(text.contains("frontline_message_duration_seconds_count 2"))
            #expect(text.contains("frontline_handoff_outbox_pending 1"))
        }
    }
}
