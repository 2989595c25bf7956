import Foundation
import FrontlineTestFiles
import FrontlineAssistant
import FrontlineServer
import FrontlineStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A loopback webhook receiver that can be down (503) or up (200); records what it got.
final class FakeWebhook: Sendable {
    struct Delivery: Sendable { var handoffId: String; var idempotencyKey: String?; var accepted: Bool; var body: Data }
    let up = Mutex(false)
    let deliveries = Mutex<[Delivery]>([])

    var accepted: [Delivery] { deliveries.withLock { $0.filter(\.accepted) } }

    /// Deliveries of one handoff. Counting only those keeps a test independent of other
    /// tests' outboxes still retrying to a port the system has since handed to this receiver.
    func count(of handoffId: String) -> Int {
        deliveries.withLock { $0.filter { $0.handoffId == handoffId }.count }
    }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 22)
            let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            let handoff = (object["handoff"] as? [String: Any])?["id"] as? String ?? ""
            let isUp = self.up.withLock { $0 }
            self.deliveries.withLock {
                $0.append(Delivery(
                    handoffId: handoff, idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!], accepted: isUp,
                    body: Data(body.readableBytesView)))
            }
            return isUp ? .ok : .serviceUnavailable
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

@Suite("Handoff webhook outbox")
struct OutboxTests {
    static func handOff(_ client: any TestClientProtocol) async throws -> String {
        let id = uniqueId()
        _ = try await client.message(id, "hi")
        let reply = try await client.message(id, "I want to talk to a human agent")
        return try #require(try reply.decode(MessageResponse.self).handoff?.id)
    }

    @Test("Target down, then up: retried with backoff and delivered exactly once")
    func retryThenDeliver() async throws {
        let hook = FakeWebhook()
        try await hook.application().test(.live) { live in
            let port = try #require(live.port)
            let server = try await TestServer.make {
                $0.webhook.url = "http://127.0.0.1:\(port)/hook"
                // Long enough that a slow machine can't reach the next attempt between two
                // calls; the test moves the clock instead.
                $0.webhook.initialBackoffSeconds = 30
                $0.webhook.maxBackoffSeconds = 60
            }
            let handoffId = try await TestServer.run(server) { client in try await Self.handOff(client) }
            // The outbox row was committed with the turn.
            #expect(try await server.assistant.store.outboxCounts().pending == 1)

            #expect(try await server.outbox.deliverDue() == 0)
            #expect(hook.count(of: handoffId) == 1)
            // Backing off: not due again at once.
            #expect(try await server.outbox.deliverDue() == 0)
            #expect(hook.count(of: handoffId) == 1)
            // Still down when due again: a second attempt, still pending.
            #expect(try await server.outbox.deliverDue(now: Date().addingTimeInterval(40)) == 0)
            #expect(hook.count(of: handoffId) == 2)

            hook.up.withLock { $0 = true }
            #expect(try await server.outbox.deliverDue(now: Date().addingTimeInterval(300)) == 1)
            #expect(try await server.outbox.deliverDue(now: Date().addingTimeInterval(600)) == 0)
            #expect(try await server.assistant.store.outboxCounts().pending == 0)
            let accepted = hook.accepted.filter { $0.handoffId == handoffId }
            #expect(accepted.count == 1)
            #expect(accepted.first?.idempotencyKey == "handoff-\(handoffId)")
            #expect(try await server.assistant.store.outboxCounts().delivered == 1)
        }
    }

    @Test("Undelivered handoffs survive a restart and are delivered by the next process")
    func survivesRestart() async throws {
        let hook = FakeWebhook()
        try await hook.application().test(.live) { live in
            let port = try #require(live.port)
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let database = folder.databasePath
            let url = "http://127.0.0.1:\(port)/hook"
            let first = try await TestServer.make(database: database) { $0.webhook.url = url }
            let handoffId = try await TestServer.run(first) { client in try await Self.handOff(client) }
            #expect(try await first.outbox.deliverDue() == 0)
            await first.assistant.store.shutdown()

            hook.up.withLock { $0 = true }
            let second = try await TestServer.make(database: database) { $0.webhook.url = url }
            #expect(try await second.outbox.deliverDue(now: Date().addingTimeInterval(60)) == 1)
            #expect(hook.accepted.map(\.handoffId) == [handoffId])
        }
    }

    @Test("The running service delivers a new handoff promptly")
    func backgroundDelivery() async throws {
        let hook = FakeWebhook()
        hook.up.withLock { $0 = true }
        try await hook.application().test(.live) { live in
            let port = try #require(live.port)
            let server = try await TestServer.make { $0.webhook.url = "http://127.0.0.1:\(port)/hook"; $0.webhook.pollSeconds = 30 }
            let app = server.application()
            try await app.test(.router) { client in
                let handoffId = try await Self.handOff(client)
                // Poll 30 s, but the nudge delivers well before.
                for _ in 0..<100 where hook.accepted.isEmpty { try await Task.sleep(for: .milliseconds(30)) }
                #expect(hook.accepted.map(\.handoffId) == [handoffId])
            }
        }
    }
}
