/// How well confidences match accuracy: a reliability diagram's bins and the
/// expected calibration error (Guo et al. 2017).
///
/// Confidences fall into `binCount` equal-width bins over [0, 1]; bin `i` holds
/// [i/B, (i+1)/B), the last one also 1. ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|,
/// 0 for no predictions. Empty bins are kept (count 0) so the bin list always has B entries.
public struct Calibration: Sendable, Codable, Equatable {
    public struct Bin: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        /// Mean confidence of the bin's predictions (0 when empty).
        public var confidence: Double
        /// Share of the bin's predictions that were right (0 when empty).
        public var accuracy: Double
    }

    public var ece: Double
    public var bins: [Bin]

    /// `confidences[i]` is the confidence of prediction i, `correct[i]` whether it was right.
    public init(confidences: [Double], correct: [Bool], binCount: Int = 10) {
        precondition(confidences.count == correct.count, "Calibration needs one correctness flag per confidence")
        precondition(binCount > 0)
        var counts = [Int](repeating: 0, count: binCount)
        var confidenceSums = [Double](repeating: 0, count: binCount)
        var rightCounts = [Int](repeating: 0, count: binCount)
        for (c, ok) in zip(confidences, correct) {
            let b = Calibration.bin(of: c, binCount: binCount)
            counts[b] += 1
            confidenceSums[b] += c
            if ok { rightCounts[b] += 1 }
        }
        let total = Double(confidences.count)
        var ece = 0.0
        bins = (0..<binCount).map { b in
            let n = counts[b]
            let confidence = n > 0 ? confidenceSums[b] / Double(n) : 0
            let accuracy = n > 0 ? Double(rightCounts[b]) / Double(n) : 0
            if n > 0 { ece += Double(n) / total * abs(accuracy - confidence) }
            return Bin(lower: Double(b) / Double(binCount), upper: Double(b + 1) / Double(binCount),
                       count: n, confidence: confidence, accuracy: accuracy)
        }
        self.ece = ece
    }

    /// The equal-width bin of a confidence; out-of-range values are clamped into [0, 1].
    static func bin(of confidence: Double, binCount: Int) -> Int {
        guard confidence.isFinite else { return 0 }
        return min(max(Int(confidence * Double(binCount)), 0), binCount - 1)
    }
}

/// Confidences of right and of wrong predictions, counted in equal-width bins over [0, 1]
/// (bin edges as in `Calibration`): shows how sure the model is when it is wrong.
public struct ConfidenceHistogram: Sendable, Codable, Equatable {
    public struct Bin: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
        public var correct: Int
        public var wrong: Int
    }

    public var bins: [Bin]

    public init(confidences: [Double], correct: [Bool], binCount: Int = 20) {
        precondition(confidences.count == correct.count, "ConfidenceHistogram needs one correctness flag per confidence")
        precondition(binCount > 0)
        var bins = (0..<binCount).map {
            Bin(lower: Double($0) / Double(binCount), upper: Double($0 + 1) / Double(binCount), correct: 0, wrong: 0)
        }
        for (c, ok) in zip(confidences, correct) {
            let b = Calibration.bin(of: c, binCount: binCount)
            if ok { bins[b].correct += 1 } else { bins[b].wrong += 1 }
        }
        self.bins = bins
    }
}
