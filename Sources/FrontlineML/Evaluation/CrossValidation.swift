/// Stratified k-fold cross-validation: every example is predicted by a model
/// that never saw it. Reports the pooled metrics and each fold's accuracy.
public enum CrossValidation {
    public struct Result: Sendable {
        public var pooled: EvaluationReport
        public var foldAccuracies: [Double]

        public var meanAccuracy: Double { foldAccuracies.reduce(0, +) / Double(max(foldAccuracies.count, 1)) }
        public var standardDeviation: Double {
            let m = meanAccuracy
            let n = Double(max(foldAccuracies.count - 1, 1))
            return (foldAccuracies.map { ($0 - m) * ($0 - m) }.reduce(0, +) / n).squareRoot()
        }
    }

    public static func run(
        _ data: [Utterance], folds: Int, settings: IntentTrainingSettings, dataName: String,
        math: any DenseMath = CBLASMath(), workers: Int = Parallel.defaultWorkers,
        progress: ((String) -> Void)? = nil
    ) throws -> Result {
        let fold = StratifiedFolds.assign(labels: data.map(\.intent), folds: folds, seed: settings.logisticRegression.seed)
        var held: [Utterance] = []
        var predictions: [IntentPrediction] = []
        var accuracies: [Double] = []
        var micros: [Double] = []
        let clock = ContinuousClock()
        for f in 0..<folds {
            progress?("fold \(f + 1)/\(folds)")
            let train = data.indices.filter { fold[$0] != f }.map { data[$0] }
            let test = data.indices.filter { fold[$0] == f }.map { data[$0] }
            guard !test.isEmpty else { continue }
            let (model, _) = try IntentTrainer.train(train, settings: settings, math: math, workers: workers)
            var right = 0
            for u in test {
                let start = clock.now
                let p = model.predict(u.text)
                micros.append(IntentTrainer.seconds(clock.now - start) * 1e6)
                predictions.append(p)
                let gold = OutOfScope.isOutOfScope(u.intent) ? model.outOfScopeLabel : u.intent
                if p.intent.name == gold { right += 1 }
            }
            held += test
            accuracies.append(Double(right) / Double(test.count))
        }
        let pooled = IntentEvaluator.report(
            data: held, predictions: predictions, micros: micros, modelName: "\(folds)-fold cross-validation",
            dataName: dataName, split: "cross-validation", trainSeconds: nil)
        return Result(pooled: pooled, foldAccuracies: accuracies)
    }
}
