/// A plot area with axes, ticks and labels that the chart renderers draw into.
public struct SVGChart {
    public var width: Double = 440
    public var height: Double = 300
    public var left: Double = 52
    public var right: Double = 16
    public var top: Double = 28
    public var bottom: Double = 44
    public var xRange: ClosedRange<Double> = 0...1
    public var yRange: ClosedRange<Double> = 0...1

    public init() {}

    public var plotWidth: Double { width - left - right }
    public var plotHeight: Double { height - top - bottom }

    public func x(_ v: Double) -> Double { left + (v - xRange.lowerBound) / span(xRange) * plotWidth }
    public func y(_ v: Double) -> Double { top + plotHeight - (v - yRange.lowerBound) / span(yRange) * plotHeight }

    private func span(_ r: ClosedRange<Double>) -> Double { max(r.upperBound - r.lowerBound, 1e-12) }

    /// Coordinates with one decimal: enough for the screen, stable in the file.
    public static func n(_ v: Double) -> String { HTML.fixed(v, 1) }

    /// The frame: gridlines, tick labels, axis titles and the chart title.
    public func frame(title: String, xLabel: String, yLabel: String, xTicks: [Double], yTicks: [Double],
               xFormat: (Double) -> String = { HTML.fixed($0, 1) }, yFormat: (Double) -> String = { HTML.fixed($0, 1) }) -> String {
        let n = SVGChart.n
        var s = "<text x=\"\(n(left))\" y=\"18\" font-size=\"13\" font-weight=\"600\">\(HTML.escape(title))</text>"
        for t in yTicks {
            s += "<line x1=\"\(n(left))\" x2=\"\(n(left + plotWidth))\" y1=\"\(n(y(t)))\" y2=\"\(n(y(t)))\" stroke=\"#e6e9ef\"/>"
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(y(t) + 4))\" font-size=\"10\" text-anchor=\"end\">\(yFormat(t))</text>"
        }
        for t in xTicks {
            s += "<line x1=\"\(n(x(t)))\" x2=\"\(n(x(t)))\" y1=\"\(n(top + plotHeight))\" y2=\"\(n(top + plotHeight + 4))\" stroke=\"#8a93a5\"/>"
            s += "<text x=\"\(n(x(t)))\" y=\"\(n(top + plotHeight + 16))\" font-size=\"10\" text-anchor=\"middle\">\(xFormat(t))</text>"
        }
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#8a93a5\"/>"
        s += "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 8))\" font-size=\"11\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        s += "<text transform=\"translate(13 \(n(top + plotHeight / 2))) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
        return s
    }

    public func svg(_ body: String, label: String) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGChart.n(width))\" height=\"\(SVGChart.n(height))\" viewBox=\"0 0 \(SVGChart.n(width)) \(SVGChart.n(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\">\(body)</svg>"
    }

    /// A polyline through points already in data coordinates.
    public func polyline(_ points: [(Double, Double)], color: String, width: Double = 2, dashed: Bool = false) -> String {
        let coords = points.map { "\(SVGChart.n(x($0.0))),\(SVGChart.n(y($0.1)))" }.joined(separator: " ")
        let dash = dashed ? " stroke-dasharray=\"4 3\"" : ""
        return "<polyline points=\"\(coords)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(SVGChart.n(width))\"\(dash)/>"
    }

    /// Colour swatches with names, inside the plot at the top right (or top left where the data is high on the right).
    public func legend(_ items: [(String, String)], atLeft: Bool = false) -> String {
        var s = ""
        for (i, item) in items.enumerated() {
            let yy = top + 8 + Double(i) * 15
            let xx = atLeft ? left + 8 : left + plotWidth - 130
            s += "<rect x=\"\(SVGChart.n(xx))\" y=\"\(SVGChart.n(yy))\" width=\"10\" height=\"10\" fill=\"\(item.1)\"/>"
            s += "<text x=\"\(SVGChart.n(xx + 14))\" y=\"\(SVGChart.n(yy + 9))\" font-size=\"10.5\">\(HTML.escape(item.0))</text>"
        }
        return s
    }

    public static let unitTicks: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1]
}
