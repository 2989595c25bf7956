import Foundation

/// Multinomial or complement naive Bayes over non-negative feature weights.
///
/// Closed form: the model is its per-class feature totals, so examples can be
/// added (or taken back) at any time without retraining. Scores are kept as
/// `bias + Σ_j x_j·row_j + (Σ_j x_j)·mass`, with the class denominators in
/// `mass`, so an added example changes only its own features' rows plus two
/// per-class vectors.
public struct NaiveBayes: Sendable {
    public enum Variant: String, Sendable, Codable, CaseIterable {
        /// θ_cj = (N_cj + α) / (N_c + α·d); score_c = log P(c) + Σ_j x_j log θ_cj.
        case multinomial
        /// Rennie et al. 2003: score_c = −Σ_j x_j log θ̃_cj with θ̃ estimated from
        /// every class but c, which copes better with uneven class sizes.
        case complement
    }

    public let variant: Variant
    public let alpha: Float
    public let featureCount: Int
    public let classCount: Int
    /// featureCount × classCount feature totals N_cj (feature-major).
    public private(set) var featureTotals: [Float]
    /// Σ_j N_cj per class.
    public private(set) var classTotals: [Float]
    /// Σ_c N_cj per feature (for the complement variant).
    public private(set) var featureSums: [Float]
    /// Number of examples per class (for the prior).
    public private(set) var classExamples: [Float]
    /// The scoring weights, kept in step with the totals.
    public private(set) var linear: LinearScores

    /// Restores a model from saved totals (or starts an empty one).
    public init(
        variant: Variant = .multinomial, alpha: Float = 0.1, featureCount: Int, classCount: Int,
        featureTotals: [Float]? = nil, classExamples: [Float]? = nil
    ) {
        precondition(featureTotals == nil || featureTotals?.count == featureCount * classCount)
        precondition(classExamples == nil || classExamples?.count == classCount)
        self.variant = variant
        self.alpha = alpha
        self.featureCount = featureCount
        self.classCount = classCount
        self.featureTotals = featureTotals ?? [Float](repeating: 0, count: featureCount * classCount)
        self.classExamples = classExamples ?? [Float](repeating: 0, count: classCount)
        classTotals = []
        featureSums = []
        linear = LinearScores(featureCount: featureCount, classCount: classCount)
        recomputeAll()
    }

    /// Fits on rows of `x` with class indices `y` (optionally weighted per example).
    public static func fit(
        _ x: SparseMatrix, labels y: [Int], classCount: Int,
        variant: Variant = .multinomial, alpha: Float = 0.1, sampleWeights: [Float]? = nil
    ) -> NaiveBayes {
        let k = classCount
        var totals = [Float](repeating: 0, count: x.columnCount * k)
        var examples = [Float](repeating: 0, count: k)
        for i in 0..<x.rowCount {
            let w = sampleWeights?[i] ?? 1
            for p in x.rowStarts[i]..<x.rowStarts[i + 1] {
                totals[Int(x.indices[p]) * k + y[i]] += w * x.values[p]
            }
            examples[y[i]] += w
        }
        return NaiveBayes(
            variant: variant, alpha: alpha, featureCount: x.columnCount, classCount: k,
            featureTotals: totals, classExamples: examples)
    }

    /// Adds one example (a negative weight takes one back) and updates exactly the
    /// scoring values it affects: its features' rows, the class masses and the prior.
    public mutating func add(_ x: SparseVector, label: Int, weight: Float = 1) {
        var added: Float = 0
        for (j, v) in zip(x.indices, x.values) {
            featureTotals[Int(j) * classCount + label] += weight * v
            featureSums[Int(j)] += weight * v
            added += weight * v
        }
        classTotals[label] += added
        classExamples[label] += weight
        for j in x.indices { updateRow(Int(j)) }
        updateClassTerms()
    }

    private mutating func recomputeAll() {
        let k = classCount
        classTotals = [Float](repeating: 0, count: k)
        featureSums = [Float](repeating: 0, count: featureCount)
        for j in 0..<featureCount {
            for c in 0..<k {
                let v = featureTotals[j * k + c]
                classTotals[c] += v
                featureSums[j] += v
            }
        }
        for j in 0..<featureCount { updateRow(j) }
        updateClassTerms()
    }

    /// Row j of the scoring weights: the numerators of log θ.
    private mutating func updateRow(_ j: Int) {
        let k = classCount
        for c in 0..<k {
            let n = featureTotals[j * k + c]
            switch variant {
            case .multinomial:
                linear.weights[j * k + c] = logf(n + alpha)
            case .complement:
                linear.weights[j * k + c] = -logf(max(featureSums[j] - n, 0) + alpha)
            }
        }
    }

    /// The denominators of log θ (in `mass`) and the prior (in `bias`).
    private mutating func updateClassTerms() {
        let smoothing = alpha * Float(featureCount)
        let grand = classTotals.reduce(0, +)
        let examples = classExamples.reduce(0, +)
        var mass = [Float](repeating: 0, count: classCount)
        for c in 0..<classCount {
            switch variant {
            case .multinomial:
                mass[c] = -logf(classTotals[c] + smoothing)
                linear.bias[c] = logf(max(classExamples[c], 1e-9) / max(examples, 1e-9))
            case .complement:
                mass[c] = logf(max(grand - classTotals[c], 0) + smoothing)
                linear.bias[c] = 0  // Rennie et al. drop the prior
            }
        }
        linear.mass = mass
    }
}
