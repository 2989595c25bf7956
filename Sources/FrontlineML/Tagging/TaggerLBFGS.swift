/// L-BFGS for the tagger's flat parameter vector, the same algorithm as
/// Classifiers/LBFGS.swift (two-loop recursion, backtracking Armijo search) but
/// over any objective, with the loss in Double: a CRF's summed log-likelihood over
/// 100k tokens needs more than Float's 7 digits to see small decreases.
enum TaggerLBFGS {
    static func minimize(
        start: [Float], maxIterations: Int, history: Int, math: any DenseMath,
        progress: ((String) -> Void)?, evaluate: ([Float]) -> (Double, [Float])
    ) -> (x: [Float], iterations: Int) {
        let size = start.count
        var x = start
        var (f, g) = evaluate(x)
        var s: [[Float]] = [], y: [[Float]] = [], rho: [Float] = []
        var direction = [Float](repeating: 0, count: size)
        var done = 0
        for iteration in 1...max(1, maxIterations) {
            done = iteration
            let gNorm = dot(g, g, math).squareRoot()
            if gNorm <= 1e-5 * max(1, dot(x, x, math).squareRoot()) { break }
            direction = g
            var alpha = [Float](repeating: 0, count: s.count)
            for i in stride(from: s.count - 1, through: 0, by: -1) {
                alpha[i] = rho[i] * dot(s[i], direction, math)
                axpy(-alpha[i], y[i], &direction, math)
            }
            if let lastS = s.last, let lastY = y.last {
                scale(&direction, dot(lastS, lastY, math) / max(dot(lastY, lastY, math), .leastNonzeroMagnitude), math)
            } else {
                scale(&direction, 1 / max(gNorm, .leastNonzeroMagnitude), math)
            }
            for i in 0..<s.count {
                let beta = rho[i] * dot(y[i], direction, math)
                axpy(alpha[i] - beta, s[i], &direction, math)
            }
            scale(&direction, -1, math)
            var slope = dot(g, direction, math)
            if slope >= 0 {
                s.removeAll(); y.removeAll(); rho.removeAll()
                direction = g
                scale(&direction, -1 / max(gNorm, .leastNonzeroMagnitude), math)
                slope = dot(g, direction, math)
            }
            var step: Float = 1
            var candidate = x, fNew = f, gNew = g
            var accepted = false
            for _ in 0..<20 {
                candidate = x
                axpy(step, direction, &candidate, math)
                (fNew, gNew) = evaluate(candidate)
                if fNew <= f + 1e-4 * Double(step) * Double(slope) {
                    accepted = true
                    break
                }
                step *= 0.5
            }
            if !accepted { break }
            var sNew = candidate, yNew = gNew
            axpy(-1, x, &sNew, math)
            axpy(-1, g, &yNew, math)
            let sy = dot(sNew, yNew, math)
            if sy > 1e-10 {
                if s.count == history { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
                s.append(sNew); y.append(yNew); rho.append(1 / sy)
            }
            let decrease = (f - fNew) / max(abs(f), 1)
            x = candidate
            f = fNew
            g = gNew
            if iteration % 10 == 0 { progress?("iteration \(iteration)  loss \(f)") }
            if decrease < 1e-7 { break }
        }
        return (x, done)
    }

    private static func dot(_ a: [Float], _ b: [Float], _ math: any DenseMath) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in math.dot(pa.count, pa.baseAddress!, pb.baseAddress!) } }
    }
    private static func axpy(_ alpha: Float, _ x: [Float], _ y: inout [Float], _ math: any DenseMath) {
        x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in math.axpy(px.count, alpha, px.baseAddress!, py.baseAddress!) } }
    }
    private static func scale(_ x: inout [Float], _ alpha: Float, _ math: any DenseMath) {
        x.withUnsafeMutableBufferPointer { math.scale($0.count, alpha, $0.baseAddress!) }
    }
}
