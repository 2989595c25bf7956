import Foundation

/// Multinomial (softmax) logistic regression with an L2 penalty, trained on sparse
/// features. See `SoftmaxObjective` for the objective.
public enum LogisticRegression {
    public enum Optimizer: String, Sendable, Codable, CaseIterable {
        /// Mini-batch Adam with sparse ("lazy") updates of the rows a batch touches.
        case adam
        /// Full-batch L-BFGS: exact optimum, best for small data.
        case lbfgs
    }

    public enum ClassWeighting: String, Sendable, Codable, CaseIterable {
        case none
        /// Each class weighs n / (classes · n_c), so small classes count as much as big ones.
        case balanced
    }

    public struct Settings: Sendable, Hashable, Codable {
        public var optimizer: Optimizer
        /// λ of (λ/2)·‖W‖².
        public var l2: Float
        public var epochs: Int
        /// Adam: at least this many steps in all, so small data sets get more epochs.
        public var minimumSteps: Int
        public var batchSize: Int
        public var learningRate: Float
        public var classWeighting: ClassWeighting
        /// Extra weight of the out-of-scope class's examples (on top of class weighting).
        public var outOfScopeWeight: Float
        public var seed: UInt64
        /// Adam's β1; 0 keeps no first moment (RMSprop with Adam's bias correction).
        public var momentum: Float
        /// Adam: how many of the most frequent features are trained as a dense block through BLAS.
        public var denseFeatures: Int
        /// L-BFGS: iterations and history length.
        public var maxIterations: Int
        public var history: Int

        public init(
            optimizer: Optimizer = .adam, l2: Float = 0, epochs: Int = 10, minimumSteps: Int = 500, batchSize: Int = 256,
            learningRate: Float = 0.01, momentum: Float = 0, classWeighting: ClassWeighting = .balanced,
            outOfScopeWeight: Float = 3, seed: UInt64 = 42, denseFeatures: Int = 256,
            maxIterations: Int = 300, history: Int = 8
        ) {
            self.optimizer = optimizer
            self.l2 = l2
            self.epochs = epochs
            self.minimumSteps = minimumSteps
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.momentum = momentum
            self.classWeighting = classWeighting
            self.outOfScopeWeight = outOfScopeWeight
            self.seed = seed
            self.denseFeatures = denseFeatures
            self.maxIterations = maxIterations
            self.history = history
        }
    }

    /// Per-example weights from the class weighting.
    public static func sampleWeights(
        labels: [Int], classCount: Int, weighting: ClassWeighting,
        outOfScopeClass: Int? = nil, outOfScopeWeight: Float = 1
    ) -> [Float] {
        var counts = [Int](repeating: 0, count: classCount)
        for y in labels { counts[y] += 1 }
        let n = Float(labels.count)
        let present = Float(counts.filter { $0 > 0 }.count)
        return labels.map { y in
            var w: Float = weighting == .balanced ? n / (present * Float(counts[y])) : 1
            if y == outOfScopeClass { w *= outOfScopeWeight }
            return w
        }
    }

    /// Trains on rows of `x` with class indices `labels`.
    public static func fit(
        _ x: SparseMatrix, labels: [Int], classCount: Int, settings: Settings,
        sampleWeights: [Float]? = nil, math: any DenseMath = CBLASMath(),
        workers: Int = Parallel.defaultWorkers, progress: ((String) -> Void)? = nil
    ) -> LinearScores {
        let weights = sampleWeights ?? [Float](repeating: 1, count: labels.count)
        switch settings.optimizer {
        case .adam:
            var trainer = SparseAdamTrainer(
                x: x, labels: labels, sampleWeights: weights, classCount: classCount,
                settings: settings, math: math, workers: workers)
            return trainer.run(progress: progress)
        case .lbfgs:
            let objective = SoftmaxObjective(
                x: x, labels: labels, sampleWeights: weights, classCount: classCount, l2: settings.l2)
            return LBFGS.minimize(
                objective, start: LinearScores(featureCount: x.columnCount, classCount: classCount),
                maxIterations: settings.maxIterations, history: settings.history, math: math,
                workers: workers, progress: progress)
        }
    }
}
