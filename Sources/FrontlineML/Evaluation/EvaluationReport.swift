import Foundation

/// What `frontline evaluate` writes to `report.json` (a public contract, see README)
/// and renders as `report.md`.
public struct EvaluationReport: Sendable, Codable {
    public struct Timing: Sendable, Codable {
        public var trainSeconds: Double?
        /// Median wall time of one single-utterance predict call, featurisation included.
        public var predictMicrosecondsPerUtterance: Double
        /// Median wall time of a full parse (intent, slots, entities) when the model has slots.
        public var parseMicrosecondsPerUtterance: Double?

        enum CodingKeys: String, CodingKey {
            case trainSeconds = "train_seconds"
            case predictMicrosecondsPerUtterance = "predict_us_per_utterance"
            case parseMicrosecondsPerUtterance = "parse_us_per_utterance"
        }
    }

    public struct Error: Sendable, Codable {
        public var text: String
        public var gold: String
        public var predicted: String
        public var confidence: Float

        public init(text: String, gold: String, predicted: String, confidence: Float) {
            self.text = text
            self.gold = gold
            self.predicted = predicted
            self.confidence = confidence
        }
    }

    public var model: String
    public var data: String
    public var split: String
    public var metrics: IntentMetrics
    public var timing: Timing
    public var errors: [Error]
    /// Slot-filling scores, when the model has a slot tagger and the data slot annotations.
    public var slots: SlotMetrics?
    /// Reliability bins and expected calibration error of the decided intents' confidences.
    public var calibration: Calibration?
    public var confidenceHistogram: ConfidenceHistogram?
    /// Nil when the data has no out-of-scope examples.
    public var outOfScopeCurve: OutOfScopeCurve?
    /// Mean ± std of the headline metrics over folds, for cross-validation.
    public var crossValidation: CrossValidationSummary?
    public var learningCurve: LearningCurve?

    public init(
        model: String, data: String, split: String, metrics: IntentMetrics, timing: Timing, errors: [Error],
        slots: SlotMetrics? = nil
    ) {
        self.model = model
        self.data = data
        self.split = split
        self.metrics = metrics
        self.timing = timing
        self.errors = errors
        self.slots = slots
    }

