import FrontlineML

/// `compare.html`: two models on the same data, in the evaluation page's style.
public enum ComparisonPage {
    public static func render(_ c: ModelComparison, modelA: String, modelB: String, data: String, split: String) -> String {
        var doc = HTMLDocument(
            title: "Model comparison",
            subtitle: "A = \(HTML.escape(modelA)), B = \(HTML.escape(modelB)); data \(HTML.escape(data)), split \(HTML.escape(split)), \(c.count) examples")
        let a = c.metricsA, b = c.metricsB
        func delta(_ x: Double?, _ y: Double?) -> String {
            guard let x, let y else { return "n/a" }
            let d = (y - x) * 100
            return (d >= 0 ? "+" : "") + HTML.fixed(d, 2) + " pts"
        }
        let headline: [(String, Double?, Double?)] = [
            ("accuracy", a.accuracy, b.accuracy), ("macro F1", a.macroF1, b.macroF1),
            ("in-scope accuracy", a.inScopeAccuracy, b.inScopeAccuracy),
            ("out-of-scope recall", a.outOfScopeRecall, b.outOfScopeRecall),
            ("out-of-scope precision", a.outOfScopePrecision, b.outOfScopePrecision),
        ]
        let rows = headline.map {
            "<tr><td>\($0.0)</td><td class=\"n\">\(HTML.percent($0.1))</td><td class=\"n\">\(HTML.percent($0.2))</td><td class=\"n\">\(delta($0.1, $0.2))</td></tr>"
        }
        doc.sections.append(HTMLDocument.section(
            id: "headline", title: "Headline numbers",
            "<table><thead><tr><th>metric</th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">B − A</th></tr></thead><tbody>\(rows.joined())</tbody></table>"))

        let t = c.mcnemar
        let verdict = t.pValue < 0.05
            ? "The difference is significant at the 5% level (\(t.bOnly > t.aOnly ? "B" : "A") is better)."
            : "The difference is not significant at the 5% level."
        doc.sections.append(HTMLDocument.section(
            id: "mcnemar", title: "McNemar's test",
            note: "Only the examples where exactly one model is right count. Exact binomial test below 25 such examples, chi-square with continuity correction otherwise.",
            ReportTables.cards([
                ("A right, B wrong", "\(t.aOnly)"), ("A wrong, B right", "\(t.bOnly)"),
                (t.method == .exactBinomial ? "method: exact binomial" : "χ² (continuity corrected)",
                 t.method == .exactBinomial ? "exact" : HTML.fixed(t.statistic)),
                ("p-value", pValue(t.pValue)),
            ]) + "<p>\(verdict)</p>"))

        if let f = c.frames { doc.sections.append(framesSection(f, delta: delta)) }

        let deltaRows = c.perIntent.sorted { $0.value.delta != $1.value.delta ? $0.value.delta < $1.value.delta : $0.key < $1.key }.map { label, d in
            let cls = d.delta > 0 ? "good" : (d.delta < 0 ? "bad" : "")
            return "<tr><td>\(HTML.escape(label))</td>\(ReportTables.numberCell(d.f1A))\(ReportTables.numberCell(d.f1B))<td class=\"n \(cls)\" data-v=\"\(HTML.fixed(d.delta, 6))\">\(d.delta > 0 ? "+" : "")\(HTML.fixed(d.delta))</td><td class=\"n\" data-v=\"\(d.support)\">\(d.support)</td></tr>"
        }
        doc.sections.append(HTMLDocument.section(
            id: "per-intent", title: "Per intent F1", note: "Largest loss of B against A first. Click a header to sort.",
            "<div class=\"scroll\"><table class=\"sortable\" id=\"delta-table\"><thead><tr><th>intent</th><th class=\"n\">F1 A</th><th class=\"n\">F1 B</th><th class=\"n\">B − A</th><th class=\"n\">support</th></tr></thead><tbody>\(deltaRows.joined(separator: "\n"))</tbody></table></div>"))
        doc.sections.append(HTMLDocument.section(
            id: "flips", title: "Flipped utterances",
            "<h3>A right, B wrong (\(c.aRightBWrong.count))</h3>\(flips(c.aRightBWrong))<h3>A wrong, B right (\(c.aWrongBRight.count))</h3>\(flips(c.aWrongBRight))"))
        return doc.render()
    }

    /// Slot scores side by side and McNemar's test on whole frames (intent and every slot right).
    static func framesSection(_ f: FrameComparison, delta: (Double?, Double?) -> String) -> String {
        let a = f.slotsA, b = f.slotsB
        let rows: [(String, Double, Double)] = [
            ("slot precision", a.slotPrecision, b.slotPrecision), ("slot recall", a.slotRecall, b.slotRecall),
            ("slot F1", a.slotF1, b.slotF1), ("frame accuracy", a.frameAccuracy, b.frameAccuracy),
        ]
        let table = rows.map {
            "<tr><td>\($0.0)</td><td class=\"n\">\(HTML.percent($0.1))</td><td class=\"n\">\(HTML.percent($0.2))</td><td class=\"n\">\(delta($0.1, $0.2))</td></tr>"
        }
        let t = f.mcnemar
        let verdict = t.pValue < 0.05
            ? "The frames differ significantly at the 5% level (\(t.bOnly > t.aOnly ? "B" : "A") is better)."
            : "The frames do not differ significantly at the 5% level."
        func texts(_ list: [String]) -> String {
            list.isEmpty ? "<p>None.</p>" : "<ul>" + list.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        return HTMLDocument.section(
            id: "frames", title: "Slots and frames",
            note: "A frame is right when the intent and every slot span are. McNemar's test counts the utterances whose frame exactly one model gets right.",
            "<table><thead><tr><th>metric</th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">B − A</th></tr></thead><tbody>\(table.joined())</tbody></table>"
                + ReportTables.cards([
                    ("frames: A right, B wrong", "\(t.aOnly)"), ("frames: A wrong, B right", "\(t.bOnly)"),
                    ("p-value", pValue(t.pValue)),
                ]) + "<p>\(verdict)</p>"
                + "<h3>Frame right in A only (\(f.aRightBWrong.count))</h3>\(texts(f.aRightBWrong))"
                + "<h3>Frame right in B only (\(f.aWrongBRight.count))</h3>\(texts(f.aWrongBRight))")
    }

    /// Small p-values in scientific notation so they do not read as 0.000.
    static func pValue(_ p: Double) -> String {
        p >= 0.001 ? HTML.fixed(p, 4) : String(format: "%.2e", p)
    }

    static func flips(_ list: [ModelComparison.Flip]) -> String {
        guard !list.isEmpty else { return "<p>None.</p>" }
        let rows = list.map {
            "<tr><td>\(HTML.escape($0.text))</td><td>\(HTML.escape($0.gold))</td><td>\(HTML.escape($0.predictedA))</td><td>\(HTML.escape($0.predictedB))</td></tr>"
        }
        return "<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>text</th><th>gold</th><th>A predicted</th><th>B predicted</th></tr></thead><tbody>\(rows.joined(separator: "\n"))</tbody></table></div>"
    }
}
