import FrontlineReport

/// `conversations.html`: the conversation report as one self-contained page (inline CSS,
/// script and SVG, nothing loaded). Rendered from the JSON contract alone, so the page
/// and the JSON never disagree; every text from data is escaped.
public enum ConversationsPage {
    /// Above this many days the time charts and table go by week.
    static let maxDaysCharted = 62

    public static func render(_ report: ConversationReport) -> String {
        let r = report.range
        let scope = [
            "from \(r.since ?? "the first conversation")", "to \(r.until ?? "the last")",
            r.channel.map { "channel \($0)" } ?? "all channels", "low confidence below \(HTML.fixed(r.lowConfidence, 2))",
        ].joined(separator: ", ")
        var doc = HTMLDocument(title: "Conversations", subtitle: HTML.escape(scope) + " · times in UTC")
        doc.sections.append(headline(report))
        doc.sections.append(overTime(report))
        doc.sections.append(channels(report))
        doc.sections.append(handoffs(report))
        doc.sections.append(intents(report))
        doc.sections.append(review(report))
        doc.sections.append(articles(report))
        doc.sections.append(forms(report))
        doc.sections.append(outcomes(report))
        doc.sections.append(releases(report))
        return doc.render()
    }

    static func percent(_ ratio: Ratio) -> String { HTML.percent(ratio.value) }

    static func rateCell(_ ratio: Ratio) -> String {
        "<td class=\"n\" data-v=\"\(ratio.value.map { HTML.fixed($0, 6) } ?? "-1")\">\(percent(ratio))</td>"
    }

    static func countCell(_ value: Int) -> String { "<td class=\"n\" data-v=\"\(value)\">\(value)</td>" }

    static func table(id: String, headers: [(String, Bool)], rows: [String], empty: String) -> String {
        guard !rows.isEmpty else { return "<p>\(HTML.escape(empty))</p>" }
        let head = headers.map { $0.1 ? "<th class=\"n\">\(HTML.escape($0.0))</th>" : "<th>\(HTML.escape($0.0))</th>" }.joined()
        return "<div class=\"scroll\"><table class=\"sortable\" id=\"\(id)\"><thead><tr>\(head)</tr></thead>\n<tbody>\(rows.joined(separator: "\n"))</tbody></table></div>"
    }

    static func headline(_ report: ConversationReport) -> String {
        let o = report.overall
        let notes = report.notes.map { "<li>\(HTML.escape($0))</li>" }.joined()
        return HTMLDocument.section(id: "headline", title: "Headline numbers", ReportTables.cards([
            ("conversations", "\(o.conversations)"), ("contained (no handoff)", percent(o.containmentRate)),
            ("handed off", percent(o.handoffRate)), ("handed back to the bot", "\(o.returnedToBot)"),
            ("fallback rate", percent(o.fallbackRate)), ("low-confidence rate", percent(o.lowConfidenceRate)),
            ("agents: bot was right", percent(report.outcomes.botWasRightShare)),
            ("outcomes waiting for a retrain", "\(report.outcomes.waitingForRetrain)"),
        ]) + "<ul class=\"note\">\(notes)</ul>")
    }

    static func summaryRow(_ label: String, _ s: ConversationReport.Summary) -> String {
        "<tr><td>\(HTML.escape(label))</td>\(countCell(s.conversations))\(countCell(s.contained))\(countCell(s.handedOff))\(countCell(s.returnedToBot))\(rateCell(s.containmentRate))\(countCell(s.customerMessages))\(rateCell(s.fallbackRate))\(rateCell(s.lowConfidenceRate))</tr>"
    }

    static let summaryHeaders: [(String, Bool)] = [
        ("conversations", true), ("contained", true), ("handed off", true), ("handed back", true), ("containment", true),
        ("customer messages", true), ("fallback rate", true), ("low confidence", true),
    ]

