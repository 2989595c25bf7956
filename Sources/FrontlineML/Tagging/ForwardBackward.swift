import Foundation

/// Scaled forward–backward over one sentence (Rabiner's scaling): probabilities,
/// not logs, with each step renormalised and emissions shifted by their row
/// maximum, so the inner loops are multiply-adds instead of log-sum-exps.
/// After `run`, ws.alpha[t]·ws.beta[t] are the label marginals of token t.
/// Only BIO-allowed steps are visited (see `LocalChain`); forbidden ones have
/// probability 0 and would add exact zeros, and every sum adds its terms in the
/// dense recursion's order, so the results are the dense ones bit for bit.
enum ForwardBackward {
    /// Returns log Z. Fills ws.expEmit, ws.alpha, ws.beta, ws.scale, ws.shift;
    /// the caller has reserved the workspace.
    @discardableResult
    static func run(_ chain: LocalChain, emit: UnsafePointer<Float>, tokens n: Int, workspace ws: ChainWorkspace) -> Double {
        let k = chain.count, o = chain.openCount
        guard n > 0, k > 0 else { return 0 }
        let e = ws.expEmit, alpha = ws.alpha, beta = ws.beta, c = ws.scale, m = ws.shift, u = ws.tmp
        let acc = ws.openTmp
        var logZ = 0.0
        chain.expOpenTransitions.withUnsafeBufferPointer { trb in
        chain.expOpenTransitionsByColumn.withUnsafeBufferPointer { tcb in
        chain.expContinue.withUnsafeBufferPointer { cont in
        chain.continuation.withUnsafeBufferPointer { next in
        chain.open.withUnsafeBufferPointer { open in
        chain.predecessors.withUnsafeBufferPointer { preds in
            let tr = trb.baseAddress!, byColumn = tcb.baseAddress!
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
                // Into open labels from every label: row i of the open block, axpy form.
                for q in 0..<o { acc[q] = 0 }
                for i in 0..<k {
                    let ai = ap[i]
                    if ai == 0 { continue }
                    let row = tr + i * o
                    for q in 0..<o { acc[q] += ai * row[q] }
                }
                for j in 0..<k { a[j] = 0 }
                for q in 0..<o { a[Int(open[q])] = acc[q] }
                // Into I-x from B-x and I-x (ascending previous labels, as a dense sum would add them).
                for i in 0..<k where next[i] >= 0 { a[Int(next[i])] += ap[i] * cont[i] }
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
            // Backward: β_t(i) = Σ_j T(i, j)·e_{t+1}(j)·β_{t+1}(j) / c_{t+1}. Successors j in
            // ascending order, as the dense sum adds them (so the bits are the same): an open
            // j is a whole column, contiguous over i; an I-x adds to its few predecessors.
            for j in 0..<k { beta[(n - 1) * k + j] = 1 }
            for t in stride(from: n - 2, through: 0, by: -1) {
                let inv = 1 / c[t + 1]
                for j in 0..<k { u[j] = e[(t + 1) * k + j] * beta[(t + 1) * k + j] * inv }
                let b = beta + t * k
                for i in 0..<k { b[i] = 0 }
                var q = 0, m = 0
                for j in 0..<k {
                    let uj = u[j]
                    if q < o && Int(open[q]) == j {
                        let column = byColumn + q * k
                        q += 1
                        if uj == 0 { continue }
                        for i in 0..<k { b[i] += column[i] * uj }
                    } else {
                        for p in chain.predecessorStarts[m]..<chain.predecessorStarts[m + 1] {
                            let i = Int(preds[p])
                            b[i] += cont[i] * uj
                        }
                        m += 1
                    }
                }
            }
        }
        }
        }
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
                p *= chain.expTransition(i, j) * ws.expEmit[t * k + j] / ws.scale[t]
            }
        }
        let y = Int(labels[last - first])
        if last == n - 1 { return min(1, max(0, p * ws.beta[last * k + y])) }
        // The span ends: the next token takes any label but its continuation, which
        // leaves the open labels (the I-x of other slots cannot follow y).
        var rest: Float = 0
        let t = last + 1, o = chain.openCount
        for q in 0..<o {
            let j = Int(chain.open[q])
            rest += chain.expOpenTransitions[y * o + q] * ws.expEmit[t * k + j] * ws.beta[t * k + j] / ws.scale[t]
        }
        return min(1, max(0, p * rest))
    }
}
