import Foundation
import FrontlineTestFiles
import FrontlineData
import FrontlineML
import Testing

/// Accuracy floors on the public benchmark sets in ../shared/datasets (skipped with a
/// message when absent). Floors sit a little under what the shipped defaults measure,
/// so a change that costs accuracy fails here.
enum Benchmark {
    /// The sets, inside ../shared/datasets.
    static let clinc = "clinc150/data_full.json"
    static let snips = "snips-joint"
    /// The sentence encoder (Scripts/setup fetches it): its tests run where it is, and in CI,
    /// which runs Scripts/setup first and must not skip them.
    static let encoderEnabled = SentenceEncoder.locate(from: PackageRoot.url) != nil
        || !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    static func withEncoder(_ dataset: String) -> Bool { SharedDatasets.present(dataset) && encoderEnabled }
}

@Suite(.serialized) struct BenchmarkRegressionTests {
    @Test(.enabled(if: SharedDatasets.present(Benchmark.clinc), "../shared/datasets/clinc150 is absent: CLINC150 regression skipped"))
    func clinc150Full() throws {
        let data = try DatasetLoader.load(path: SharedDatasets.path(Benchmark.clinc))
        let (model, summary) = try IntentTrainer.train(data.train, validation: data.validation, settings: .recommended)
        #expect(summary.labels == 151)
        let test = try #require(data.test)
        let m = IntentEvaluator.evaluate(model, on: test, modelName: "clinc", dataName: "clinc150", split: "test").metrics
        // Measured with the defaults: in-scope 92.2, OOS recall 53–60, OOS precision 86–87.
        #expect(try #require(m.inScopeAccuracy) >= 0.905)
        #expect(try #require(m.outOfScopeRecall) >= 0.45)
        #expect(try #require(m.outOfScopePrecision) >= 0.80)
    }

    /// The default recipe: n-grams plus the sentence encoder's embedding.
    @Test(.enabled(if: Benchmark.withEncoder(Benchmark.clinc), "../shared/datasets/clinc150 or the encoder (Scripts/setup) is absent: skipped"))
    func clinc150FullWithTheEncoder() throws {
        let data = try DatasetLoader.load(path: SharedDatasets.path(Benchmark.clinc))
        let settings = IntentTrainingSettings.recommended(with: try EncoderRegistry.shared.load())
        let (model, _) = try IntentTrainer.train(data.train, validation: data.validation, settings: settings)
        let test = try #require(data.test)
        let m = IntentEvaluator.evaluate(model, on: test, modelName: "clinc", dataName: "clinc150", split: "test").metrics
        // Measured: in-scope 95.69, OOS recall 63.8, OOS precision 93.3 (targets 95.5 / 60 / 90).
        #expect(try #require(m.inScopeAccuracy) >= 0.952)
        #expect(try #require(m.outOfScopeRecall) >= 0.58)
        #expect(try #require(m.outOfScopePrecision) >= 0.89)
    }

    @Test(.enabled(if: Benchmark.withEncoder(Benchmark.snips), "../shared/datasets/snips-joint or the encoder (Scripts/setup) is absent: skipped"))
    func snipsJointIntentsWithTheEncoder() throws {
        let data = try DatasetLoader.load(path: SharedDatasets.path(Benchmark.snips))
        let settings = IntentTrainingSettings.recommended(with: try EncoderRegistry.shared.load())
        let (model, _) = try IntentTrainer.train(data.train, validation: data.validation, settings: settings)
        let test = try #require(data.test)
        let m = IntentEvaluator.evaluate(model, on: test, modelName: "snips", dataName: "snips-joint", split: "test").metrics
        // Measured: 97.29 (the target of 98.6 is not reached; see README).
        #expect(m.accuracy >= 0.965)
    }

    @Test(.enabled(if: SharedDatasets.present(Benchmark.snips), "../shared/datasets/snips-joint is absent: SNIPS regression skipped"))
    func snipsJointIntents() throws {
        let data = try DatasetLoader.load(path: SharedDatasets.path(Benchmark.snips))
        let (model, _) = try IntentTrainer.train(data.train, validation: data.validation, settings: .recommended)
        let test = try #require(data.test)
        let m = IntentEvaluator.evaluate(model, on: test, modelName: "snips", dataName: "snips-joint", split: "test").metrics
        // Measured with the defaults: 97.3 (the target of 98.3 is not reached yet).
        #expect(m.accuracy >= 0.96)
    }

