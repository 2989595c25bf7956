import Foundation
import FrontlineAssistant
import FrontlineEngine
@testable import FrontlineServer
import HummingbirdTesting
import Testing

@Suite("Outbox scheduling: wake-ups and the given clock", .timeLimit(.minutes(2)))
struct OutboxSchedulingTests {
    @Test("a signal is never lost: before a wait it ends the wait at once, during one it resumes it")
    func wakeUpSignal() async {
        let signal = WakeUpSignal()
        signal.signal()
        await signal.wait()  // would hang (and hit the time limit) if the signal were lost
        let waiter = Task { await signal.wait(); return true }
        try? await Task.sleep(for: .milliseconds(50))
        signal.signal()
        #expect(await waiter.value)
        // Two signals before a wait count once: the next wait blocks until cancelled.
        signal.signal()
        signal.signal()
        await signal.wait()
        let cancelled = Task { await signal.wait(); return Task.isCancelled }
        cancelled.cancel()
        #expect(await cancelled.value)
    }

    @Test("retry delays double from the initial one with ±20 % jitter and never pass max_backoff_seconds")
    func backoffStaysUnderTheCap() {
        #expect(HandoffOutbox.backoff(attempts: 0, initial: 1, cap: 300, jitter: 1.2) == 1.2)
        #expect(HandoffOutbox.backoff(attempts: 3, initial: 1, cap: 300, jitter: 0.8) == 6.4)
        // Near and at the cap: the jitter may not push a delay above it, and still spreads below it.
        #expect(HandoffOutbox.backoff(attempts: 8, initial: 1, cap: 300, jitter: 1.2) == 300)
        #expect(HandoffOutbox.backoff(attempts: 40, initial: 1, cap: 300, jitter: 1.2) == 300)
        #expect(HandoffOutbox.backoff(attempts: 40, initial: 1, cap: 300, jitter: 0.8) == 240)
        #expect(HandoffOutbox.backoff(attempts: 1_000, initial: 2, cap: 60, jitter: 1.0) == 60)
    }

    @Test("due and retry times come from the clock the outbox was given")
    func retriesOnTheGivenClock() async throws {
        let hook = FakeWebhook()
        let now = TestClock(Date(timeIntervalSince1970: 1_900_000_000))
        let clock = now.storeClock
        try await hook.application().test(.live) { live in
            let port = try #require(live.port)
            let server = try await TestServer.make(clock: clock) {
                $0.webhook.url = "http://127.0.0.1:\(port)/hook"
                $0.webhook.initialBackoffSeconds = 30
                $0.webhook.maxBackoffSeconds = 60
            }
            let handoffId = try await TestServer.run(server) { client in try await OutboxTests.handOff(client) }
            #expect(try await server.outbox.deliverDue() == 0)
            #expect(hook.count(of: handoffId) == 1)
            // 20 s later on the given clock (the wall clock has hardly moved): still backing off.
            now.advance(seconds: 20)
            #expect(try await server.outbox.deliverDue() == 0)
            #expect(hook.count(of: handoffId) == 1)
            // 40 s later: due (30 s ± 20 %), tried again; up now, so delivered.
            now.advance(seconds: 20)
            hook.up.withLock { $0 = true }
            #expect(try await server.outbox.deliverDue() == 1)
            #expect(hook.count(of: handoffId) == 2)
        }
    }

    @Test("the first delivery carries the document the message's response carried")
    func firstDeliveryReusesTheResponsesDocument() async throws {
        let hook = FakeWebhook()
        hook.up.withLock { $0 = true }
        try await hook.application().test(.live) { live in
            let port = try #require(live.port)
            let server = try await TestServer.make { $0.webhook.url = "http://127.0.0.1:\(port)/hook"; $0.webhook.pollSeconds = 3600 }
            let app = server.application()
            try await app.test(.router) { client in
                let id = uniqueId()
                _ = try await client.message(id, "hi")
                let reply = try await client.message(id, "I want to talk to a human agent")
                let handoff = try #require(try reply.decode(MessageResponse.self).handoff)
                // The poll is an hour away: only the wake-up can deliver it.
                for _ in 0..<200 where hook.accepted.isEmpty { try await Task.sleep(for: .milliseconds(25)) }
                let delivered = try #require(hook.accepted.first)
                #expect(delivered.handoffId == handoff.id)
                struct Envelope: Decodable { var handoff: HandoffBody }
                let body = try WireJSON.decoder().decode(Envelope.self, from: delivered.body)
                #expect(body.handoff == handoff)
            }
        }
    }
}