    static func overTime(_ report: ConversationReport) -> String {
        let byDay = report.byDay.count <= maxDaysCharted
        let periods = byDay ? report.byDay : report.byWeek
        let unit = byDay ? "day" : "week"
        guard !periods.isEmpty else {
            return HTMLDocument.section(id: "over-time", title: "Over time", "<p>No conversations in this range.</p>")
        }
        let chart = ConversationCharts.overTime(periods, unit: unit, releases: report.releases)
        let rows = periods.map { summaryRow($0.period, $0.summary) }
        return HTMLDocument.section(
            id: "over-time", title: "Over time",
            note: "Per \(unit) the conversations started that \(unit); dashed lines mark model releases (details below). Weeks start on Monday.",
            "<div class=\"charts\"><div class=\"chart\">\(chart)</div></div>"
                + table(id: "period-table", headers: [(unit, false)] + summaryHeaders, rows: rows, empty: ""))
    }

    static func channels(_ report: ConversationReport) -> String {
        let rows = report.byChannel.map { summaryRow($0.channel, $0.summary) } + [summaryRow("all", report.overall)]
        return HTMLDocument.section(
            id: "channels", title: "By channel",
            table(id: "channel-table", headers: [("channel", false)] + summaryHeaders, rows: rows, empty: ""))
    }

    static func handoffs(_ report: ConversationReport) -> String {
        let h = report.handoffs
        let reasons = ConversationCharts.bars(h.byReason.map { ($0.name, $0.count) }, title: "Handoffs by reason (first handoff)")
        let queues = ConversationCharts.bars(h.byQueue.map { ($0.name, $0.count) }, title: "Handoffs by queue", color: "#6b4fbb")
        let t = h.timeToHandoff
        let wait = ReportTables.cards([
            ("handed off", "\(h.handedOff)"), ("median time to handoff", seconds(t.medianSeconds)),
            ("90% handed off within", seconds(t.p90Seconds)), ("mean time to handoff", seconds(t.meanSeconds)),
        ])
        return HTMLDocument.section(
            id: "handoffs", title: "Handoffs",
            note: "Time to handoff: from the conversation's first customer message to its first handoff.",
            wait + "<div class=\"charts\"><div class=\"chart\">\(reasons)</div><div class=\"chart\">\(queues)</div></div>")
    }

    static func seconds(_ ratio: Ratio) -> String {
        guard let v = ratio.value else { return "n/a" }
        return v < 120 ? HTML.fixed(v, 1) + " s" : HTML.fixed(v / 60, 1) + " min"
    }

    static func intents(_ report: ConversationReport) -> String {
        let rows = report.intents.map { i in
            "<tr><td>\(HTML.escape(i.intent))</td>\(countCell(i.messages))<td>\(ConversationCharts.sparkline(i.messagesByWeek))</td>\(countCell(i.conversations))\(countCell(i.contained))\(rateCell(i.containmentRate))\(countCell(i.corrections))</tr>"
        }
        return HTMLDocument.section(
            id: "intents", title: "Intents",
            note: "Messages: customer messages read as the intent (trend: per week). Conversations: those whose topic it is (the first confidently placed intent other than greetings and yes/no). Corrections: messages an agent corrected.",
            table(id: "intent-table", headers: [("intent", false), ("messages", true), ("trend", false), ("conversations", true), ("contained", true), ("containment", true), ("corrections", true)],
                  rows: rows, empty: "No customer messages in this range."))
    }

    static func review(_ report: ConversationReport) -> String {
        let rows = report.reviewQueue.map { g in
            "<tr><td>\(HTML.escape(g.example))</td>\(countCell(g.count))<td>\(HTML.escape(g.intent))</td>\(ReportTables.numberCell(g.meanConfidence, digits: 2))</tr>"
        }
        return HTMLDocument.section(
            id: "review-queue", title: "What the bot could not place",
            note: "Out-of-scope or low-confidence messages grouped by normalised text (case, punctuation and digits folded), most frequent first: label these and retrain.",
            table(id: "review-table", headers: [("example", false), ("count", true), ("bot's best guess", false), ("mean confidence", true)],
                  rows: rows, empty: "Nothing to review."))
    }

