/// The best label sequence under the chain's scores. Forbidden BIO steps are never
/// considered (`LocalChain` keeps only the allowed predecessors), so the argmax can
/// never put I-x after O or after another slot: outputs are well-formed spans by
/// construction, not by repair. The result is the dense K × K recursion's, with
/// forbidden steps at −∞, bit for bit (same sums, same tie-breaking).
enum ConstrainedViterbi {
    /// Local label per token for `n` tokens with emissions `emit` (n × K); the
    /// caller has reserved the workspace (emit often lives in it).
    static func decode(_ chain: LocalChain, emit: UnsafePointer<Float>, tokens n: Int, workspace ws: ChainWorkspace) -> [Int32] {
        let k = chain.count, o = chain.openCount
        guard n > 0, k > 0 else { return [] }
        var path = [Int32](repeating: 0, count: n)
        let score = ws.alpha, back = ws.back
        let best = ws.openTmp, arg = ws.openIndex
        chain.openTransitions.withUnsafeBufferPointer { openT in
            chain.open.withUnsafeBufferPointer { open in
                chain.continueScores.withUnsafeBufferPointer { cont in
                    chain.inside.withUnsafeBufferPointer { inside in
                        chain.predecessors.withUnsafeBufferPointer { preds in
                            for j in 0..<k { score[j] = chain.start[j] + emit[j] }
                            for t in 1..<max(1, n) {
                                let prev = score + (t - 1) * k, cur = score + t * k, bk = back + t * k
                                // Open labels: every label may precede them. Row by row, so the
                                // inner loop is contiguous and branch-free; previous labels are
                                // visited in ascending order and only a strictly better score
                                // wins, so ties go to the lowest previous label: deterministic.
                                for c in 0..<o { best[c] = -.infinity; arg[c] = 0 }
                                for i in 0..<k {
                                    let p = prev[i], row = openT.baseAddress! + i * o, label = Int32(i)
                                    for c in 0..<o {
                                        let s = p + row[c], better = s > best[c]
                                        best[c] = better ? s : best[c]
                                        arg[c] = better ? label : arg[c]
                                    }
                                }
                                for c in 0..<o {
                                    let j = Int(open[c])
                                    cur[j] = best[c] + emit[t * k + j]
                                    bk[j] = arg[c]
                                }
                                // I-x: only from B-x or I-x of the same slot.
                                for m in 0..<inside.count {
                                    var b = -Float.infinity, a: Int32 = 0
                                    for q in chain.predecessorStarts[m]..<chain.predecessorStarts[m + 1] {
                                        let i = Int(preds[q])
                                        let s = prev[i] + cont[i]
                                        if s > b { b = s; a = Int32(i) }
                                    }
                                    let j = Int(inside[m])
                                    cur[j] = b + emit[t * k + j]
                                    bk[j] = a
                                }
                            }
                        }
                    }
                }
            }
        }
        var best1 = -Float.infinity, arg1: Int32 = 0
        for j in 0..<k where score[(n - 1) * k + j] > best1 {
            best1 = score[(n - 1) * k + j]
            arg1 = Int32(j)
        }
        path[n - 1] = arg1
        for t in stride(from: n - 1, to: 0, by: -1) { path[t - 1] = back[t * k + Int(path[t])] }
        return path
    }
}