    @Test(.enabled(if: SharedDatasets.present(Benchmark.snips), "../shared/datasets/snips-joint is absent: SNIPS slot regression skipped"))
    func snipsJointSlots() throws {
        let data = try DatasetLoader.load(path: SharedDatasets.path(Benchmark.snips))
        let (model, summary) = try NLUTrainer.train(data.train, validation: data.validation)
        #expect(summary.tagger?.misalignedSpans == 0)
        let test = try #require(data.test)
        let reference = ReferenceTime(date: CalendarDate(year: 2026, month: 11, day: 23))
        let report = NLUEvaluator.evaluate(model, on: test, modelName: "snips", dataName: "snips-joint", split: "test", reference: reference)
        let slots = try #require(report.slots)
        // Measured with the defaults: slot F1 94.35, frame accuracy 86.29 (targets 94.0 / 86.0).
        #expect(slots.slotF1 >= 0.93)
        #expect(slots.frameAccuracy >= 0.845)
    }

    @Test(.enabled(if: SharedDatasets.present(Benchmark.clinc), "../shared/datasets/clinc150 is absent"))
    func cblasAndPlainSwiftTrainTheSameModel() throws {
        // A slice of CLINC150: enough for the dense BLAS block to matter.
        let data = try DatasetLoader.load(path: SharedDatasets.path(Benchmark.clinc))
        let train = Array(data.train.filter { !OutOfScope.isOutOfScope($0.intent) }.prefix(3000))
        var settings = IntentTrainingSettings.recommended
        settings.logisticRegression.epochs = 3
        settings.logisticRegression.minimumSteps = 0
        let (a, _) = try IntentTrainer.train(train, settings: settings, math: CBLASMath())
        let (b, _) = try IntentTrainer.train(train, settings: settings, math: PlainMath())
        var worst: Float = 0
        var largest: Float = 0
        for (x, y) in zip(a.scores.weights, b.scores.weights) {
            worst = max(worst, abs(x - y))
            largest = max(largest, abs(x))
        }
        #expect(largest > 0)
        #expect(worst <= 1e-3 * largest)
    }
}

/// Real chat logs are skewed: one intent can hold most examples. The default recipe must
/// not let the big intent drown the small ones (Scripts/bench/make_skewed.py writes the
/// same variants for the benchmarks).
@Suite(.serialized) struct SkewedDataRegressionTests {
    /// One intent holds 70% of the examples (repeated where it has too few); every other
    /// intent keeps `keep` of its examples. The control: the same subsample with the big
    /// intent cut to the same share, no skew.
    static func variants(_ train: [Utterance], keep: Double = 0.3, seed: UInt64 = 7) -> (skewed: [Utterance], control: [Utterance]) {
        var rng = SeededGenerator(seed: seed)
        let byIntent = Dictionary(grouping: train, by: \.intent)
        let big = byIntent.keys.sorted().max { (byIntent[$0]!.count, $1) < (byIntent[$1]!.count, $0) }!
        var others: [Utterance] = []
        for intent in byIntent.keys.sorted() where intent != big {
            let members = byIntent[intent]!.shuffled(using: &rng)
            others += members.prefix(max(5, Int((Double(members.count) * keep).rounded())))
        }
        let bigMembers = byIntent[big]!.shuffled(using: &rng)
        let need = Int((Double(others.count) * 0.7 / 0.3).rounded())
        let repeated = (0..<need).map { bigMembers[$0 % bigMembers.count] }
        let control = Array(bigMembers.prefix(max(5, Int((Double(bigMembers.count) * keep).rounded()))))
        return (others + repeated, others + control)
    }

    @Test(.enabled(if: Benchmark.withEncoder(Benchmark.snips), "../shared/datasets/snips-joint or the encoder (Scripts/setup) is absent: skipped"))
    func snipsSkewedKeepsMacroF1() throws {
        let data = try DatasetLoader.load(path: SharedDatasets.path(Benchmark.snips))
        let (skewed, control) = Self.variants(data.train)
        #expect(Double(skewed.filter { $0.intent == skewed.last!.intent }.count) / Double(skewed.count) > 0.69)
        let settings = IntentTrainingSettings.recommended(with: try EncoderRegistry.shared.load())
        let test = try #require(data.test)
        func macroF1(_ train: [Utterance]) throws -> Double {
            let (model, _) = try IntentTrainer.train(train, validation: data.validation, settings: settings)
            return IntentEvaluator.evaluate(model, on: test, modelName: "", dataName: "", split: "test").metrics.macroF1
        }
        let skewedF1 = try macroF1(skewed), controlF1 = try macroF1(control)
        // Measured: 96.93 skewed against 96.63 for the control (without class weighting the
        // n-gram model falls to 95.82 against 96.92).
        #expect(skewedF1 >= controlF1 - 0.02, "skewed \(skewedF1) against control \(controlF1)")
        #expect(controlF1 >= 0.95)
    }
}
