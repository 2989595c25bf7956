/// An order of confusion-matrix labels that puts each label next to the one it is most
/// confused with, so mistakes gather near the diagonal instead of scattering over 150 rows.
///
/// Greedy chain on the symmetric confusion s(i, j) = m[i][j] + m[j][i]: start from the most
/// confused pair, keep appending the unplaced label most confused with the last one; when
/// the chain's end has no confused partner left, start again from the strongest remaining
/// pair (ties by label order, so the order is deterministic).
public enum ConfusionClustering {
    public static func order(labels: [String], matrix: [[Int]]) -> [Int] {
        let n = labels.count
        guard n > 1 else { return Array(0..<n) }
        func s(_ i: Int, _ j: Int) -> Int { matrix[i][j] + matrix[j][i] }
        var placed = [Bool](repeating: false, count: n)
        var order: [Int] = []
        let byName = (0..<n).sorted { labels[$0] < labels[$1] }
        while order.count < n {
            // The unplaced label with the strongest unplaced partner starts a new chain.
            var start = -1, best = 0
            for i in byName where !placed[i] {
                var strongest = 0
                for j in 0..<n where j != i && !placed[j] { strongest = max(strongest, s(i, j)) }
                if strongest > best { best = strongest; start = i }
            }
            if start < 0 {
                // Nothing confused is left: the rest in label order.
                for i in byName where !placed[i] { order.append(i) }
                break
            }
            var current = start
            placed[current] = true
            order.append(current)
            while true {
                var next = -1, strongest = 0
                for j in byName where !placed[j] && s(current, j) > strongest {
                    strongest = s(current, j)
                    next = j
                }
                guard next >= 0 else { break }
                placed[next] = true
                order.append(next)
                current = next
            }
        }
        return order
    }
}
