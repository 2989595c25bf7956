import FrontlineML

/// `report.html`: one self-contained page from an evaluation report. The same report
/// always renders to the same bytes (no timings, no dates, sorted everything).
public enum EvaluationPage {
    public static func render(_ report: EvaluationReport) -> String {
        let m = report.metrics
        var doc = HTMLDocument(
            title: "Evaluation of \(report.model)",
            subtitle: "data \(HTML.escape(report.data)), split \(HTML.escape(report.split)), \(m.count) examples, \(m.perIntent.count) labels")
        doc.sections.append(headline(report))
        if let cv = report.crossValidation { doc.sections.append(crossValidation(cv)) }
        if let curve = report.learningCurve { doc.sections.append(learningCurve(curve)) }
        doc.sections.append(HTMLDocument.section(
            id: "per-intent", title: "Per intent", note: "Worst F1 first. Click a column header to sort.",
            ReportTables.perIntent(m)))
        doc.sections.append(HTMLDocument.section(
            id: "confusion", title: "Confusion matrix",
            note: "Gold rows, predicted columns, labels ordered so that labels confused with each other sit together. Blue: diagonal (darker = higher recall); red: mistakes (darker = more). Hover a cell for its labels and count.",
            "<div class=\"charts\"><div class=\"chart\">\(ConfusionHeatmap.svg(m.confusion))</div><div><h3>Top confusions</h3>\(ConfusionHeatmap.topConfusionsTable(m.confusion))</div></div>"))
        var charts: [String] = []
        if let h = report.confidenceHistogram { charts.append(ConfidenceHistogramChart.svg(h)) }
        if let c = report.calibration { charts.append(ReliabilityChart.svg(c)) }
        doc.sections.append(HTMLDocument.section(
            id: "confidence", title: "Confidence and calibration",
            note: "Expected calibration error: the gap between confidence and accuracy, weighted by how many predictions fall in each of 10 bins.",
            "<div class=\"charts\">\(charts.joined())</div>"))
        doc.sections.append(HTMLDocument.section(
            id: "oos-curve", title: "Out-of-scope threshold",
            note: "Out-of-scope precision and recall if the gate's confidence threshold moved (margin and out-of-scope class kept); the dashed line is the model's threshold.",
            report.outOfScopeCurve.map(OutOfScopeCurveChart.svg) ?? "<p>The data has no out-of-scope examples.</p>"))
        doc.sections.append(HTMLDocument.section(
            id: "per-slot", title: "Per slot",
            report.slots.map(ReportTables.perSlot) ?? "<p>No slot scores: the model tags no slots or the data has no slot annotations.</p>"))
        doc.sections.append(HTMLDocument.section(
            id: "errors", title: "Errors", note: "Most confident mistakes first.", ReportTables.errors(report.errors)))
        return doc.render()
    }

    static func headline(_ report: EvaluationReport) -> String {
        let m = report.metrics
        var items: [(String, String)] = [
            ("examples", "\(m.count)"), ("accuracy", HTML.percent(m.accuracy)), ("macro F1", HTML.percent(m.macroF1)),
            ("in-scope accuracy", HTML.percent(m.inScopeAccuracy)), ("out-of-scope recall", HTML.percent(m.outOfScopeRecall)),
            ("out-of-scope precision", HTML.percent(m.outOfScopePrecision)),
        ]
        if let c = report.calibration { items.append(("expected calibration error", HTML.fixed(c.ece, 4))) }
        if let t = report.outOfScopeCurve?.chosenThreshold { items.append(("out-of-scope threshold", HTML.fixed(t))) }
        if let s = report.slots { items.append(("slot F1", HTML.percent(s.slotF1))) }
        items.append(("errors", "\(report.errors.count)"))
        return HTMLDocument.section(id: "headline", title: "Headline numbers", ReportTables.cards(items))
    }

    static func crossValidation(_ cv: CrossValidationSummary) -> String {
        let rows = CrossValidationSummary.metricNames.compactMap { name -> String? in
            guard let s = cv.metrics[name] else { return nil }
            let perFold = cv.perFold.map { ($0[name] ?? nil).map { HTML.fixed($0) } ?? "n/a" }.joined(separator: " · ")
            return "<tr><td>\(name)</td><td class=\"n\">\(HTML.fixed(s.mean)) ± \(HTML.fixed(s.std))</td><td>\(perFold)</td></tr>"
        }
        return HTMLDocument.section(
            id: "cross-validation", title: "Cross-validation (\(cv.folds) folds)",
            note: "Mean ± sample standard deviation over the folds; the rest of the page pools every held-out prediction.",
            "<table><thead><tr><th>metric</th><th class=\"n\">mean ± std</th><th>per fold</th></tr></thead><tbody>\(rows.joined())</tbody></table>")
    }

    static func learningCurve(_ curve: LearningCurve) -> String {
        let chart = LineChart(
            title: "Learning curve (scored on \(curve.evaluatedOn))", xLabel: "training data (%)", yLabel: "score",
            series: [
                .init(name: "accuracy", color: "#3b7dd8", points: curve.points.map { ($0.percent, $0.accuracy) }),
                .init(name: "macro F1", color: "#d8553b", points: curve.points.map { ($0.percent, $0.macroF1) }),
            ])
        let rows = curve.points.map {
            "<tr><td class=\"n\">\(HTML.fixed($0.percent, 0))%</td><td class=\"n\">\($0.examples)</td><td class=\"n\">\(HTML.fixed($0.accuracy))</td><td class=\"n\">\(HTML.fixed($0.macroF1))</td></tr>"
        }
        return HTMLDocument.section(
            id: "learning-curve", title: "Learning curve",
            "<div class=\"charts\"><div class=\"chart\">\(chart.svg())</div><table><thead><tr><th class=\"n\">training data</th><th class=\"n\">examples</th><th class=\"n\">accuracy</th><th class=\"n\">macro F1</th></tr></thead><tbody>\(rows.joined())</tbody></table></div>")
    }
}
