import Foundation
import Testing
@testable import FrontlineML

/// A small random softmax-regression problem.
struct RandomProblem {
    let x: SparseMatrix
    let labels: [Int]
    let sampleWeights: [Float]
    let model: LinearScores
    let d = 6, k = 3

    init(seed: UInt64, rows n: Int = 12) {
        var rng = SeededGenerator(seed: seed)
        var dense: [[Float]] = []
        for _ in 0..<n {
            var row = [Float](repeating: 0, count: d)
            for _ in 0..<3 { row[Int.random(in: 0..<d, using: &rng)] = rng.float(0.2...1.5) }
            dense.append(row)
        }
        x = sparse(dense)
        labels = (0..<n).map { _ in Int.random(in: 0..<3, using: &rng) }
        sampleWeights = rng.floats(n, 0.5...2)
        model = LinearScores(featureCount: d, classCount: k, weights: rng.floats(d * k, -0.5...0.5), bias: rng.floats(k, -0.5...0.5))
    }

    /// J(W, b) in Double, straight from the documented formula.
    func objective(_ m: LinearScores, l2: Double) -> Double {
        var total = 0.0, weightSum = 0.0
        for i in 0..<x.rowCount {
            var z = m.bias.map(Double.init)
            for p in x.rowStarts[i]..<x.rowStarts[i + 1] {
                for c in 0..<k { z[c] += Double(x.values[p]) * Double(m.weights[Int(x.indices[p]) * k + c]) }
            }
            let top = z.max()!
            let logSum = log(z.reduce(0) { $0 + exp($1 - top) }) + top
            total += Double(sampleWeights[i]) * (logSum - z[labels[i]])
            weightSum += Double(sampleWeights[i])
        }
        return total / weightSum + 0.5 * l2 * m.weights.reduce(0) { $0 + Double($1) * Double($1) }
    }
}

/// Three classes, each with its own three features (rows use two of them), plus one
/// feature every row shares: linearly separable.
func separableProblem(rowsPerClass: Int = 10, seed: UInt64 = 11) -> (SparseMatrix, [Int]) {
    var rng = SeededGenerator(seed: seed)
    var dense: [[Float]] = [], labels: [Int] = []
    for c in 0..<3 {
        for _ in 0..<rowsPerClass {
            var row = [Float](repeating: 0, count: 10)
            let skip = Int.random(in: 0..<3, using: &rng)
            for f in 0..<3 where f != skip { row[3 * c + f] = rng.float(0.3...1) }
            row[9] = rng.float(0.3...1)
            dense.append(row)
            labels.append(c)
        }
    }
    return (sparse(dense), labels)
}

@Suite struct SoftmaxObjectiveTests {
    @Test func valueMatchesTheFormula() {
        let problem = RandomProblem(seed: 5)
        let objective = SoftmaxObjective(
            x: problem.x, labels: problem.labels, sampleWeights: problem.sampleWeights, classCount: 3, l2: 0.1)
        let (value, _) = objective.evaluate(problem.model, math: PlainMath(), workers: 1)
        #expect(abs(Double(value) - problem.objective(problem.model, l2: 0.1)) < 1e-5)
        // At W = 0, b = 0 every class has probability 1/3.
        let zero = LinearScores(featureCount: problem.d, classCount: 3)
        #expect(abs(objective.evaluate(zero, math: PlainMath(), workers: 1).value - logf(3)) < 1e-6)
        // Scaling every sample weight leaves J unchanged (it is normalised by Σ s_i).
        let scaled = SoftmaxObjective(
            x: problem.x, labels: problem.labels, sampleWeights: problem.sampleWeights.map { $0 * 3 }, classCount: 3, l2: 0.1)
        #expect(close(scaled.evaluate(problem.model, math: PlainMath(), workers: 1).value, value, rel: 1e-6))
    }

    @Test(arguments: [Float(0), 0.1, 1])
    func gradientMatchesCentralDifferences(l2: Float) {
        let problem = RandomProblem(seed: 9)
        let objective = SoftmaxObjective(
            x: problem.x, labels: problem.labels, sampleWeights: problem.sampleWeights, classCount: 3, l2: l2)
        let (_, gradient) = objective.evaluate(problem.model, math: PlainMath(), workers: 1)
        let analytic = gradient.weights + gradient.bias
        let parameters = problem.model.weights + problem.model.bias
        let dk = problem.d * 3
        func model(_ v: [Float]) -> LinearScores {
            LinearScores(featureCount: problem.d, classCount: 3, weights: Array(v[0..<dk]), bias: Array(v[dk...]))
        }
        var checked = 0
        for p in parameters.indices {
            // Central differences of the objective itself (Float) ...
            let h: Float = 5e-3
            var plus = parameters, minus = parameters
            plus[p] += h
            minus[p] -= h
            let fd = (objective.evaluate(model(plus), math: PlainMath(), workers: 1).value
                      - objective.evaluate(model(minus), math: PlainMath(), workers: 1).value) / (2 * h)
            // ... and of the Double reference (tight).
            let hd = 1e-4
            var plusD = parameters, minusD = parameters
            plusD[p] += Float(hd)
            minusD[p] -= Float(hd)
            let stepD = Double(plusD[p]) - Double(minusD[p])
            let fdD = (problem.objective(model(plusD), l2: Double(l2)) - problem.objective(model(minusD), l2: Double(l2))) / stepD
            let g = analytic[p]
            #expect(abs(Double(g) - fdD) <= 1e-3 * abs(fdD) + 1e-5, "parameter \(p): \(g) vs \(fdD)")
            if abs(g) > 1e-3 {
                checked += 1
                #expect(abs(fd - g) <= 1e-2 * abs(g) + 2e-5, "parameter \(p): \(g) vs \(fd)")
            }
        }
        #expect(checked > parameters.count / 2)
    }