    static func articles(_ report: ConversationReport) -> String {
        let rows = report.articles.map { a in
            "<tr><td>\(HTML.escape(a.title))</td><td>\(HTML.escape(a.articleId))</td>\(countCell(a.shown))\(countCell(a.helpful))\(countCell(a.notHelpful))\(rateCell(a.helpfulRate))\(countCell(a.ledToHandoff))</tr>"
        }
        return HTMLDocument.section(
            id: "articles", title: "Knowledge base",
            note: "Yes / no: the customer's answer to \"did that help?\". Led to a handoff: conversations handed off after the article was shown.",
            table(id: "article-table", headers: [("article", false), ("id", false), ("shown", true), ("yes", true), ("no", true), ("helpful", true), ("led to a handoff", true)],
                  rows: rows, empty: "No articles were shown."))
    }

    static func forms(_ report: ConversationReport) -> String {
        guard !report.forms.isEmpty else {
            return HTMLDocument.section(id: "forms", title: "Forms", "<p>No forms were started.</p>")
        }
        let blocks = report.forms.map { f -> String in
            var steps: [(label: String, value: Int)] = [("started", f.started)]
            steps += f.slots.map { ("filled \($0.slot)", $0.filled) }
            steps += [("completed", f.completed), ("cancelled", f.cancelled), ("left", f.left), ("handed off", f.handedOff), ("abandoned", f.abandoned)]
            let chart = ConversationCharts.bars(steps, title: "Form \(f.form)", color: "#1b7f3b")
            let rows = f.slots.map { "<tr><td>\(HTML.escape($0.slot))</td>\(countCell($0.filled))\(countCell($0.reasked))</tr>" }
            return "<div class=\"chart\">\(chart)<p class=\"note\">completion \(percent(f.completionRate))</p>"
                + table(id: "form-\(HTML.escape(f.form))", headers: [("slot", false), ("filled", true), ("asked again", true)], rows: rows, empty: "")
                + "</div>"
        }
        return HTMLDocument.section(
            id: "forms", title: "Forms",
            note: "Where customers give up: abandoned = started but never completed, cancelled, left (topic change or the form gave up) or handed off.",
            "<div class=\"charts\">\(blocks.joined())</div>")
    }

    static func outcomes(_ report: ConversationReport) -> String {
        let o = report.outcomes
        let rows = o.correctionsByIntent.map { "<tr><td>\(HTML.escape($0.name))</td>\(countCell($0.count))\(rateCell($0.share))</tr>" }
        return HTMLDocument.section(
            id: "outcomes", title: "Agents' outcomes",
            note: "Corrections are counted under the intent the bot had read. Waiting for a retrain: outcomes saved after the newest release took its training data (all ranges).",
            ReportTables.cards([
                ("outcomes", "\(o.outcomes)"), ("with a verdict", "\(o.withVerdict)"),
                ("bot was right", percent(o.botWasRightShare)), ("waiting for a retrain", "\(o.waitingForRetrain)"),
            ]) + table(id: "correction-table", headers: [("bot's intent", false), ("corrections", true), ("share", true)], rows: rows,
                       empty: "No corrections."))
    }

    static func releases(_ report: ConversationReport) -> String {
        let rows = report.releases.map { r in
            "<tr><td>\(HTML.escape(r.name))</td><td>\(HTML.escape(r.promotedAt))</td>\(countCell(r.before.conversations))\(rateCell(r.before.containmentRate))\(rateCell(r.before.fallbackRate))\(countCell(r.after.conversations))\(rateCell(r.after.containmentRate))\(rateCell(r.after.fallbackRate))</tr>"
        }
        return HTMLDocument.section(
            id: "releases", title: "Model releases",
            note: "Before / after: conversations started in the 7 days before and after the promotion (cut at the neighbouring releases and the range).",
            table(id: "release-table", headers: [
                ("release", false), ("promoted (UTC)", false), ("before: conversations", true), ("containment", true), ("fallback rate", true),
                ("after: conversations", true), ("containment", true), ("fallback rate", true),
            ], rows: rows, empty: "No model was promoted in this range."))
    }
}
