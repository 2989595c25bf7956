import Foundation

/// Limited-memory BFGS (Nocedal & Wright, Alg. 7.4) with a backtracking Armijo
/// line search over a flat Float parameter vector. The vector work (two-loop
/// recursion, steps, curvature pairs) goes through `DenseMath`. The loss is a
/// Double: a sum over 100k tokens needs more than Float's 7 digits to see small
/// decreases. Both the softmax regression and the CRF tagger train through it.
enum LBFGS {
    struct Settings {
        var maxIterations: Int
        var history: Int
        /// Stop when |g| ≤ tolerance · max(1, |x|).
        var tolerance: Float = 1e-5
        /// Halvings of the step before the line search gives up.
        var lineSearchSteps = 30
        /// Stop when an iteration lowers the loss by less than this, relative to max(|f|, 1).
        var minRelativeDecrease: Double = 1e-8
    }

    static func minimize(
        start: [Float], settings: Settings, math: any DenseMath, progress: ((String) -> Void)?,
        evaluate: ([Float]) -> (Double, [Float])
    ) -> (x: [Float], iterations: Int) {
        var x = start
        var (f, g) = evaluate(x)
        var s: [[Float]] = [], y: [[Float]] = [], rho: [Float] = []
        var direction = [Float](repeating: 0, count: start.count)
        var done = 0

        for iteration in 1...max(1, settings.maxIterations) {
            done = iteration
            let gNorm = dot(g, g, math).squareRoot()
            if gNorm <= settings.tolerance * max(1, dot(x, x, math).squareRoot()) { break }

            // Two-loop recursion: direction = −H·g.
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
                // Not a descent direction (curvature went bad): restart from steepest descent.
                s.removeAll(); y.removeAll(); rho.removeAll()
                direction = g
                scale(&direction, -1 / max(gNorm, .leastNonzeroMagnitude), math)
                slope = dot(g, direction, math)
            }

            // Backtracking line search (Armijo condition).
            var step: Float = 1
            var candidate = x, fNew = f, gNew = g
            var accepted = false
            for _ in 0..<settings.lineSearchSteps {
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
                if s.count == settings.history { s.removeFirst(); y.removeFirst(); rho.removeFirst() }
                s.append(sNew); y.append(yNew); rho.append(1 / sy)
            }
            let decrease = (f - fNew) / max(abs(f), 1)
            x = candidate
            f = fNew
            g = gNew
            if iteration % 10 == 0 { progress?(String(format: "iteration %d  loss %.5f", iteration, f)) }
            if decrease < settings.minRelativeDecrease { break }
        }
        return (x, done)
    }

    /// Softmax regression: minimises `objective` over the flattened parameters [W | b].
    static func minimize(
        _ objective: SoftmaxObjective, start: LinearScores, maxIterations: Int, history: Int,
        tolerance: Float = 1e-5, math: any DenseMath, workers: Int, progress: ((String) -> Void)?
    ) -> LinearScores {
        let d = start.featureCount, k = start.classCount
        func unflat(_ v: [Float]) -> LinearScores {
            LinearScores(featureCount: d, classCount: k, weights: Array(v[0..<(d * k)]), bias: Array(v[(d * k)...]))
        }
        let result = minimize(
            start: start.weights + start.bias,
            settings: Settings(maxIterations: maxIterations, history: history, tolerance: tolerance),
            math: math, progress: progress
        ) { v in
            let (f, g) = objective.evaluate(unflat(v), math: math, workers: workers)
            return (Double(f), g.weights + g.bias)
        }
        return unflat(result.x)
    }

    private static func dot(_ a: [Float], _ b: [Float], _ math: any DenseMath) -> Float {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in
            math.dot(pa.count, pa.baseAddress!, pb.baseAddress!)
        } }
    }
    private static func axpy(_ alpha: Float, _ x: [Float], _ y: inout [Float], _ math: any DenseMath) {
        x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
            math.axpy(px.count, alpha, px.baseAddress!, py.baseAddress!)
        } }
    }
    private static func scale(_ x: inout [Float], _ alpha: Float, _ math: any DenseMath) {
        x.withUnsafeMutableBufferPointer { math.scale($0.count, alpha, $0.baseAddress!) }
    }
}
