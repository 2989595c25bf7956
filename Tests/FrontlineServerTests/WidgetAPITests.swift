import Foundation
import FrontlineTestFiles
import FrontlineAssistant
import FrontlineEngine
import HTTPTypes
import FrontlineServer
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A browser's request: an `Origin`, a widget token or an API key as bearer, extra headers.
extension TestClientProtocol {
    @discardableResult
    func browser(
        _ method: HTTPRequest.Method, _ uri: String, origin: String? = WidgetTests.shop, bearer: String? = nil,
        json: [String: Any]? = nil, headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let origin { headers[.origin] = origin }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
            headers[.contentType] = "application/json"
        }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        let response = try await executeRequest(uri: uri, method: method, headers: headers, body: body)
        return Reply(status: response.status.code, bytes: Array(response.body.readableBytesView), headers: response.headers)
    }

    /// A new widget session from the allowed shop origin: (conversation id, token).
    func widgetSession() async throws -> (conversation: String, token: String) {
        let reply = try await browser(.post, "/v1/widget/sessions", json: ["site": "default"])
        #expect(reply.status == 201, "\(reply.text)")
        return (reply.json["conversation_id"] as? String ?? "", reply.json["token"] as? String ?? "")
    }
}

enum WidgetTests {
    static let shop = "https://shop.example"

