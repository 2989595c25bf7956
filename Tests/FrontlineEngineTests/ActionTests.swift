import FrontlineData
import FrontlineEngine
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
        #expect(ContinuousClock.now - started < .seconds(1.8))
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