    /// JSON with the metrics' keys at the top level (`accuracy`, `macro_f1`, …, and with
    /// slots `slot_precision`, `slot_recall`, `slot_f1`, `frame_accuracy`, `per_slot`).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(Flat(report: self))
    }

    private struct Flat: Encodable {
        let report: EvaluationReport
        enum Keys: String, CodingKey {
            case model, data, split, timing, errors, calibration
            case confidenceHistogram = "confidence_histogram"
            case outOfScopeCurve = "oos_curve"
            case crossValidation = "cross_validation"
            case learningCurve = "learning_curve"
        }
        func encode(to encoder: any Encoder) throws {
            try report.metrics.encode(to: encoder)
            try report.slots?.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(report.model, forKey: .model)
            try c.encode(report.data, forKey: .data)
            try c.encode(report.split, forKey: .split)
            try c.encode(report.timing, forKey: .timing)
            try c.encode(report.errors, forKey: .errors)
            // The newer sections are always present, null when absent: the key set is a contract.
            try c.encode(report.calibration, forKey: .calibration)
            try c.encode(report.confidenceHistogram, forKey: .confidenceHistogram)
            try c.encode(report.outOfScopeCurve, forKey: .outOfScopeCurve)
            try c.encode(report.crossValidation, forKey: .crossValidation)
            try c.encode(report.learningCurve, forKey: .learningCurve)
        }
    }

    /// The headline numbers as a Markdown table (also what the CLI prints). Without
    /// `timings` (report.md) the table holds only what the model and data decide, so the
    /// same model and data give the same bytes, as report.html does.
    public func summaryTable(timings: Bool = true) -> String {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a" }
        var rows: [(String, String)] = [
            ("examples", "\(metrics.count)"),
            ("accuracy", pct(metrics.accuracy)),
            ("macro F1", pct(metrics.macroF1)),
            ("in-scope accuracy", pct(metrics.inScopeAccuracy)),
            ("out-of-scope recall", pct(metrics.outOfScopeRecall)),
            ("out-of-scope precision", pct(metrics.outOfScopePrecision)),
        ]
        if let calibration { rows.append(("expected calibration error", String(format: "%.4f", calibration.ece))) }
        if let curve = outOfScopeCurve {
            rows.append(("out-of-scope threshold", String(format: "%.3f", curve.chosenThreshold)))
        }
        if timings {
            rows.append(("predict µs/utterance (median)", String(format: "%.1f", timing.predictMicrosecondsPerUtterance)))
        }
        if let slots {
            rows.append(("slot precision", pct(slots.slotPrecision)))
            rows.append(("slot recall", pct(slots.slotRecall)))
            rows.append(("slot F1", pct(slots.slotF1)))
            rows.append(("frame accuracy", pct(slots.frameAccuracy)))
        }
        if timings, let p = timing.parseMicrosecondsPerUtterance {
            rows.append(("parse µs/utterance (median)", String(format: "%.1f", p)))
        }
        if timings, let t = timing.trainSeconds { rows.append(("train seconds", String(format: "%.2f", t))) }
        return "| metric | value |\n|---|---|\n" + rows.map { "| \($0.0) | \($0.1) |" }.joined(separator: "\n") + "\n"
    }

    private func f3(_ v: Double) -> String { String(format: "%.3f", v) }

    public func markdown() -> String {
        var md = "# Evaluation of `\(model)`\n\nData: `\(data)`, split `\(split)`.\n\n" + summaryTable(timings: false)
        md += "\n## Per intent\n\n| intent | precision | recall | F1 | support | most confused with |\n|---|---|---|---|---|---|\n"
        for (label, m) in metrics.perIntent.sorted(by: { $0.value.f1 != $1.value.f1 ? $0.value.f1 < $1.value.f1 : $0.key < $1.key }) {
            let confused = m.confusedWith.prefix(3).map { "\($0.label) (\($0.count))" }.joined(separator: ", ")
            md += "| \(label) | \(f3(m.precision)) | \(f3(m.recall)) | \(f3(m.f1)) | \(m.support) | \(confused) |\n"
        }
        if let cv = crossValidation {
            md += "\n## Cross-validation (\(cv.folds) folds, mean ± std)\n\n| metric | mean | std |\n|---|---|---|\n"
            for name in CrossValidationSummary.metricNames {
                guard let s = cv.metrics[name] else { continue }
                md += "| \(name) | \(f3(s.mean)) | \(f3(s.std)) |\n"
            }
        }
        if let curve = learningCurve {
            md += "\n## Learning curve (scored on \(curve.evaluatedOn))\n\n| training data | examples | accuracy | macro F1 |\n|---|---|---|---|\n"
            for p in curve.points {
                md += "| \(String(format: "%g", p.percent))% | \(p.examples) | \(f3(p.accuracy)) | \(f3(p.macroF1)) |\n"
            }
        }
        if let slots, !slots.perSlot.isEmpty {
            md += "\n## Per slot\n\n| slot | precision | recall | F1 | support |\n|---|---|---|---|---|\n"
            for (slot, m) in slots.perSlot.sorted(by: { $0.value.f1 != $1.value.f1 ? $0.value.f1 < $1.value.f1 : $0.key < $1.key }) {
                md += "| \(slot) | \(f3(m.precision)) | \(f3(m.recall)) | \(f3(m.f1)) | \(m.support) |\n"
            }
        }
        if !errors.isEmpty {
            md += "\n## Errors (first \(min(errors.count, 50)) of \(errors.count))\n\n| text | gold | predicted | confidence |\n|---|---|---|---|\n"
            for e in errors.prefix(50) {
                let text = e.text.replacingOccurrences(of: "|", with: "\\|")
                md += "| \(text) | \(e.gold) | \(e.predicted) | \(f3(Double(e.confidence))) |\n"
            }
        }
        return md
    }
}

