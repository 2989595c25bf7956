import Foundation
import FrontlineEngine

extension ReportBuilder {
    /// Handed-off conversations by their first handoff's reason and queue, and how long
    /// the customer talked to the bot before it.
    func handoffMeasures() -> ConversationReport.HandoffMeasures {
        var reasons: [String: Int] = [:]
        var queues: [String: Int] = [:]
        var waits: [Double] = []
        for c in facts.conversations {
            guard let first = c.handoffs.first else { continue }
            reasons[first.reason, default: 0] += 1
            queues[first.queue, default: 0] += 1
            let start = Self.firstMessageAt(c) ?? c.startedAt
            waits.append(max(0, first.createdAt.timeIntervalSince(start)))
        }
        return .init(
            handedOff: waits.count,
            byReason: Self.counts(reasons, listing: HandoffReason.allCases.map(\.rawValue), whole: facts.conversations.count),
            byQueue: Self.counts(queues, whole: facts.conversations.count),
            timeToHandoff: Self.distribution(waits))
    }

    /// Mean, median and 90th percentile (nearest rank), in seconds to the millisecond.
    static func distribution(_ values: [Double]) -> ConversationReport.Distribution {
        guard !values.isEmpty else { return .init(count: 0, meanSeconds: Ratio(nil), medianSeconds: Ratio(nil), p90Seconds: Ratio(nil)) }
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double { sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let ms = { (v: Double) in (v * 1000).rounded() / 1000 }
        return .init(
            count: sorted.count, meanSeconds: Ratio(ms(sorted.reduce(0, +) / Double(sorted.count))),
            medianSeconds: Ratio(ms(median)), p90Seconds: Ratio(ms(rank(0.9))))
    }
}
