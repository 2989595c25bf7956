import Foundation
import FrontlineData
import FrontlineEngine
import FrontlineServer
import HummingbirdTesting
import Synchronization
import Testing

/// An order service that holds every call until the test opens it, and counts the calls that arrived.
final class GatedOrders: ActionRunner, Sendable {
    private let state = Mutex((open: false, entered: 0))

    var entered: Int { state.withLock { $0.entered } }
    func open() { state.withLock { $0.open = true } }

    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome {
        state.withLock { $0.entered += 1 }
        while !state.withLock({ $0.open }) { try? await Task.sleep(for: .milliseconds(5)) }
        return .success(["order_number": slots["order_number"] ?? "", "status": "shipped", "estimated_delivery": "on Friday"])
    }
}

@Suite("Server: one conversation's queue is bounded")
struct ConversationQueueLimitTests {
    @Test("a full conversation queue answers 429 with Retry-After; other conversations go on; the queued turn still runs")
    func queueLimit() async throws {
        let orders = GatedOrders()
        let server = try await TestServer.make(actions: orders) { $0.limits.maxQueuedPerConversation = 1 }
        try await TestServer.run(server) { client in
            // The first turn reaches the order service and holds the conversation there.
            async let first = client.message("busy", "where is my order A-12345", messageId: "m1")
            let deadline = ContinuousClock.now + .seconds(30)
            while orders.entered == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(orders.entered == 1)

            // Two more: one waits (the queue holds one), the other is refused at once.
            try await withThrowingTaskGroup(of: Reply.self) { group in
                for id in ["m2", "m3"] {
                    group.addTask { try await client.message("busy", "where is my order A-12345", messageId: id) }
                }
                let refused = try #require(try await group.next())
                #expect(refused.status == 429)
                #expect(refused.headers[.retryAfter] != nil)
                #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "rate_limited")

                // Meanwhile another conversation is answered: it does not queue behind "busy".
                let other = try await client.message("free", "hi")
                #expect(other.status == 200)
                #expect(orders.entered == 1)

                orders.open()
                let queued = try #require(try await group.next())
                #expect(queued.status == 200)
            }
            #expect(try await first.status == 200)
            #expect(orders.entered == 2)
        }
    }
}