    static func server(
        database: String? = nil, clock: StoreClock = .system, streamLifetime: Duration = .seconds(300),
        _ adjust: @escaping (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> FrontlineServer {
        let made = try await TestServer.make(database: database, clock: clock) { configuration in
            configuration.widget.origins = [shop]
            adjust(&configuration)
        }
        // The same server, with a stream lifetime a test can wait out.
        return FrontlineServer(configuration: made.configuration, assistant: made.assistant, eventStreamLifetime: streamLifetime)
    }
}

@Suite("Server: widget sessions and tokens")
struct WidgetSessionTests {
    @Test("a session opens only from an allowed origin (or the server's own), and says so otherwise")
    func origins() async throws {
        let server = try await WidgetTests.server()
        try await TestServer.run(server) { client in
            let allowed = try await client.browser(.post, "/v1/widget/sessions", json: ["site": "default"])
            #expect(allowed.status == 201)
            #expect(allowed.headers[.accessControlAllowOrigin] == WidgetTests.shop)
            #expect((allowed.json["conversation_id"] as? String)?.hasPrefix("web-") == true)
            #expect((allowed.json["customer_id"] as? String)?.hasPrefix("visitor-") == true)
            #expect(allowed.json["renewed"] as? Bool == false)

            let elsewhere = try await client.browser(.post, "/v1/widget/sessions", origin: "https://evil.example", json: [:])
            #expect(elsewhere.status == 403)
            #expect(elsewhere.errorCode == "origin_not_allowed")
            #expect(elsewhere.headers[.accessControlAllowOrigin] == nil)

            let noOrigin = try await client.browser(.post, "/v1/widget/sessions", origin: nil, json: [:])
            #expect(noOrigin.status == 403)
            #expect(noOrigin.errorCode == "origin_required")

            // The server's own pages (/chat): the Origin is the Host it was asked at.
            let own = try await client.browser(
                .post, "/v1/widget/sessions", origin: "http://frontline.test:8080", json: [:], headers: ["Host": "frontline.test:8080"])
            #expect(own.status == 201, "\(own.text)")

            let preflight = try await client.browser(
                .options, "/v1/widget/conversations/x/messages",
                headers: ["Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type"])
            #expect(preflight.status == 204)
            #expect(preflight.headers[.accessControlAllowOrigin] == WidgetTests.shop)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            let badPreflight = try await client.browser(.options, "/v1/widget/sessions", origin: "https://evil.example")
            #expect(badPreflight.status == 403)
        }
    }

    @Test("new sessions are limited per client address")
    func rateLimited() async throws {
        let server = try await WidgetTests.server { $0.widget.sessionsPerMinute = 4 }
        try await TestServer.run(server) { client in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(Int(try await client.browser(.post, "/v1/widget/sessions", json: [:]).status)) }
            let refused = try await client.browser(.post, "/v1/widget/sessions", json: [:])
            // sessions_per_minute 4: a burst of 2, then one every 15 s.
            #expect(statuses == [201, 201, 429, 429], "\(statuses)")
            #expect(refused.status == 429)
            #expect(refused.errorCode == "rate_limited")
            #expect(refused.headers[.retryAfter] != nil)
        }
    }

    @Test("a token authorises its own conversation's messages and nothing else")
    func tokenScope() async throws {
        let server = try await WidgetTests.server()
        try await TestServer.run(server) { client in
            let (conversation, token) = try await client.widgetSession()
            let (other, _) = try await client.widgetSession()
            let sent = try await client.browser(
                .post, "/v1/widget/conversations/\(conversation)/messages", bearer: token,
                json: ["text": "where is my order?", "message_id": "w-1", "metadata": ["page": "/orders", "platform": "web"]])
            #expect(sent.status == 200, "\(sent.text)")
            #expect((sent.json["replies"] as? [[String: Any]])?.first?["kind"] as? String == "question")

            let stranger = try await client.browser(.get, "/v1/widget/conversations/\(other)", bearer: token)
            #expect(stranger.status == 403)
            let noToken = try await client.browser(.get, "/v1/widget/conversations/\(conversation)")
            #expect(noToken.status == 401)
            // The token is no API key: the bot's, the agents' and the admin's endpoints refuse it.
            #expect(try await client.call(.get, "/v1/conversations/\(conversation)", key: token).status == 401)
            #expect(try await client.call(.get, "/v1/handoffs", key: token).status == 401)
            #expect(try await client.message(conversation, "hello", key: token).status == 401)

            // A changed byte breaks the signature.
            var tampered = Array(token)
            let index = tampered.firstIndex(of: ".")! - 2
            tampered[index] = tampered[index] == "A" ? "B" : "A"
            let forged = try await client.browser(.get, "/v1/widget/conversations/\(conversation)", bearer: String(tampered))
            #expect(forged.status == 401)
            #expect(forged.errorCode == "invalid_widget_token")

            let transcript = try await client.browser(.get, "/v1/widget/conversations/\(conversation)", bearer: token)
            #expect(transcript.status == 200)
            let messages = transcript.json["messages"] as? [[String: Any]] ?? []
            #expect(messages.map { $0["role"] as? String } == ["customer", "bot"])
            #expect(messages.first?["message_id"] as? String == "w-1")
            #expect((transcript.json["state"] as? [String: Any])?["status"] as? String == "bot")
            let after = try await client.browser(.get, "/v1/widget/conversations/\(conversation)?after=1", bearer: token)
            #expect((after.json["messages"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("a token expires; renewing it before then keeps the conversation")
    func expiryAndRenewal() async throws {
        let clock = TestClock()
        let server = try await WidgetTests.server(clock: clock.storeClock) { $0.widget.tokenSeconds = 600 }
        try await TestServer.run(server) { client in
            let (conversation, token) = try await client.widgetSession()
            clock.advance(seconds: 500)
            let renewed = try await client.browser(.post, "/v1/widget/sessions", bearer: token, json: [:])
            #expect(renewed.status == 200)
            #expect(renewed.json["renewed"] as? Bool == true)
            #expect(renewed.json["conversation_id"] as? String == conversation)
            let fresh = renewed.json["token"] as? String ?? ""
            #expect(fresh != token)
            clock.advance(seconds: 200)
            let old = try await client.browser(.get, "/v1/widget/conversations/\(conversation)", bearer: token)
            #expect(old.status == 401)
            #expect(old.errorCode == "token_expired")
            #expect(try await client.browser(.get, "/v1/widget/conversations/\(conversation)", bearer: fresh).status == 200)
            let tooLate = try await client.browser(.post, "/v1/widget/sessions", bearer: token, json: [:])
            #expect(tooLate.status == 401)
        }
    }

    @Test("the token key is kept in the database: a restarted server accepts the tokens it gave out")
    func keyKeptAcrossRestarts() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = folder.databasePath
        let first = try await WidgetTests.server(database: database)
        let (conversation, token) = try await TestServer.run(first) { try await $0.widgetSession() }
        await first.assistant.store.shutdown()
        let second = try await WidgetTests.server(database: database)
        let status = try await TestServer.run(second) {
            try await $0.browser(.get, "/v1/widget/conversations/\(conversation)", bearer: token).status
        }
        #expect(status == 200)
        // A server with a configured secret does not accept tokens signed with the stored one.
        let configured = try await WidgetTests.server(database: database) { $0.widget.secret = String(repeating: "k", count: 40) }
        let refused = try await TestServer.run(configured) {
            try await $0.browser(.get, "/v1/widget/conversations/\(conversation)", bearer: token).status
        }
        #expect(refused == 401)
    }

    @Test("tokens never appear in the request log")
    func tokensNotLogged() async throws {
        let server = try await WidgetTests.server()
        let logs = CapturedLogs()
        let app = Application(router: server.router(), logger: Logger(label: "test.widget", factory: logs.handler))
        let token = try await app.test(.router) { client -> String in
            let (conversation, token) = try await client.widgetSession()
            try await client.browser(.post, "/v1/widget/conversations/\(conversation)/messages", bearer: token, json: ["text": "hi"])
            try await client.browser(.get, "/v1/widget/conversations/\(conversation)", bearer: token)
            return token
        }
        let records = logs.records.withLock { $0 }
        let lines = records.filter { $0.message == "request" }
        #expect(lines.count == 3)
        #expect(lines.map { $0.metadata["principal"]?.description } == ["widget", "widget", "widget"])
        let everything = records.map { "\($0.message) \($0.metadata)" }.joined()
        #expect(!everything.contains(token))
        #expect(!everything.contains(String(token.split(separator: ".")[1])))
    }

    @Test("bad configuration is named: an origin with a path, a short secret")
    func configurationProblems() {
        var configuration = ServerConfiguration()
        configuration.widget.origins = ["https://shop.example/path", "shop.example"]
        configuration.widget.secret = "short"
        let problems = configuration.problems()
        #expect(problems.filter { $0.contains("server.widget.origins") }.count == 2, "\(problems)")
        #expect(problems.contains { $0.contains("server.widget.secret") })
    }

    @Test("server.widget in frontline.yml and FRONTLINE_WIDGET_* in the environment")
    func configurationLoads() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("frontline.yml", "server: {widget: {origins: ['https://a.example'], token_seconds: 900, sessions_per_minute: 5}}\n")
        let fromFile = try ServerConfiguration.load(file: file, environment: [:])
        #expect(fromFile.widget.origins == ["https://a.example"])
        #expect(fromFile.widget.tokenSeconds == 900)
        #expect(fromFile.widget.sessionsPerMinute == 5)
        let fromEnvironment = try ServerConfiguration.load(
            file: file, environment: ["FRONTLINE_WIDGET_ORIGINS": "https://b.example, https://c.example"])
        #expect(fromEnvironment.widget.origins == ["https://b.example", "https://c.example"])
        #expect(fromEnvironment.problems().isEmpty)
    }
}
