/// The mean and sample standard deviation (n − 1) of one metric over folds.
public struct MetricSpread: Sendable, Codable, Equatable {
    public var mean: Double
    public var std: Double
    /// How many folds had a value (a fold without out-of-scope examples has no OOS recall).
    public var folds: Int

    /// Nil when no fold had a value; std is 0 for a single value.
    public init?(_ values: [Double?]) {
        let present = values.compactMap { $0 }
        guard !present.isEmpty else { return nil }
        let n = Double(present.count)
        mean = present.reduce(0, +) / n
        let m = mean
        std = present.count > 1 ? (present.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot() : 0
        folds = present.count
    }
}
