import Foundation
import FrontlineEngine

extension ReportBuilder {
    /// Per article: times shown, the answers to "did that help?", and the conversations
    /// handed off after it was shown. Most shown first.
    func articleMeasures() -> [ConversationReport.ArticleMeasures] {
        struct Tally { var title = "", shown = 0, helpful = 0, notHelpful = 0, ledToHandoff = 0 }
        var tallies: [String: Tally] = [:]
        for c in facts.conversations {
            var firstShown: [String: Date] = [:]
            for a in c.articles {
                tallies[a.articleId, default: Tally()].shown += 1
                tallies[a.articleId, default: Tally()].title = a.title
                if firstShown[a.articleId] == nil { firstShown[a.articleId] = a.at }
            }
            for e in c.events {
                switch e.event.kind {
                case .articleHelpful: tallies[e.event.subject, default: Tally()].helpful += 1
                case .articleNotHelpful: tallies[e.event.subject, default: Tally()].notHelpful += 1
                default: break
                }
            }
            for (article, shownAt) in firstShown where c.handoffs.contains(where: { $0.createdAt >= shownAt }) {
                tallies[article, default: Tally()].ledToHandoff += 1
            }
        }
        return tallies.sorted { ($1.value.shown, $0.key) < ($0.value.shown, $1.key) }.map { id, t in
            .init(articleId: id, title: t.title.isEmpty ? id : t.title, shown: t.shown, helpful: t.helpful, notHelpful: t.notHelpful,
                  helpfulRate: Ratio(t.helpful, of: t.helpful + t.notHelpful), ledToHandoff: t.ledToHandoff)
        }
    }

    /// Per form, from the turn events: how many started, how each ended, and per slot how
    /// often it was filled and asked again. Forms by name.
    func formFunnels() -> [ConversationReport.FormFunnel] {
        struct Tally { var started = 0, completed = 0, cancelled = 0, left = 0, handedOff = 0; var filled: [String: Int] = [:]; var reasked: [String: Int] = [:] }
        var tallies: [String: Tally] = [:]
        for c in facts.conversations {
            for e in c.events {
                let form = e.event.subject
                switch e.event.kind {
                case .formStarted: tallies[form, default: Tally()].started += 1
                case .formCompleted: tallies[form, default: Tally()].completed += 1
                case .formCancelled: tallies[form, default: Tally()].cancelled += 1
                case .formLeft: tallies[form, default: Tally()].left += 1
                case .formHandedOff: tallies[form, default: Tally()].handedOff += 1
                case .slotFilled: tallies[form, default: Tally()].filled[e.event.slot ?? "", default: 0] += 1
                case .slotReasked: tallies[form, default: Tally()].reasked[e.event.slot ?? "", default: 0] += 1
                case .articleHelpful, .articleNotHelpful: break
                }
            }
        }
        return tallies.sorted { $0.key < $1.key }.map { form, t in
            let ended = t.completed + t.cancelled + t.left + t.handedOff
            let slots = Set(t.filled.keys).union(t.reasked.keys).map { slot in
                ConversationReport.SlotFunnel(slot: slot, filled: t.filled[slot] ?? 0, reasked: t.reasked[slot] ?? 0)
            }.sorted { ($1.filled, $0.slot) < ($0.filled, $1.slot) }
            return .init(
                form: form, started: t.started, completed: t.completed, cancelled: t.cancelled, left: t.left,
                handedOff: t.handedOff, abandoned: max(0, t.started - ended), completionRate: Ratio(t.completed, of: t.started),
                slots: slots)
        }
    }
}
