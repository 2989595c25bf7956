/// Classification metrics over gold and predicted labels, with out-of-scope
/// handled as in Larson et al. (2019): every out-of-scope label counts as one
/// class, in-scope accuracy counts an out-of-scope prediction as wrong.
public struct IntentMetrics: Sendable, Codable, Equatable {
    public struct PerLabel: Sendable, Codable, Equatable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
        /// The labels this one was most often mistaken for (gold = this label), most frequent first.
        public var confusedWith: [Confusion]

        enum CodingKeys: String, CodingKey {
            case precision, recall, f1, support
            case confusedWith = "confused_with"
        }
    }

    public struct Confusion: Sendable, Codable, Equatable {
        public var label: String
        public var count: Int
    }

    public struct ConfusionMatrix: Sendable, Codable, Equatable {
        /// Row and column labels (gold rows, predicted columns).
        public var labels: [String]
        public var matrix: [[Int]]

        public init(labels: [String], matrix: [[Int]]) {
            self.labels = labels
            self.matrix = matrix
        }
    }

    public var count: Int
    public var accuracy: Double
    public var macroF1: Double
    public var inScopeAccuracy: Double?
    public var outOfScopeRecall: Double?
    public var outOfScopePrecision: Double?
    public var perIntent: [String: PerLabel]
    public var confusion: ConfusionMatrix

    enum CodingKeys: String, CodingKey {
        case count, accuracy, confusion
        case macroF1 = "macro_f1"
        case inScopeAccuracy = "in_scope_accuracy"
        case outOfScopeRecall = "oos_recall"
        case outOfScopePrecision = "oos_precision"
        case perIntent = "per_intent"
    }

    /// Every key is always present (absent values as null): report.json is a contract.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(accuracy, forKey: .accuracy)
        try c.encode(macroF1, forKey: .macroF1)
        try c.encode(inScopeAccuracy, forKey: .inScopeAccuracy)
        try c.encode(outOfScopeRecall, forKey: .outOfScopeRecall)
        try c.encode(outOfScopePrecision, forKey: .outOfScopePrecision)
        try c.encode(perIntent, forKey: .perIntent)
        try c.encode(confusion, forKey: .confusion)
    }

    /// `outOfScopeLabel` is what out-of-scope gold labels are mapped to.
    public init(gold: [String], predicted: [String], outOfScopeLabel: String = OutOfScope.defaultLabel) {
        precondition(gold.count == predicted.count)
        func canonical(_ l: String) -> String { OutOfScope.isOutOfScope(l) ? outOfScopeLabel : l }
        let g = gold.map(canonical), p = predicted.map(canonical)
        let labels = Array(Set(g).union(p)).sorted()
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (a, b) in zip(g, p) { matrix[index[a]!][index[b]!] += 1 }

        count = g.count
        let correct = zip(g, p).filter { $0 == $1 }.count
        accuracy = g.isEmpty ? 0 : Double(correct) / Double(g.count)

        var perIntent: [String: PerLabel] = [:]
        var f1Sum = 0.0
        var f1Count = 0
        for (i, label) in labels.enumerated() {
            let tp = matrix[i][i]
            let support = matrix[i].reduce(0, +)
            let predictedCount = matrix.reduce(0) { $0 + $1[i] }
            let precision = predictedCount > 0 ? Double(tp) / Double(predictedCount) : 0
            let recall = support > 0 ? Double(tp) / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            let confused = labels.indices
                .filter { $0 != i && matrix[i][$0] > 0 }
                .sorted { matrix[i][$0] != matrix[i][$1] ? matrix[i][$0] > matrix[i][$1] : labels[$0] < labels[$1] }
                .prefix(5)
                .map { Confusion(label: labels[$0], count: matrix[i][$0]) }
            perIntent[label] = PerLabel(precision: precision, recall: recall, f1: f1, support: support, confusedWith: Array(confused))
            // Macro-F1 over the labels that occur in the gold data.
            if support > 0 {
                f1Sum += f1
                f1Count += 1
            }
        }
        macroF1 = f1Count > 0 ? f1Sum / Double(f1Count) : 0
        self.perIntent = perIntent
        confusion = ConfusionMatrix(labels: labels, matrix: matrix)

        let inScope = zip(g, p).filter { $0.0 != outOfScopeLabel }
        inScopeAccuracy = inScope.isEmpty ? nil : Double(inScope.filter { $0.0 == $0.1 }.count) / Double(inScope.count)
        let goldOOS = g.filter { $0 == outOfScopeLabel }.count
        let predictedOOS = p.filter { $0 == outOfScopeLabel }.count
        let bothOOS = zip(g, p).filter { $0.0 == outOfScopeLabel && $0.1 == outOfScopeLabel }.count
        outOfScopeRecall = goldOOS > 0 ? Double(bothOOS) / Double(goldOOS) : nil
        outOfScopePrecision = goldOOS > 0 ? (predictedOOS > 0 ? Double(bothOOS) / Double(predictedOOS) : 0) : nil
    }
}
