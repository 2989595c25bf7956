/// Stratified k-fold cross-validation: every example is predicted by a model
/// that never saw it. Reports the pooled metrics, each fold's report, and the
/// mean ± std of every headline metric over the folds.
public enum CrossValidation {
    public struct Result: Sendable {
        /// All held-out predictions scored together, with `crossValidation` filled in.
        public var pooled: EvaluationReport
        public var folds: [EvaluationReport]

        public var foldAccuracies: [Double] { folds.map(\.metrics.accuracy) }
        public var meanAccuracy: Double { pooled.crossValidation?.metrics["accuracy"]?.mean ?? 0 }
        public var standardDeviation: Double { pooled.crossValidation?.metrics["accuracy"]?.std ?? 0 }
    }

    /// What cross-validation needs to score slots too: the domain's slot declarations and
    /// the tagger's settings; each fold trains its own tagger on the fold's training part.
    public struct SlotScoring: Sendable {
        public var definitions: [SlotDefinition]
        public var settings: NLUTrainingSettings
        /// Relative dates resolve against this; fixed, so a re-run scores the same.
        public var reference: ReferenceTime

        public init(
            definitions: [SlotDefinition], settings: NLUTrainingSettings = .recommended,
            reference: ReferenceTime = ReferenceTime(date: CalendarDate(year: 2026, month: 1, day: 5), time: ClockTime(hour: 9))
        ) {
            self.definitions = definitions
            self.settings = settings
            self.reference = reference
        }
    }

    /// `progress` gets notes; `step` is told (folds done, folds) after each fold. With
    /// `slots`, and slot annotations in the data, every fold and the pooled report score
    /// slots and frames as well (a whole parse per held-out example).
    public static func run(
        _ data: [Utterance], folds: Int, settings: IntentTrainingSettings, dataName: String,
        slots: SlotScoring? = nil, math: any DenseMath = CBLASMath(), workers: Int = Parallel.defaultWorkers,
        progress: ((String) -> Void)? = nil, step: ((Int, Int) -> Void)? = nil
    ) throws -> Result {
        let scoresSlots = slots != nil && data.contains { !$0.slots.isEmpty }
        var frames: [Utterance] = []
        let fold = StratifiedFolds.assign(labels: data.map(\.intent), folds: folds, seed: settings.logisticRegression.seed)
        var held: [Utterance] = []
        var predictions: [IntentPrediction] = []
        var gates: [OutOfScopeGate] = []
        var micros: [Double] = []
        var reports: [EvaluationReport] = []
        let clock = ContinuousClock()
        for f in 0..<folds {
            progress?("fold \(f + 1)/\(folds)")
            let train = data.indices.filter { fold[$0] != f }.map { data[$0] }
            let test = data.indices.filter { fold[$0] == f }.map { data[$0] }
            guard !test.isEmpty else { continue }
            let (model, _) = try IntentTrainer.train(train, settings: settings, math: math, workers: workers)
            var foldPredictions: [IntentPrediction] = []
            var foldMicros: [Double] = []
            let prepared = clock.now
            model.prepare(test.map(\.text))  // the encoder block in one batch (see IntentEvaluator)
            let encodingMicros = IntentTrainer.seconds(clock.now - prepared) * 1e6 / Double(test.count)
            for u in test {
                let start = clock.now
                foldPredictions.append(model.predict(u.text))
                foldMicros.append(IntentTrainer.seconds(clock.now - start) * 1e6 + encodingMicros)
            }
            var report = IntentEvaluator.report(
                data: test, predictions: foldPredictions, micros: foldMicros, gates: [model.gate],
                modelName: "fold \(f + 1) of \(folds)", dataName: dataName, split: "fold \(f + 1)", trainSeconds: nil)
            if scoresSlots, let slots {
                let tagger = try NLUTrainer.trainTagger(train, slots: slots.definitions, settings: slots.settings, workers: workers)
                let nlu = try NLUModel(intents: model, tagger: tagger, slotDefinitions: slots.definitions)
                let foldFrames = test.map { u in
                    let parse = nlu.parse(u.text, reference: slots.reference)
                    return Utterance(text: u.text, intent: parse.intent.name, slots: parse.slots.map(\.span))
                }
                report.slots = SlotMetrics(gold: test, predicted: foldFrames)
                frames += foldFrames
            }
            reports.append(report)
            held += test
            predictions += foldPredictions
            micros += foldMicros
            gates += Array(repeating: model.gate, count: test.count)
            step?(f + 1, folds)
        }
        var pooled = IntentEvaluator.report(
            data: held, predictions: predictions, micros: micros, gates: gates.isEmpty ? [OutOfScopeGate()] : gates,
            modelName: "\(folds)-fold cross-validation", dataName: dataName, split: "cross-validation", trainSeconds: nil)
        if scoresSlots { pooled.slots = SlotMetrics(gold: held, predicted: frames) }
        pooled.crossValidation = CrossValidationSummary(folds: reports)
        return Result(pooled: pooled, folds: reports)
    }
}

/// Mean ± std over folds of every headline metric, and each fold's values.
public struct CrossValidationSummary: Sendable, Codable, Equatable {
    /// The metrics summarised, in display order (keys of `metrics` and of each `per_fold` entry).
    public static let metricNames = [
        "accuracy", "macro_f1", "in_scope_accuracy", "oos_recall", "oos_precision", "ece",
        "slot_precision", "slot_recall", "slot_f1", "frame_accuracy",
    ]

    public var folds: Int
    /// Metric name → spread; a metric no fold has (e.g. slots) is left out.
    public var metrics: [String: MetricSpread]
    /// Each fold's values (null where the fold has none).
    public var perFold: [[String: Double?]]

    enum CodingKeys: String, CodingKey {
        case folds, metrics
        case perFold = "per_fold"
    }

    public init(folds reports: [EvaluationReport]) {
        let values = reports.map(CrossValidationSummary.values)
        folds = reports.count
        var metrics: [String: MetricSpread] = [:]
        for name in CrossValidationSummary.metricNames {
            if let spread = MetricSpread(values.map { $0[name] ?? nil }) { metrics[name] = spread }
        }
        self.metrics = metrics
        perFold = values
    }

    static func values(_ r: EvaluationReport) -> [String: Double?] {
        [
            "accuracy": r.metrics.accuracy, "macro_f1": r.metrics.macroF1,
            "in_scope_accuracy": r.metrics.inScopeAccuracy, "oos_recall": r.metrics.outOfScopeRecall,
            "oos_precision": r.metrics.outOfScopePrecision, "ece": r.calibration?.ece,
            "slot_precision": r.slots?.slotPrecision, "slot_recall": r.slots?.slotRecall,
            "slot_f1": r.slots?.slotF1, "frame_accuracy": r.slots?.frameAccuracy,
        ]
    }
}
