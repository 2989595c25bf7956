import FrontlineML

/// Accuracy against mean confidence per bin, with the diagonal of perfect calibration.
enum ReliabilityChart {
    static func svg(_ calibration: Calibration) -> String {
        let chart = SVGChart()
        let n = SVGChart.n
        var body = chart.frame(
            title: "Reliability (ECE \(HTML.fixed(calibration.ece, 4)))", xLabel: "confidence",
            yLabel: "accuracy", xTicks: SVGChart.unitTicks, yTicks: SVGChart.unitTicks)
        body += chart.polyline([(0, 0), (1, 1)], color: "#8a93a5", width: 1, dashed: true)
        for bin in calibration.bins where bin.count > 0 {
            let x0 = chart.x(bin.lower) + 1, x1 = chart.x(bin.upper) - 1
            // Bars show accuracy; the gap to the diagonal is the bin's miscalibration.
            body += "<rect x=\"\(n(x0))\" y=\"\(n(chart.y(bin.accuracy)))\" width=\"\(n(x1 - x0))\" height=\"\(n(chart.y(0) - chart.y(bin.accuracy)))\" fill=\"#3b7dd8\" fill-opacity=\"0.75\"><title>\(bin.count) predictions, confidence \(HTML.fixed(bin.confidence)), accuracy \(HTML.fixed(bin.accuracy))</title></rect>"
            body += "<circle cx=\"\(n(chart.x(bin.confidence)))\" cy=\"\(n(chart.y(bin.accuracy)))\" r=\"3\" fill=\"#1d2b4a\"/>"
        }
        body += chart.legend([("accuracy per bin", "#3b7dd8"), ("perfect calibration", "#8a93a5")], atLeft: true)
        return chart.svg(body, label: "reliability diagram")
    }
}
