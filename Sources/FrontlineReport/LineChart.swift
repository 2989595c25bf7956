/// A line chart with markers: the learning curve (accuracy against training size).
struct LineChart {
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]

    func svg() -> String {
        var chart = SVGChart()
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) }
        let maxX = max(xs.max() ?? 100, 1)
        chart.xRange = 0...maxX
        // Zoom the y axis to the data, in steps of 0.1, so small differences show.
        let low = max(0, ((ys.min() ?? 0) * 10).rounded(.down) / 10 - 0.1)
        chart.yRange = low...1
        let xTicks = stride(from: 0.0, through: maxX, by: maxX / 5).map { $0 }
        let yTicks = stride(from: low, through: 1.0001, by: 0.1).map { $0 }
        var body = chart.frame(title: title, xLabel: xLabel, yLabel: yLabel, xTicks: xTicks, yTicks: yTicks,
                               xFormat: { HTML.fixed($0, 0) }, yFormat: { HTML.fixed($0, 1) })
        for s in series {
            body += chart.polyline(s.points.map { ($0.x, $0.y) }, color: s.color)
            for p in s.points {
                body += "<circle cx=\"\(SVGChart.n(chart.x(p.x)))\" cy=\"\(SVGChart.n(chart.y(p.y)))\" r=\"3.5\" fill=\"\(s.color)\"><title>\(HTML.escape(s.name)) \(HTML.fixed(p.y)) at \(HTML.fixed(p.x, 0))</title></circle>"
            }
        }
        body += chart.legend(series.map { ($0.name, $0.color) })
        return chart.svg(body, label: title)
    }
}
