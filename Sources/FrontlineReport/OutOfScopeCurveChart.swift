import FrontlineML

/// Out-of-scope precision and recall over the confidence threshold, the model's threshold marked.
enum OutOfScopeCurveChart {
    static let precisionColor = "#3b7dd8"
    static let recallColor = "#d8553b"

    static func svg(_ curve: OutOfScopeCurve) -> String {
        let chart = SVGChart()
        let n = SVGChart.n
        var body = chart.frame(
            title: "Out-of-scope precision / recall by threshold", xLabel: "confidence threshold",
            yLabel: "out-of-scope precision, recall", xTicks: SVGChart.unitTicks, yTicks: SVGChart.unitTicks)
        body += chart.polyline(curve.points.map { ($0.threshold, $0.precision) }, color: precisionColor)
        body += chart.polyline(curve.points.map { ($0.threshold, $0.recall) }, color: recallColor)
        let t = min(max(curve.chosenThreshold, 0), 1)
        body += "<line x1=\"\(n(chart.x(t)))\" x2=\"\(n(chart.x(t)))\" y1=\"\(n(chart.top))\" y2=\"\(n(chart.y(0)))\" stroke=\"#1d2b4a\" stroke-dasharray=\"3 3\"/>"
        for (v, color) in [(curve.chosen.precision, precisionColor), (curve.chosen.recall, recallColor)] {
            body += "<circle cx=\"\(n(chart.x(t)))\" cy=\"\(n(chart.y(v)))\" r=\"4\" fill=\"\(color)\" stroke=\"#fff\"/>"
        }
        body += "<text x=\"\(n(chart.x(t) + 5))\" y=\"\(n(chart.top + 12))\" font-size=\"10.5\">threshold \(HTML.fixed(t)): P \(HTML.fixed(curve.chosen.precision)), R \(HTML.fixed(curve.chosen.recall))</text>"
        var legend = chart
        legend.top += 20
        body += legend.legend([("precision", precisionColor), ("recall", recallColor)])
        return chart.svg(body, label: "out-of-scope precision and recall curve")
    }
}
