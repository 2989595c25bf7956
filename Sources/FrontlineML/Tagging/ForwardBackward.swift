import Foundation

/// Scaled forward–backward over one sentence (Rabiner's scaling): probabilities,
/// not logs, with each step renormalised and emissions shifted by their row
/// maximum, so the inner loops are multiply-adds instead of log-sum-exps.
/// After `run`, ws.alpha[t]·ws.beta[t] are the label marginals of token t.
enum ForwardBackward {
    /// Returns log Z. Fills ws.expEmit, ws.alpha, ws.beta, ws.scale, ws.shift;
    /// the caller has reserved the workspace.
    @discardableResult
    static func run(_ chain: LocalChain, emit: UnsafePointer<Float>, tokens n: Int, workspace ws: ChainWorkspace) -> Double {
        let k = chain.count
        guard n > 0, k > 0 else { return 0 }
        let e = ws.expEmit, alpha = ws.alpha, beta = ws.beta, c = ws.scale, m = ws.shift, u = ws.tmp
        var logZ = 0.0
        chain.expTransitions.withUnsafeBufferPointer { trb in
            let tr = trb.baseAddress!
            for t in 0..<n {
                var mx = -Float.infinity
                for j in 0..<k { mx = max(mx, emit[t * k + j]) }
                m[t] = mx
                for j in 0..<k { e[t * k + j] = expf(emit[t * k + j] - mx) }
            }
            // Forward.
            var sum: Float = 0
            for j in 0..<k {
                alpha[j] = chain.expStart[j] * e[j]
                sum += alpha[j]
            }
            c[0] = max(sum, .leastNormalMagnitude)
            for j in 0..<k { alpha[j] /= c[0] }
            for t in 1..<max(1, n) {
                let a = alpha + t * k, ap = a - k, et = e + t * k
                for j in 0..<k { a[j] = 0 }
                for i in 0..<k {
                    let ai = ap[i]
                    if ai == 0 { continue }
                    let row = tr + i * k
                    for j in 0..<k { a[j] += ai * row[j] }
                }
                sum = 0
                for j in 0..<k {
                    a[j] *= et[j]
                    sum += a[j]
                }
                c[t] = max(sum, .leastNormalMagnitude)
                let inv = 1 / c[t]
                for j in 0..<k { a[j] *= inv }
            }
            for t in 0..<n { logZ += Double(logf(c[t])) + Double(m[t]) }
            // Backward.
            for j in 0..<k { beta[(n - 1) * k + j] = 1 }
            for t in stride(from: n - 2, through: 0, by: -1) {
                let inv = 1 / c[t + 1]
                for j in 0..<k { u[j] = e[(t + 1) * k + j] * beta[(t + 1) * k + j] * inv }
                for i in 0..<k {
                    let row = tr + i * k
                    var s: Float = 0
                    for j in 0..<k { s += row[j] * u[j] }
                    beta[t * k + i] = s
                }
            }
        }
        return logZ
    }

    /// Probability that tokens first...last carry exactly `labels` (local, B-x I-x…)
    /// and that the span ends there (the next token is not I-x). Needs `run` first.
    static func spanProbability(_ chain: LocalChain, labels: ArraySlice<Int32>, first: Int, last: Int, tokens n: Int, workspace ws: ChainWorkspace, bio: BIOLabels) -> Float {
        let k = chain.count
        let labels = Array(labels)
        var p = ws.alpha[first * k + Int(labels[0])]
        if last > first {
            for t in (first + 1)...last {
                let i = Int(labels[t - first - 1]), j = Int(labels[t - first])
                p *= chain.expTransitions[i * k + j] * ws.expEmit[t * k + j] / ws.scale[t]
            }
        }
        let y = Int(labels[last - first])
        if last == n - 1 { return min(1, max(0, p * ws.beta[last * k + y])) }
        var rest: Float = 0
        let t = last + 1
        let continuing = bio.inside(bio.slot(of: Int(chain.labels[y])) ?? 0)
        for j in 0..<k where Int(chain.labels[j]) != continuing {
            rest += chain.expTransitions[y * k + j] * ws.expEmit[t * k + j] * ws.beta[t * k + j] / ws.scale[t]
        }
        return min(1, max(0, p * rest))
    }
}