    @Test func backendsAndWorkersAgree() {
        let problem = RandomProblem(seed: 21, rows: 40)
        let objective = SoftmaxObjective(
            x: problem.x, labels: problem.labels, sampleWeights: problem.sampleWeights, classCount: 3, l2: 0.05)
        let (v1, g1) = objective.evaluate(problem.model, math: CBLASMath(), workers: 1)
        let (v2, g2) = objective.evaluate(problem.model, math: PlainMath(), workers: 1)
        let (v3, g3) = objective.evaluate(problem.model, math: CBLASMath(), workers: 3)
        #expect(close(v1, v2, rel: 1e-5))
        #expect(close(v1, v3, rel: 1e-5))
        let scale = max(g1.weights.map(abs).max()!, g1.bias.map(abs).max()!)
        #expect(maxDifference(g1.weights, g2.weights) <= 1e-5 * scale)
        #expect(maxDifference(g1.bias, g2.bias) <= 1e-5 * scale)
        #expect(maxDifference(g1.weights, g3.weights) <= 1e-5 * scale)
        #expect(maxDifference(g1.bias, g3.bias) <= 1e-5 * scale)
        // Deterministic: the same call twice is bitwise equal.
        let (v4, g4) = objective.evaluate(problem.model, math: CBLASMath(), workers: 3)
        #expect(v4 == v3 && g4.weights == g3.weights && g4.bias == g3.bias)
    }
}

@Suite struct LogisticRegressionTests {
    static func settings(_ optimizer: LogisticRegression.Optimizer, seed: UInt64 = 42) -> LogisticRegression.Settings {
        LogisticRegression.Settings(
            optimizer: optimizer, l2: 1e-2, epochs: 30, batchSize: 8, learningRate: 0.1,
            classWeighting: .none, seed: seed, maxIterations: 200, history: 8)
    }

    func predictions(_ model: LinearScores, _ x: SparseMatrix) -> [Int] {
        (0..<x.rowCount).map { i in
            let s = model.scores(x.row(i))
            return s.indices.max { s[$0] < s[$1] }!
        }
    }

    @Test(arguments: LogisticRegression.Optimizer.allCases)
    func classifiesASeparableSetPerfectly(optimizer: LogisticRegression.Optimizer) {
        let (x, y) = separableProblem()
        let model = LogisticRegression.fit(x, labels: y, classCount: 3, settings: Self.settings(optimizer), workers: 1)
        #expect(predictions(model, x) == y)
        for i in 0..<x.rowCount {
            let p = Softmax.probabilities(model.scores(x.row(i)))
            #expect(abs(p.reduce(0, +) - 1) < 1e-5)
            #expect(p.allSatisfy { $0 > 0 && $0 < 1 })
            #expect(p[y[i]] > 0.5)
        }
    }

    @Test(arguments: LogisticRegression.Optimizer.allCases)
    func backendsTrainTheSameModel(optimizer: LogisticRegression.Optimizer) {
        let (x, y) = separableProblem()
        let a = LogisticRegression.fit(x, labels: y, classCount: 3, settings: Self.settings(optimizer), math: CBLASMath(), workers: 1)
        let b = LogisticRegression.fit(x, labels: y, classCount: 3, settings: Self.settings(optimizer), math: PlainMath(), workers: 1)
        let scale = a.weights.map(abs).max()!
        #expect(scale > 0.1)
        #expect(maxDifference(a.weights, b.weights) <= 1e-3 * scale)
        #expect(maxDifference(a.bias, b.bias) <= 1e-3 * scale)
    }

    @Test(arguments: LogisticRegression.Optimizer.allCases)
    func trainingIsDeterministic(optimizer: LogisticRegression.Optimizer) {
        let (x, y) = separableProblem()
        let settings = Self.settings(optimizer)
        let a = LogisticRegression.fit(x, labels: y, classCount: 3, settings: settings, workers: 2)
        let b = LogisticRegression.fit(x, labels: y, classCount: 3, settings: settings, workers: 2)
        #expect(a.weights == b.weights)
        #expect(a.bias == b.bias)
        let single = LogisticRegression.fit(x, labels: y, classCount: 3, settings: settings, workers: 1)
        switch optimizer {
        case .adam:
            // Each row's gradient is gathered in batch order whatever the split.
            #expect(maxDifference(a.weights, single.weights) <= 1e-5)
            #expect(maxDifference(a.bias, single.bias) <= 1e-5)
        case .lbfgs:
            // The full-batch gradient is summed per worker slice, so rounding differs and
            // L-BFGS stops at a slightly different point near the same optimum.
            let objective = SoftmaxObjective(x: x, labels: y, classCount: 3, l2: settings.l2)
            let fa = objective.evaluate(a, math: CBLASMath(), workers: 1).value
            let f1 = objective.evaluate(single, math: CBLASMath(), workers: 1).value
            #expect(close(fa, f1, rel: 1e-5))
            let scale = max(1, a.weights.map(abs).max()!)
            #expect(maxDifference(a.weights, single.weights) <= 1e-4 * scale)
            #expect(maxDifference(a.bias, single.bias) <= 1e-4 * scale)
        }
    }

