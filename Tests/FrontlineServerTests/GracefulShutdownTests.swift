import AsyncHTTPClient
import Foundation
import FrontlineServer
import FrontlineStore
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// `frontline serve` stops on SIGTERM through the same graceful shutdown: a turn under way
/// when it starts still finishes, stored and answered, before the server exits.
@Suite("Server: graceful shutdown", .serialized)
struct GracefulShutdownTests {
    @Test("a request in flight when shutdown starts is answered 200, then the server stops")
    func inFlightRequestFinishes() async throws {
        let orders = GatedOrders()
        let server = try await TestServer.make(actions: orders) { $0.port = 0 }
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = server.application { port in if let port { portSink.yield(port) } }
        let group = ServiceGroup(services: [app], logger: Logger(label: "test.shutdown"))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let inFlight = Task { () -> (Int, String) in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/conversations/leaving/messages")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(Keys.bot)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"text": "where is my order A-12345", "sender": "s", "channel": "web"}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), String(buffer: body))
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while orders.entered == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(orders.entered == 1, "the turn reached the order service")

        await group.triggerGracefulShutdown()
        try await Task.sleep(for: .milliseconds(200))
        #expect(!running.isCancelled)
        orders.open()
        let (status, body) = try await inFlight.value
        #expect(status == 200)
        #expect(body.contains("shipped"), "\(body)")
        try await running.value
        // Stored before it was answered: the conversation has the question and the reply (read
        // through a store of its own: the server closed its store on the way out).
        let reopened = try SQLiteStore(path: server.configuration.database)
        defer { try? reopened.close() }
        let messages = try await reopened.messages(conversationId: "leaving", after: 0, limit: 10)
        #expect(messages.map(\.role.rawValue) == ["customer", "bot"])
    }
}
