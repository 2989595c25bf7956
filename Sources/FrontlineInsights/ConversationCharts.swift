import FrontlineReport

/// The conversation page's inline SVG charts. Coordinates go through `SVGChart.n`, so the
/// same report draws the same bytes.
enum ConversationCharts {
    static let containmentColor = "#1b7f3b"
    static let fallbackColor = "#d8553b"
    static let releaseColor = "#6b4fbb"

    /// Containment and fallback rate per period, with each release as a dashed line at
    /// the period it was promoted in.
    static func overTime(_ periods: [ConversationReport.PeriodSummary], unit: String, releases: [ConversationReport.ReleaseMeasures]) -> String {
        var chart = SVGChart()
        chart.width = 720
        let count = periods.count
        chart.xRange = 0...Double(max(count - 1, 1))
        chart.yRange = 0...1
        let every = max(1, count / 8)
        let ticks = stride(from: 0, to: count, by: every).map(Double.init)
        let labels = periods.map(\.period)
        var body = chart.frame(
            title: "Containment and fallback rate per \(unit)", xLabel: unit + " (UTC)", yLabel: "rate",
            xTicks: ticks, yTicks: SVGChart.unitTicks,
            xFormat: { labels.indices.contains(Int($0)) ? String(labels[Int($0)].dropFirst(5)) : "" },
            yFormat: { HTML.fixed($0, 1) })
        for (name, color, value) in [
            ("containment", containmentColor, { (s: ConversationReport.Summary) in s.containmentRate.value }),
            ("fallback rate", fallbackColor, { (s: ConversationReport.Summary) in s.fallbackRate.value }),
        ] {
            // Periods without conversations have no rate: the line breaks there.
            var run: [(Double, Double)] = []
            for (i, p) in periods.enumerated() {
                if let v = value(p.summary) {
                    run.append((Double(i), v))
                    body += "<circle cx=\"\(SVGChart.n(chart.x(Double(i))))\" cy=\"\(SVGChart.n(chart.y(v)))\" r=\"2.5\" fill=\"\(color)\"><title>\(HTML.escape(name)) \(HTML.percent(v)) on \(HTML.escape(p.period)) (\(p.summary.conversations) conversations)</title></circle>"
                } else {
                    if run.count > 1 { body += chart.polyline(run, color: color) }
                    run = []
                }
            }
            if run.count > 1 { body += chart.polyline(run, color: color) }
        }
        for release in releases {
            let day = String(release.promotedAt.prefix(10))
            // The period holding the promotion: the last one starting on or before its day.
            guard let index = labels.lastIndex(where: { $0 <= day }) else { continue }
            let x = SVGChart.n(chart.x(Double(index)))
            body += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(SVGChart.n(chart.top))\" y2=\"\(SVGChart.n(chart.top + chart.plotHeight))\" stroke=\"\(releaseColor)\" stroke-dasharray=\"4 3\"><title>release \(HTML.escape(release.name)) promoted \(HTML.escape(release.promotedAt))</title></line>"
        }
        body += chart.legend([("containment", containmentColor), ("fallback rate", fallbackColor), ("release", releaseColor)])
        return chart.svg(body, label: "containment and fallback rate per \(unit)")
    }

    /// Horizontal bars, longest = `maximum`; labels and values beside them.
    static func bars(_ items: [(label: String, value: Int)], title: String, color: String = "#3b7dd8") -> String {
        let rowHeight = 20.0
        let width = 520.0
        let labelWidth = 170.0
        let height = 30 + rowHeight * Double(max(items.count, 1))
        let maximum = Double(max(items.map(\.value).max() ?? 0, 1))
        var body = "<text x=\"0\" y=\"16\" font-size=\"13\" font-weight=\"600\">\(HTML.escape(title))</text>"
        for (i, item) in items.enumerated() {
            let y = 26 + rowHeight * Double(i)
            let length = (width - labelWidth - 60) * Double(item.value) / maximum
            body += "<text x=\"\(SVGChart.n(labelWidth - 6))\" y=\"\(SVGChart.n(y + 13))\" font-size=\"11\" text-anchor=\"end\">\(HTML.escape(item.label))</text>"
            body += "<rect x=\"\(SVGChart.n(labelWidth))\" y=\"\(SVGChart.n(y + 3))\" width=\"\(SVGChart.n(length))\" height=\"14\" fill=\"\(color)\"><title>\(HTML.escape(item.label)): \(item.value)</title></rect>"
            body += "<text x=\"\(SVGChart.n(labelWidth + length + 4))\" y=\"\(SVGChart.n(y + 13))\" font-size=\"11\">\(item.value)</text>"
        }
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGChart.n(width))\" height=\"\(SVGChart.n(height))\" viewBox=\"0 0 \(SVGChart.n(width)) \(SVGChart.n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">\(body)</svg>"
    }

    /// A small trend line of weekly counts for a table cell.
    static func sparkline(_ values: [Int]) -> String {
        let width = 120.0, height = 22.0
        guard values.count > 1, let top = values.max(), top > 0 else { return "" }
        let points = values.enumerated().map { i, v in
            "\(SVGChart.n(Double(i) / Double(values.count - 1) * (width - 2) + 1)),\(SVGChart.n(height - 1 - Double(v) / Double(top) * (height - 2)))"
        }.joined(separator: " ")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGChart.n(width))\" height=\"\(SVGChart.n(height))\" role=\"img\" aria-label=\"messages per week\"><polyline points=\"\(points)\" fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"1.5\"/></svg>"
    }
}
