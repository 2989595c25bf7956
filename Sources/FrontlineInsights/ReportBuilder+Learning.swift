import Foundation
import FrontlineEngine

extension ReportBuilder {
    /// Agents' verdicts and corrections on the range's conversations, and the outcomes
    /// the next retrain would add.
    func outcomeMeasures() -> ConversationReport.OutcomeMeasures {
        var outcomes = 0, handedOffWithOutcome = 0, withVerdict = 0, right = 0
        var corrections: [String: Int] = [:]
        for c in facts.conversations {
            outcomes += c.outcomes.count
            if !c.handoffs.isEmpty, !c.outcomes.isEmpty { handedOffWithOutcome += 1 }
            for o in c.outcomes {
                guard let verdict = o.botWasRight else { continue }
                withVerdict += 1
                if verdict { right += 1 }
            }
            corrections.merge(correctedIntents(c), uniquingKeysWith: +)
        }
        return .init(
            outcomes: outcomes, handedOffWithOutcome: handedOffWithOutcome, withVerdict: withVerdict, botWasRight: right,
            botWasRightShare: Ratio(right, of: withVerdict),
            correctionsByIntent: Self.counts(corrections, whole: corrections.values.reduce(0, +)),
            waitingForRetrain: facts.outcomesWaitingForRetrain)
    }

    /// Each promotion inside the range, with containment and fallback rate of the
    /// conversations started in the week before and the week after it (cut at the
    /// neighbouring promotions and at the range's ends).
    func releaseMeasures() -> [ConversationReport.ReleaseMeasures] {
        let releases = facts.releases.sorted { ($0.promotedAt, $0.name) < ($1.promotedAt, $1.name) }
        let week = Double(Self.releaseWindowDays * ReportCalendar.secondsPerDay)
        let starts = facts.conversations.map(\.startedAt)
        var result: [ConversationReport.ReleaseMeasures] = []
        for (n, release) in releases.enumerated() {
            let at = release.promotedAt
            if let start = range.start, at < start { continue }
            if let end = range.end, at >= end { continue }
            var from = at.addingTimeInterval(-week)
            var to = at.addingTimeInterval(week)
            if n > 0 { from = max(from, releases[n - 1].promotedAt) }
            if n + 1 < releases.count { to = min(to, releases[n + 1].promotedAt) }
            if let start = range.start { from = max(from, start) }
            if let end = range.end { to = min(to, end) }
            let before = facts.conversations.indices.filter { starts[$0] >= from && starts[$0] < at }
            let after = facts.conversations.indices.filter { starts[$0] >= at && starts[$0] < to }
            result.append(.init(
                name: release.name, promotedAt: ReportCalendar.timestamp(at),
                before: window(before, from: from, to: at), after: window(after, from: at, to: to)))
        }
        return result
    }

    private func window(_ members: [Int], from: Date, to: Date) -> ConversationReport.ReleaseWindow {
        let s = summary(members)
        return .init(
            from: ReportCalendar.timestamp(from), to: ReportCalendar.timestamp(to), conversations: s.conversations,
            containmentRate: s.containmentRate, fallbackRate: s.fallbackRate)
    }
}
