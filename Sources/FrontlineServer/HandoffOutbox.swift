import AsyncHTTPClient
import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlineStore
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Delivers the handoff outbox: every new handoff is POSTed to the configured webhook,
/// retried with exponential backoff (with jitter) until it answers 2xx, then marked
/// delivered. With several replicas on one database each row is claimed by one replica
/// at a time (see `ServingStore.dueOutbox`). The rows are written in the transaction of the turn that created the
/// handoff and the marks are durable, so deliveries survive restarts; a crash between a
/// delivery and its mark repeats it once (the receiver dedupes on `Idempotency-Key`).
public final class HandoffOutbox: Service, Sendable {
    /// The document POSTed for each handoff.
    struct Delivery: Encodable, Sendable {
        var event = "handoff.created"
        var deliveryId: Int64
        var attempt: Int
        var conversationId: String
        var handoff: HandoffBody
    }

    let store: any ServingStore
    let documents: HandoffDocuments
    let settings: ServerConfiguration.WebhookSettings
    let client: HTTPClient
    let metrics: ServerMetrics
    let logger: Logger
    /// Times stored with the outbox (due, retry at).
    let clock: StoreClock
    /// What the loop waits with between polls.
    let sleeper: any Clock<Duration>
    private let wakeUp = WakeUpSignal()
    /// Documents of new handoffs as the message's response carried them, so their first
    /// delivery does not read and build them again.
    private let prepared = Mutex([String: HandoffBody]())

    init(
        store: any ServingStore, documents: HandoffDocuments, settings: ServerConfiguration.WebhookSettings, client: HTTPClient,
        metrics: ServerMetrics, logger: Logger, clock: StoreClock = .system, sleeper: any Clock<Duration> = ContinuousClock()
    ) {
        self.store = store
        self.documents = documents
        self.settings = settings
        self.client = client
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.sleeper = sleeper
    }

    /// A handoff was committed: deliver it now rather than at the next poll, with the
    /// document already built for the message's response.
    func nudge(_ handoff: HandoffBody? = nil) {
        if let handoff {
            prepared.withLock { documents in
                // A bound, in case deliveries are off or failing: the store has them all anyway.
                if documents.count >= 256 { documents.removeAll() }
                documents[handoff.id] = handoff
            }
        }
        wakeUp.signal()
    }

    public func run() async throws {
        guard settings.url != nil else {
            // Nothing to deliver to: handoffs stay in the outbox until a URL is configured.
            try? await gracefulShutdown()
            return
        }
        // Shutdown wakes the loop, which then ends after the delivery in hand (if any).
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    _ = try await deliverDue()
                } catch {
                    logger.error("handoff outbox: cannot read the outbox", metadata: ["error": .string("\(error)")])
                }
                await waitForWork()
            }
        } onGracefulShutdown: { [wakeUp] in
            wakeUp.signal()
        }
    }

    /// Waits until nudged or the poll interval passes.
    private func waitForWork() async {
        let interval = Duration.milliseconds(Int64(settings.pollSeconds * 1000))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [wakeUp] in await wakeUp.wait() }
            group.addTask { [sleeper] in try? await sleeper.sleep(for: interval, tolerance: nil) }
            _ = await group.next()
            group.cancelAll()
        }
    }

    /// Tries every due entry once; returns how many were delivered.
    public func deliverDue(now: Date? = nil) async throws -> Int {
        guard let url = settings.url else { return 0 }
        var delivered = 0
        for entry in try await store.dueOutbox(now: now ?? clock.now(), limit: 32) {
            let ready = prepared.withLock { $0.removeValue(forKey: entry.handoffId) }
            let document: HandoffBody
            if let ready, entry.attempts == 0 {
                document = ready
            } else {
                guard let handoff = try await store.handoff(id: entry.handoffId) else {
                    try await store.markOutboxDelivered(id: entry.id)
                    continue
                }
                document = try await documents.document(handoff)
            }
            let delivery = Delivery(
                deliveryId: entry.id, attempt: entry.attempts + 1, conversationId: document.conversationId, handoff: document)
            let handoffId = entry.handoffId
            do {
                try await post(delivery, handoffId: handoffId, to: url)
                try await store.markOutboxDelivered(id: entry.id)
                metrics.webhook(delivered: true)
                delivered += 1
                logger.info("handoff delivered", metadata: ["handoff_id": .string(handoffId), "attempt": .stringConvertible(entry.attempts + 1)])
            } catch {
                let delay = backoff(attempts: entry.attempts)
                try await store.markOutboxFailed(id: entry.id, error: "\(error)", retryAt: clock.now().addingTimeInterval(delay))
                metrics.webhook(delivered: false)
                logger.warning("handoff delivery failed", metadata: [
                    "handoff_id": .string(handoffId), "attempt": .stringConvertible(entry.attempts + 1),
                    "retry_in_s": .string(String(format: "%.1f", delay)), "error": .string("\(error)"),
                ])
            }
        }
        return delivered
    }

    /// initial × 2^attempts with ±20 % jitter, so a recovering receiver isn't stampeded,
    /// never above `max_backoff_seconds`.
    func backoff(attempts: Int) -> TimeInterval {
        Self.backoff(
            attempts: attempts, initial: settings.initialBackoffSeconds, cap: settings.maxBackoffSeconds,
            jitter: Double.random(in: 0.8...1.2))
    }

    /// The jitter applies to the capped delay and the cap again after it: retries that
    /// reached the cap still spread over 80–100 % of it instead of all landing at once.
    static func backoff(attempts: Int, initial: TimeInterval, cap: TimeInterval, jitter: Double) -> TimeInterval {
        let base = initial * pow(2, Double(min(attempts, 30)))
        return min(cap, min(cap, base) * jitter)
    }

    struct Refused: Error, CustomStringConvertible {
        var status: UInt
        var description: String { "the webhook answered \(status)" }
    }

    private func post(_ delivery: Delivery, handoffId: String, to url: String) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: "handoff-\(handoffId)")
        request.headers.add(name: "X-Frontline-Delivery", value: String(delivery.deliveryId))
        request.body = .bytes(ByteBuffer(bytes: try WireJSONCoding.encoder.encodeBytes(delivery)))
        let response = try await client.execute(request, timeout: .milliseconds(Int64(settings.timeoutSeconds * 1000)))
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else { throw Refused(status: response.status.code) }
    }
}
