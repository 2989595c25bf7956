import FrontlineML

/// Side-by-side bars of right and wrong predictions per confidence bin.
enum ConfidenceHistogramChart {
    static let correctColor = "#3b7dd8"
    static let wrongColor = "#d8553b"

    static func svg(_ histogram: ConfidenceHistogram) -> String {
        let highest = histogram.bins.map { max($0.correct, $0.wrong) }.max() ?? 0
        // Square-root scale: the few wrong predictions stay visible next to thousands of right ones.
        let top = max(Double(highest).squareRoot(), 1)
        var chart = SVGChart()
        chart.yRange = 0...top
        let ticks = niceCounts(upTo: highest).map { Double($0).squareRoot() }
        var body = chart.frame(
            title: "Confidence of right and wrong predictions", xLabel: "confidence of the decided intent",
            yLabel: "predictions (square-root scale)", xTicks: SVGChart.unitTicks, yTicks: ticks,
            yFormat: { String(Int(($0 * $0).rounded())) })
        let n = SVGChart.n
        for bin in histogram.bins {
            let x0 = chart.x(bin.lower), x1 = chart.x(bin.upper)
            let w = (x1 - x0) / 2 - 1
            for (i, (count, color, what)) in [(bin.correct, correctColor, "right"), (bin.wrong, wrongColor, "wrong")].enumerated()
            where count > 0 {
                let h = chart.y(0) - chart.y(Double(count).squareRoot())
                body += "<rect x=\"\(n(x0 + 1 + Double(i) * (w + 0.5)))\" y=\"\(n(chart.y(0) - h))\" width=\"\(n(max(w, 1)))\" height=\"\(n(h))\" fill=\"\(color)\"><title>\(count) \(what), confidence \(HTML.fixed(bin.lower, 2))–\(HTML.fixed(bin.upper, 2))</title></rect>"
            }
        }
        body += chart.legend([("right", correctColor), ("wrong", wrongColor)])
        return chart.svg(body, label: "confidence histogram")
    }

    /// 0 and a few round counts up to `highest`.
    static func niceCounts(upTo highest: Int) -> [Int] {
        guard highest > 0 else { return [0] }
        var ticks = [0]
        var step = 1
        while highest / step > 10 { step *= 10 }
        var v = 1
        while v <= highest {
            ticks.append(v)
            v = v < step ? v * 10 : v + step * (highest / step > 4 ? 2 : 1)
        }
        return ticks
    }
}