    @Test func adamDependsOnTheSeed() {
        let (x, y) = separableProblem()
        let a = LogisticRegression.fit(x, labels: y, classCount: 3, settings: Self.settings(.adam, seed: 1), workers: 1)
        let b = LogisticRegression.fit(x, labels: y, classCount: 3, settings: Self.settings(.adam, seed: 2), workers: 1)
        #expect(a.weights != b.weights)
    }

    @Test func lbfgsConverges() {
        let (x, y) = separableProblem()
        let objective = SoftmaxObjective(x: x, labels: y, classCount: 3, l2: 1e-2)
        let zero = LinearScores(featureCount: x.columnCount, classCount: 3)
        let start = objective.evaluate(zero, math: CBLASMath(), workers: 1)
        let model = LBFGS.minimize(
            objective, start: zero, maxIterations: 300, history: 8, math: CBLASMath(), workers: 1, progress: nil)
        let end = objective.evaluate(model, math: CBLASMath(), workers: 1)
        #expect(abs(start.value - logf(3)) < 1e-6)
        #expect(end.value < 0.5 * start.value)
        let gradientNorm = (end.gradient.weights + end.gradient.bias).reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        #expect(gradientNorm < 1e-3)
        // Adam on the same objective gets close to, but not below, the L-BFGS optimum.
        var adam = Self.settings(.adam)
        adam.epochs = 60
        let adamModel = LogisticRegression.fit(x, labels: y, classCount: 3, settings: adam, workers: 1)
        let adamValue = objective.evaluate(adamModel, math: CBLASMath(), workers: 1).value
        #expect(adamValue >= end.value - 1e-4)
        #expect(adamValue < start.value)
    }

    @Test func balancedSampleWeights() {
        // Labels [0, 0, 0, 1] over 3 classes (class 2 absent): n = 4, 2 classes present;
        // w = n / (present · n_c): class 0 → 4/6, class 1 → 4/2; class 1 as OOS with weight 3 → 6.
        let w = LogisticRegression.sampleWeights(labels: [0, 0, 0, 1], classCount: 3, weighting: .balanced)
        #expect(w.map { ($0 * 1e5).rounded() / 1e5 } == [0.66667, 0.66667, 0.66667, 2])
        let oos = LogisticRegression.sampleWeights(
            labels: [0, 0, 0, 1], classCount: 3, weighting: .balanced, outOfScopeClass: 1, outOfScopeWeight: 3)
        #expect(oos[3] == 6)
        #expect(LogisticRegression.sampleWeights(labels: [0, 1, 1], classCount: 2, weighting: .none) == [1, 1, 1])
    }

    /// The number after "loss" in a progress line.
    func reportedLoss(_ line: String) -> Double? {
        guard let range = line.range(of: "loss") else { return nil }
        return Double(line[range.upperBound...].trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
    }

    @Test(arguments: [1, 4])
    func reportedEpochLossIsTheMeanLoss(workers: Int) throws {
        // Learning rate 0 keeps W = 0, so every example's loss is ln 3 and so is the epoch mean,
        // however the 5 rows are split into batches (4 + 1) and workers.
        let (full, y) = separableProblem(rowsPerClass: 2)
        let x = full.selecting(rows: [0, 1, 2, 3, 4])
        var settings = Self.settings(.adam)
        settings.learningRate = 0
        settings.epochs = 1
        settings.batchSize = 4
        var lines: [String] = []
        _ = LogisticRegression.fit(
            x, labels: Array(y[0..<5]), classCount: 3, settings: settings, workers: workers,
            progress: { lines.append($0) })
        let loss = try #require(lines.last.flatMap(reportedLoss))
        #expect(abs(loss - log(3.0)) < 1e-3, "\(lines)")
    }
}

@Suite struct SoftmaxTests {
    @Test func stableAndNormalised() {
        let p = Softmax.probabilities([1000, 1001, 999])
        #expect(p.allSatisfy { $0.isFinite })
        #expect(abs(p.reduce(0, +) - 1) < 1e-6)
        // e^1 / (e^0 + e^1 + e^−1) for the middle one.
        let e = exp(1.0)
        #expect(abs(Double(p[1]) - e / (1 + e + 1 / e)) < 1e-6)
        #expect(Softmax.probabilities([0, 0, 0, 0]) == [0.25, 0.25, 0.25, 0.25])
    }
}
