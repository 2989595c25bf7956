import FrontlineML

/// The tables of the evaluation page: headline cards, per intent, per slot, errors.
public enum ReportTables {
    public static func cards(_ items: [(String, String)]) -> String {
        "<div class=\"cards\">" + items.map {
            "<div class=\"card\"><div class=\"v\">\(HTML.escape($0.1))</div><div class=\"k\">\(HTML.escape($0.0))</div></div>"
        }.joined() + "</div>"
    }

    public static func numberCell(_ v: Double, digits: Int = 3) -> String {
        "<td class=\"n\" data-v=\"\(HTML.fixed(v, 6))\">\(HTML.fixed(v, digits))</td>"
    }

    /// Worst F1 first; click a header to sort by it.
    static func perIntent(_ metrics: IntentMetrics) -> String {
        let rows = metrics.perIntent.sorted { $0.value.f1 != $1.value.f1 ? $0.value.f1 < $1.value.f1 : $0.key < $1.key }.map { label, m in
            let confused = m.confusedWith.prefix(3).map { "\(HTML.escape($0.label)) (\($0.count))" }.joined(separator: ", ")
            return "<tr><td>\(HTML.escape(label))</td>\(numberCell(m.precision))\(numberCell(m.recall))\(numberCell(m.f1))<td class=\"n\" data-v=\"\(m.support)\">\(m.support)</td><td>\(confused)</td></tr>"
        }
        return """
            <div class="scroll"><table class="sortable" id="intent-table"><thead><tr><th>intent</th><th class="n">precision</th><th class="n">recall</th><th class="n">F1</th><th class="n">support</th><th>most confused with</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table></div>
            """
    }

    static func perSlot(_ slots: SlotMetrics) -> String {
        let rows = slots.perSlot.sorted { $0.value.f1 != $1.value.f1 ? $0.value.f1 < $1.value.f1 : $0.key < $1.key }.map { slot, m in
            "<tr><td>\(HTML.escape(slot))</td>\(numberCell(m.precision))\(numberCell(m.recall))\(numberCell(m.f1))<td class=\"n\" data-v=\"\(m.support)\">\(m.support)</td></tr>"
        }
        return cards([
            ("slot precision", HTML.percent(slots.slotPrecision)), ("slot recall", HTML.percent(slots.slotRecall)),
            ("slot F1", HTML.percent(slots.slotF1)), ("frame accuracy", HTML.percent(slots.frameAccuracy)),
        ]) + """
            <div class="scroll"><table class="sortable" id="slot-table"><thead><tr><th>slot</th><th class="n">precision</th><th class="n">recall</th><th class="n">F1</th><th class="n">support</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table></div>
            """
    }

    /// Every error, most confident first, with a filter by gold or predicted intent.
    static func errors(_ errors: [EvaluationReport.Error]) -> String {
        guard !errors.isEmpty else { return "<p>No errors.</p>" }
        let sorted = errors.sorted {
            ($0.confidence, $1.gold, $1.text) > ($1.confidence, $0.gold, $0.text)
        }
        let intents = Set(errors.flatMap { [$0.gold, $0.predicted] }).sorted()
        let options = intents.map { "<option value=\"\(HTML.escape($0))\">\(HTML.escape($0))</option>" }.joined()
        let rows = sorted.map { e in
            "<tr data-gold=\"\(HTML.escape(e.gold))\" data-predicted=\"\(HTML.escape(e.predicted))\"><td>\(HTML.escape(e.text))</td><td>\(HTML.escape(e.gold))</td><td>\(HTML.escape(e.predicted))</td>\(numberCell(Double(e.confidence)))</tr>"
        }
        return """
            <div class="controls"><label>intent (gold or predicted): <select id="error-filter"><option value="">all \(errors.count) errors</option>\(options)</select></label> <span id="error-count" class="note">\(errors.count) shown</span></div>
            <div class="scroll"><table class="sortable" id="error-table"><thead><tr><th>text</th><th>gold</th><th>predicted</th><th class="n">confidence</th></tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table></div>
            """
    }
}
