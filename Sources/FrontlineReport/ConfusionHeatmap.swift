import FrontlineML

/// The confusion matrix as a heatmap in clustered label order, and the largest
/// off-diagonal cells as a table (what stays readable at 150 labels).
enum ConfusionHeatmap {
    /// Cells are sized to fit about 760 px; names are drawn only where they fit.
    static func svg(_ confusion: IntentMetrics.ConfusionMatrix) -> String {
        let labels = confusion.labels, m = confusion.matrix
        let count = labels.count
        guard count > 0 else { return "<p>No predictions.</p>" }
        let order = ConfusionClustering.order(labels: labels, matrix: m)
        let cell = min(24, max(4, (760 / Double(count)).rounded(.down)))
        let showNames = cell >= 9
        let margin = showNames ? 150.0 : 24.0
        let size = margin + cell * Double(count) + 8
        let n = SVGChart.n
        let maxOff = m.indices.flatMap { i in m.indices.filter { $0 != i }.map { m[i][$0] } }.max() ?? 0
        var body = "<rect x=\"\(n(margin))\" y=\"\(n(margin))\" width=\"\(n(cell * Double(count)))\" height=\"\(n(cell * Double(count)))\" fill=\"#fbfcfd\" stroke=\"#dde1e8\"/>"
        for (r, i) in order.enumerated() {
            let support = m[i].reduce(0, +)
            for (c, j) in order.enumerated() where m[i][j] > 0 {
                // Diagonal: blue by recall; off-diagonal: red by count against the largest mistake.
                let color: String
                if i == j {
                    let recall = support > 0 ? Double(m[i][j]) / Double(support) : 0
                    color = "rgba(59,125,216,\(HTML.fixed(0.25 + 0.75 * recall, 2)))"
                } else {
                    let share = Double(m[i][j]) / Double(max(maxOff, 1))
                    color = "rgba(216,60,40,\(HTML.fixed(0.2 + 0.8 * share, 2)))"
                }
                body += "<rect x=\"\(n(margin + Double(c) * cell))\" y=\"\(n(margin + Double(r) * cell))\" width=\"\(n(cell))\" height=\"\(n(cell))\" fill=\"\(color)\"><title>gold \(HTML.escape(labels[i])) → predicted \(HTML.escape(labels[j])): \(m[i][j])</title></rect>"
            }
            if showNames {
                let y = margin + (Double(r) + 0.7) * cell
                body += "<text x=\"\(n(margin - 4))\" y=\"\(n(y))\" font-size=\"\(n(min(cell - 2, 11)))\" text-anchor=\"end\">\(HTML.escape(labels[i]))</text>"
                let x = margin + (Double(r) + 0.7) * cell
                body += "<text transform=\"translate(\(n(x)) \(n(margin - 4))) rotate(-90)\" font-size=\"\(n(min(cell - 2, 11)))\">\(HTML.escape(labels[i]))</text>"
            }
        }
        body += "<text x=\"\(n(margin))\" y=\"14\" font-size=\"11\">predicted →</text>"
        body += "<text transform=\"translate(12 \(n(margin + 60))) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">gold →</text>"
        return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(size))\" height=\"\(n(size))\" viewBox=\"0 0 \(n(size)) \(n(size))\" role=\"img\" aria-label=\"confusion matrix\">\(body)</svg>"
    }

    /// The `limit` largest off-diagonal cells, largest first (ties by gold, then predicted label).
    static func topConfusions(_ confusion: IntentMetrics.ConfusionMatrix, limit: Int = 30) -> [(gold: String, predicted: String, count: Int, share: Double)] {
        let labels = confusion.labels, m = confusion.matrix
        var cells: [(gold: String, predicted: String, count: Int, share: Double)] = []
        for i in m.indices {
            let support = m[i].reduce(0, +)
            for j in m[i].indices where i != j && m[i][j] > 0 {
                cells.append((labels[i], labels[j], m[i][j], Double(m[i][j]) / Double(max(support, 1))))
            }
        }
        cells.sort { ($0.count, $1.gold, $1.predicted) > ($1.count, $0.gold, $0.predicted) }
        return Array(cells.prefix(limit))
    }

    static func topConfusionsTable(_ confusion: IntentMetrics.ConfusionMatrix, limit: Int = 30) -> String {
        let rows = topConfusions(confusion, limit: limit).map { c in
            "<tr><td>\(HTML.escape(c.gold))</td><td>\(HTML.escape(c.predicted))</td><td class=\"n\" data-v=\"\(c.count)\">\(c.count)</td><td class=\"n\" data-v=\"\(HTML.fixed(c.share, 4))\">\(HTML.percent(c.share))</td></tr>"
        }
        guard !rows.isEmpty else { return "<p>No confusions: every prediction is right.</p>" }
        return """
            <table class="sortable" id="top-confusions"><thead><tr><th>gold</th><th>predicted</th><th class="n">count</th><th class="n">share of gold</th></tr></thead>
            <tbody>\(rows.joined())</tbody></table>
            """
    }
}
