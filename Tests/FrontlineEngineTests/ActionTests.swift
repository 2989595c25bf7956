import Foundation
import FrontlineActions
import FrontlineData
import FrontlineEngine
import FrontlineTestSupport
import Testing

@Suite("Engine: HTTP actions over loopback", .serialized)
struct EngineActionTests {
    private func action(port: UInt16, timeout: Int = 3000) -> DomainAction {
        DomainAction(
            name: "order_status", url: "http://127.0.0.1:\(port)/orders/{order_number}", timeoutMilliseconds: timeout,
            success: "order_status_result", notFound: "order_not_found", failure: "order_service_unavailable")
    }

    @Test("2xx answers give the JSON fields, nested ones dotted")
    func success() async throws {
        let server = try LoopbackOrderServer()
        defer { server.stop() }
        let outcome = await HTTPActionRunner().run(action(port: server.port), slots: ["order_number": "A-12345"])
        guard case .success(let fields) = outcome else {
            Issue.record("expected success, got \(outcome)")
            return
        }
        #expect(fields["status"] == "shipped")
        #expect(fields["carrier.name"] == "DHL")
        #expect(fields["paid"] == "true")
        #expect(fields["items"] == "2")
    }

    @Test("POST, PUT and PATCH send the slots as a JSON object; GET and DELETE send no body")
    func bodies() async throws {
        let server = try LoopbackOrderServer()
        defer { server.stop() }
        // Quotes, backslashes, a newline, non-ASCII and JSON-looking text must arrive as the same strings.
        let slots = ["note": "say \"hi\" \\ to {them}\nthen leave", "name": "Zoë Ødegård", "order_number": "A-12345"]
        for method in DomainAction.Method.allCases {
            let action = DomainAction(
                name: "echo", method: method, url: "http://127.0.0.1:\(server.port)/echo", timeoutMilliseconds: 3000,
                success: "ok", notFound: nil, failure: "down")
            guard case .success(let fields) = await HTTPActionRunner().run(action, slots: slots) else {
                Issue.record("\(method.rawValue): expected success")
                continue
            }
            #expect(fields["method"] == method.rawValue)
            if [.post, .put, .patch].contains(method) {
                #expect(fields["content_type"] == "application/json")
                let body = try #require(fields["body"])
                let sent = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
                #expect(sent == slots, "\(method.rawValue) sent \(body)")
            } else {
                #expect(fields["body"] == "", "\(method.rawValue) sent a body")
            }
        }
    }

    @Test("slot values in the URL are percent-encoded: a value can't add path segments, a query or a fragment")
    func escapedURLSlots() async throws {
        let server = try LoopbackOrderServer()
        defer { server.stop() }
        let action = DomainAction(
            name: "echo", url: "http://127.0.0.1:\(server.port)/echo/{order_number}?source=bot", timeoutMilliseconds: 3000,
            success: "ok", notFound: nil, failure: "down")
        guard case .success(let fields) = await HTTPActionRunner().run(action, slots: ["order_number": "A/1 2?x=1#frag&é"]) else {
            Issue.record("expected success")
            return
        }
        #expect(fields["path"] == "/echo/A%2F1%202%3Fx=1%23frag&%C3%A9?source=bot")
    }

    @Test("404 is not found; 500, timeouts and a closed port are failures")
    func failures() async throws {
        let server = try LoopbackOrderServer()
        let runner = HTTPActionRunner()
        #expect(await runner.run(action(port: server.port), slots: ["order_number": "A-99999"]) == .notFound)
        if case .failure = await runner.run(action(port: server.port), slots: ["order_number": "A-00000"]) {} else {
            Issue.record("a 500 should be a failure")
        }
        let started = ContinuousClock.now
        if case .failure = await runner.run(action(port: server.port, timeout: 300), slots: ["order_number": "A-55555"]) {} else {
            Issue.record("a slow answer should time out")
        }
        // A 300 ms deadline against a 6 s answer: a loaded machine has seconds to spare, and
        // a runner that waited for the answer still fails.
        #expect(ContinuousClock.now - started < .seconds(4))
        server.stop()
        if case .failure = await runner.run(action(port: server.port), slots: ["order_number": "A-12345"]) {} else {
            Issue.record("a closed port should be a failure")
        }
    }

    @Test("the engine reports the order service's answer through the domain's response")
    func throughTheEngine() async throws {
        let server = try LoopbackOrderServer()
        defer { server.stop() }
        let domain = try DomainLoaderForTests.domain(ordersURL: "http://127.0.0.1:\(server.port)")
        let engine = ConversationEngine(
            domain: domain, model: Assistant.model, store: InMemoryConversationStore(), actions: HTTPActionRunner())
        let reply = try await Chat(engine: engine).say("where is my order A-12345?")
        #expect(reply.replies.first?.contains("shipped") == true)
    }
}

enum DomainLoaderForTests {
    static func domain(ordersURL: String) throws -> Domain {
        try DomainLoader.load(path: Assistant.root.appendingPathComponent("TrainingData").path, environment: ["ACME_ORDERS_URL": ordersURL])
    }
}
