/// The best label sequence under the chain's scores. Forbidden BIO steps score
/// −∞ in `LocalChain`, so the argmax can never put I-x after O or after another
/// slot: outputs are well-formed spans by construction, not by repair.
enum ConstrainedViterbi {
    /// Local label per token for `n` tokens with emissions `emit` (n × K); the
    /// caller has reserved the workspace (emit often lives in it).
    static func decode(_ chain: LocalChain, emit: UnsafePointer<Float>, tokens n: Int, workspace ws: ChainWorkspace) -> [Int32] {
        let k = chain.count
        guard n > 0, k > 0 else { return [] }
        var path = [Int32](repeating: 0, count: n)
        let score = ws.alpha, back = ws.back
        chain.transitions.withUnsafeBufferPointer { trans in
            for j in 0..<k { score[j] = chain.start[j] + emit[j] }
            for t in 1..<max(1, n) {
                let prev = score + (t - 1) * k
                for j in 0..<k {
                    // Ties go to the lowest previous label: deterministic.
                    var best = -Float.infinity, arg: Int32 = 0
                    for i in 0..<k {
                        let s = prev[i] + trans[i * k + j]
                        if s > best { best = s; arg = Int32(i) }
                    }
                    score[t * k + j] = best + emit[t * k + j]
                    back[t * k + j] = arg
                }
            }
        }
        var best = -Float.infinity, arg: Int32 = 0
        for j in 0..<k where score[(n - 1) * k + j] > best {
            best = score[(n - 1) * k + j]
            arg = Int32(j)
        }
        path[n - 1] = arg
        for t in stride(from: n - 1, to: 0, by: -1) { path[t - 1] = back[t * k + Int(path[t])] }
        return path
    }
}