/// Runs a classifier over labelled data and builds the report.
public enum IntentEvaluator {
    /// `progress` is told (done, total) as predictions are made.
    public static func evaluate(
        _ classifier: IntentClassifier, on data: [Utterance], modelName: String, dataName: String,
        split: String, trainSeconds: Double? = nil, progress: ((Int, Int) -> Void)? = nil
    ) -> EvaluationReport {
        var predictions: [IntentPrediction] = []
        var micros: [Double] = []
        predictions.reserveCapacity(data.count)
        micros.reserveCapacity(data.count)
        let clock = ContinuousClock()
        // A model with an encoder block encodes the texts in one batch first; each
        // prediction's time includes its share of that batch.
        let prepared = clock.now
        classifier.prepare(data.map(\.text))
        let encodingMicros = data.isEmpty ? 0 : IntentTrainer.seconds(clock.now - prepared) * 1e6 / Double(data.count)
        for u in data {
            let start = clock.now
            predictions.append(classifier.predict(u.text))
            micros.append(IntentTrainer.seconds(clock.now - start) * 1e6 + encodingMicros)
            progress?(predictions.count, data.count)
        }
        return report(
            data: data, predictions: predictions, micros: micros, gates: [classifier.gate],
            modelName: modelName, dataName: dataName, split: split, trainSeconds: trainSeconds)
    }

    /// The report for predictions already made (`micros`: one timing per predict call).
    /// `gates`: the gate that made each prediction, or one gate for all of them.
    static func report(
        data: [Utterance], predictions: [IntentPrediction], micros: [Double], gates: [OutOfScopeGate],
        modelName: String, dataName: String, split: String, trainSeconds: Double?
    ) -> EvaluationReport {
        precondition(gates.count == 1 || gates.count == predictions.count, "one gate, or one per prediction")
        var errors: [EvaluationReport.Error] = []
        var confidences: [Double] = []
        var correct: [Bool] = []
        var samples: [OutOfScopeCurve.Sample] = []
        for (i, (u, p)) in zip(data, predictions).enumerated() {
            let same = p.intent.name == u.intent || (p.outOfScope && OutOfScope.isOutOfScope(u.intent))
            if !same {
                errors.append(.init(text: u.text, gold: u.intent, predicted: p.intent.name, confidence: p.intent.confidence))
            }
            confidences.append(Double(p.intent.confidence))
            correct.append(same)
            samples.append(.init(prediction: p, gate: gates[gates.count == 1 ? 0 : i], gold: u.intent))
        }
        // Folds tune their own gates: the pooled curve marks their mean threshold.
        let threshold = gates.map { Double($0.minConfidence) }.reduce(0, +) / Double(max(gates.count, 1))
        let sorted = micros.sorted()
        let median = sorted.isEmpty ? 0
            : (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        let outOfScopeLabel = predictions.first(where: \.outOfScope)?.intent.name ?? OutOfScope.defaultLabel
        let metrics = IntentMetrics(
            gold: data.map(\.intent), predicted: predictions.map(\.intent.name), outOfScopeLabel: outOfScopeLabel)
        var report = EvaluationReport(
            model: modelName, data: dataName, split: split, metrics: metrics,
            timing: .init(trainSeconds: trainSeconds, predictMicrosecondsPerUtterance: median), errors: errors)
        report.calibration = Calibration(confidences: confidences, correct: correct)
        report.confidenceHistogram = ConfidenceHistogram(confidences: confidences, correct: correct)
        report.outOfScopeCurve = OutOfScopeCurve(samples: samples, chosenThreshold: threshold)
        return report
    }
}
