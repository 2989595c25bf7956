import Foundation
import Metrics
import Prometheus

/// The server's metrics, through swift-metrics with a Prometheus registry of its own
/// (no global bootstrap, so several servers — tests — can live in one process).
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    var factoryForGauges: PrometheusMetricsFactory { factory }
    private let messages: Metrics.Counter
    private let duplicates: Metrics.Counter
    private let fallbacks: Metrics.Counter
    private let latency: Metrics.Timer

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["frontline_message_duration_seconds"] = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.factory = factory
        messages = Metrics.Counter(label: "frontline_messages_total", factory: factory)
        duplicates = Metrics.Counter(label: "frontline_duplicate_messages_total", factory: factory)
        fallbacks = Metrics.Counter(label: "frontline_fallbacks_total", factory: factory)
        latency = Metrics.Timer(label: "frontline_message_duration_seconds", factory: factory)
    }

    /// One answered customer message.
    func message(intent: String?, fallback: Bool, handoffReason: String?, duplicate: Bool, duration: Duration) {
        messages.increment()
        latency.recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        if duplicate { duplicates.increment() }
        if let intent {
            Metrics.Counter(label: "frontline_intents_total", dimensions: [("intent", intent)], factory: factory).increment()
        }
        if fallback { fallbacks.increment() }
        if let handoffReason { handoff(reason: handoffReason) }
    }

    func handoff(reason: String) {
        Metrics.Counter(label: "frontline_handoffs_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    func request(status: Int) {
        Metrics.Counter(label: "frontline_http_responses_total", dimensions: [("status", String(status))], factory: factory).increment()
    }

    func webhook(delivered: Bool) {
        Metrics.Counter(label: "frontline_handoff_webhook_attempts_total", dimensions: [("result", delivered ? "delivered" : "failed")], factory: factory).increment()
    }

    /// The Prometheus text exposition.
    public func exposition() -> String {
        registry.emitToString()
    }
}

extension ServerMetrics {
    /// Handoffs waiting in the outbox (set when metrics are scraped).
    func outbox(pending: Int) {
        Metrics.Gauge(label: "frontline_handoff_outbox_pending", factory: factoryForGauges).record(pending)
    }
}
