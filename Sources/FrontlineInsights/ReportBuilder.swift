import Foundation
import FrontlineEngine

/// Computes the conversation report from a store's facts. Pure: the same facts and range
/// give the same report. Every measure is attributed to the UTC day the conversation
/// started (when its first customer message was stored), so a day's numbers never change once it is over
/// except through later handoffs and outcomes of that day's conversations.
public struct ReportBuilder {
    /// Intents that answer the bot rather than name a topic; a conversation's topic is its
    /// first placed intent that is not one of these.
    public static let nonTopicIntents: Set<String> = ["affirm", "deny", "greet", "goodbye", "thanks", "bot_challenge"]
    static let reviewGroups = 25
    static let releaseWindowDays: Int64 = 7

    let facts: ConversationFacts
    let range: ReportRange
    /// Day of each conversation, parallel to `facts.conversations`.
    let days: [Int64]
    /// What every summary needs of each conversation, counted once (parallel too): the
    /// summaries per day, week and channel then add these up instead of re-reading messages.
    let tallies: [Tally]

    struct Tally {
        var firstReason: String?
        var returned = false
        var messages = 0
        var fallbacks = 0
        var lowConfidence = 0
    }

    public init(facts: ConversationFacts, range: ReportRange) {
        self.facts = facts
        self.range = range
        days = facts.conversations.map { ReportCalendar.epochDay($0.startedAt) }
        tallies = facts.conversations.map { c in
            var t = Tally(firstReason: c.handoffs.first?.reason, returned: c.handoffs.contains { $0.status == .returned })
            for m in c.messages where m.intent != nil {
                t.messages += 1
                if m.fallback { t.fallbacks += 1 }
                if ReportBuilder.isLowConfidence(m, below: range.lowConfidence) { t.lowConfidence += 1 }
            }
            return t
        }
    }

    public func build() -> ConversationReport {
        let all = Array(facts.conversations.indices)
        let dayKeys = dayPeriods()
        let weekKeys = weekPeriods()
        let channels = Set(facts.conversations.map(\.channel)).sorted()
        return ConversationReport(
            formatVersion: ConversationReport.currentFormatVersion,
            range: .init(since: range.since, until: range.until, channel: range.channel, lowConfidence: range.lowConfidence, timezone: "UTC"),
            notes: notes(),
            overall: summary(all),
            byDay: periods(all, keys: dayKeys, of: { days[$0] }),
            byWeek: periods(all, keys: weekKeys, of: { ReportCalendar.weekStart(days[$0]) }),
            byChannel: channels.map { channel in
                let members = all.filter { facts.conversations[$0].channel == channel }
                return .init(
                    channel: channel, summary: summary(members),
                    byDay: periods(members, keys: dayKeys, of: { days[$0] }),
                    byWeek: periods(members, keys: weekKeys, of: { ReportCalendar.weekStart(days[$0]) }))
            },
            handoffs: handoffMeasures(),
            intents: intentMeasures(weeks: weekKeys),
            reviewQueue: reviewQueue(),
            articles: articleMeasures(),
            forms: formFunnels(),
            outcomes: outcomeMeasures(),
            releases: releaseMeasures())
    }

    private func notes() -> [String] {
        var notes = [
            "Conversations are counted on the UTC day of their first customer message; a conversation is in the range when it started in it.",
            "A conversation with any handoff counts as handed off, never as contained, even when people handed it back to the bot and the bot finished it.",
        ]
        if facts.schemaVersion < 4 {
            notes.append("This database predates schema v4: form funnels and \"did that help?\" answers are not recorded in it.")
        } else {
            notes.append("Form funnels and \"did that help?\" answers are recorded from schema v4 on; conversations stored before the upgrade show none.")
        }
        return notes
    }

    // MARK: Summaries

    func summary(_ members: [Int]) -> ConversationReport.Summary {
        var handedOff = 0, returned = 0, messages = 0, fallbacks = 0, low = 0
        var reasons: [String: Int] = [:]
        for i in members {
            let t = tallies[i]
            if let reason = t.firstReason {
                handedOff += 1
                reasons[reason, default: 0] += 1
                if t.returned { returned += 1 }
            }
            messages += t.messages
            fallbacks += t.fallbacks
            low += t.lowConfidence
        }
        let contained = members.count - handedOff
        return .init(
            conversations: members.count, contained: contained, handedOff: handedOff, returnedToBot: returned,
            containmentRate: Ratio(contained, of: members.count), handoffRate: Ratio(handedOff, of: members.count),
            customerMessages: messages, fallbackMessages: fallbacks, fallbackRate: Ratio(fallbacks, of: messages),
            lowConfidenceMessages: low, lowConfidenceRate: Ratio(low, of: messages),
            handoffsByReason: Self.counts(reasons, listing: HandoffReason.allCases.map(\.rawValue), whole: members.count))
    }

    private func periods(_ members: [Int], keys: [Int64], of period: (Int) -> Int64) -> [ConversationReport.PeriodSummary] {
        let grouped = Dictionary(grouping: members, by: period)
        return keys.map { .init(period: ReportCalendar.key($0), summary: summary(grouped[$0] ?? [])) }
    }

    /// Every day from the first conversation's to the last's.
    func dayPeriods() -> [Int64] {
        guard let first = days.min(), let last = days.max() else { return [] }
        return Array(first...last)
    }

    func weekPeriods() -> [Int64] {
        guard let first = days.min(), let last = days.max() else { return [] }
        return Array(stride(from: ReportCalendar.weekStart(first), through: ReportCalendar.weekStart(last), by: 7))
    }

    func isLowConfidence(_ m: CustomerMessageFact) -> Bool { Self.isLowConfidence(m, below: range.lowConfidence) }

    /// Read in scope, but below the threshold.
    static func isLowConfidence(_ m: CustomerMessageFact, below threshold: Double) -> Bool {
        guard m.intent != nil, !m.outOfScope, let confidence = m.confidence else { return false }
        return confidence < threshold
    }

    /// In scope and confident enough: the bot knew what the customer wanted.
    func isPlaced(_ m: CustomerMessageFact) -> Bool {
        guard let intent = m.intent, !m.outOfScope, let confidence = m.confidence else { return false }
        return confidence >= range.lowConfidence && !intent.isEmpty
    }

    /// The conversation's topic: its first placed intent that names a topic.
    func topic(_ c: ConversationFact) -> String? {
        c.messages.first { isPlaced($0) && !Self.nonTopicIntents.contains($0.intent ?? "") }?.intent
    }

    static func firstMessageAt(_ c: ConversationFact) -> Date? { c.messages.first?.at }

    /// Counts by name: `listing` first in its order (zeros included), then the others by
    /// count (most first) and name.
    static func counts(_ counts: [String: Int], listing: [String] = [], whole: Int) -> [ConversationReport.Count] {
        let listed = Set(listing)
        let others = counts.filter { !listed.contains($0.key) }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        return (listing + others).map { .init(name: $0, count: counts[$0] ?? 0, share: Ratio(counts[$0] ?? 0, of: whole)) }
    }
}
