import Foundation
import FrontlineEngine
import FrontlineML

extension ReportBuilder {
    /// Every intent the bot read, most messages first: volume, weekly trend, the
    /// containment of conversations about it, and agents' corrections of it.
    func intentMeasures(weeks: [Int64]) -> [ConversationReport.IntentMeasures] {
        struct Tally { var messages = 0, conversations = 0, contained = 0, corrections = 0; var byWeek: [Int64: Int] = [:] }
        var tallies: [String: Tally] = [:]
        for (i, c) in facts.conversations.enumerated() {
            let week = ReportCalendar.weekStart(days[i])
            for m in c.messages {
                guard let intent = m.intent else { continue }
                tallies[intent, default: Tally()].messages += 1
                tallies[intent, default: Tally()].byWeek[week, default: 0] += 1
            }
            if let topic = topic(c) {
                tallies[topic, default: Tally()].conversations += 1
                if c.handoffs.isEmpty { tallies[topic, default: Tally()].contained += 1 }
            }
            for (intent, count) in correctedIntents(c) { tallies[intent, default: Tally()].corrections += count }
        }
        return tallies.sorted { ($1.value.messages, $0.key) < ($0.value.messages, $1.key) }.map { name, t in
            .init(
                intent: name, messages: t.messages, conversations: t.conversations, contained: t.contained,
                containmentRate: Ratio(t.contained, of: t.conversations), corrections: t.corrections,
                messagesByWeek: weeks.map { t.byWeek[$0] ?? 0 })
        }
    }

    /// The bot's intent of each customer message an agent corrected, counted.
    func correctedIntents(_ c: ConversationFact) -> [String: Int] {
        var counts: [String: Int] = [:]
        for outcome in c.outcomes {
            for sequence in outcome.correctedSequences {
                let intent = c.messages.first { $0.sequence == sequence }?.intent ?? "(unread)"
                counts[intent, default: 0] += 1
            }
        }
        return counts
    }

    /// What the bot could not place (out of scope, or below the low-confidence threshold),
    /// grouped by normalised text like `frontline review`: most frequent first.
    func reviewQueue() -> [ConversationReport.ReviewGroup] {
        struct Group { var example: String; var count = 0; var confidence = 0.0; var guesses: [String: Int] = [:] }
        var groups: [String: Group] = [:]
        for c in facts.conversations {
            for m in c.messages {
                guard let text = m.unsureText, m.outOfScope || isLowConfidence(m) else { continue }
                let key = Tokenizer.normalize(text)
                var group = groups[key] ?? Group(example: text)
                group.count += 1
                group.confidence += m.confidence ?? 0
                group.guesses[m.intent ?? "", default: 0] += 1
                groups[key] = group
            }
        }
        return groups.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.prefix(Self.reviewGroups).map { key, g in
            let guess = g.guesses.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first?.key ?? ""
            return .init(example: g.example, key: key, count: g.count, intent: guess,
                         meanConfidence: Ratio.rounded(g.confidence / Double(g.count)))
        }
    }
}
