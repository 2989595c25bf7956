import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML

/// In-process measurements for Scripts/bench/intent.sh (hidden from --help).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-intent",
        abstract: "Benchmark intent training and prediction on a data set (used by Scripts/bench/intent.sh).",
        shouldDisplay: false)

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Comma-separated: logreg-cblas, logreg-swift, nb, logreg-encoder (n-grams + the sentence encoder: the default recipe).")
    var runs: String = "logreg-cblas,logreg-swift,nb"

    @Option(name: .long, help: "Seconds to spend measuring batched throughput.")
    var throughputSeconds: Double = 2

    @Option(name: .long, help: "Worker threads for training.")
    var threads: Int?

    struct Result: Encodable {
        var run: String
        var examples: Int
        var features: Int
        var trainSeconds: Double
        var accuracy: Double
        var inScopeAccuracy: Double?
        var oosRecall: Double?
        var oosPrecision: Double?
        var predictMedianMicroseconds: Double
        var predictP99Microseconds: Double
        /// predict() called once per text in a loop, one thread.
        var utterancesPerSecondOneCore: Double
        /// predict(batch:) over the whole test split, one thread.
        var utterancesPerSecondBatched: Double
        /// logreg-encoder: training again on the same data, every text's embedding cached.
        var trainSecondsWarmCache: Double?
        /// logreg-encoder: the encoder's share of one text's predict (median, one text per call, uncached).
        var encoderMedianMicroseconds: Double?
    }

    func run() throws {
        // Nothing from earlier runs: the first training is from a cold cache, the second from a warm one.
        EncoderRegistry.shared.keepEmbeddingsOnDisk(false)
        EncoderRegistry.shared.keepInMemory(2_000_000)  // the warm run finds every text
        let dataset = try dataOptions.load()
        guard let test = dataset.test, !test.isEmpty else { throw ValidationError("the data has no test split") }
        let clock = ContinuousClock()
        let workers = threads ?? Parallel.defaultWorkers
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for name in runs.split(separator: ",").map(String.init) {
            var settings = IntentTrainingSettings.recommended
            let math: any DenseMath
            switch name {
            case "logreg-cblas": settings.algorithm = .logisticRegression; math = CBLASMath()
            case "logreg-swift": settings.algorithm = .logisticRegression; math = PlainMath()
            case "nb": settings.algorithm = .naiveBayes; math = CBLASMath()
            case "logreg-encoder": settings = .recommended(with: try EncoderRegistry.shared.load()); math = CBLASMath()
            default: throw ValidationError("unknown run \(name)")
            }
            let (model, summary) = try IntentTrainer.train(
                dataset.train, validation: dataset.validation, settings: settings, math: math, workers: workers)
            let trainSeconds = summary.totalSeconds
            var warmSeconds: Double?
            var encoderMicros: Double?
            if let embedder = model.featurizer.embedder {
                let start = clock.now
                _ = try IntentTrainer.train(dataset.train, validation: dataset.validation, settings: settings, math: math, workers: workers)
                warmSeconds = IntentTrainer.seconds(clock.now - start)
                // The encoder alone on single texts, bypassing the cache.
                let base = (embedder as? EmbeddingCache)?.base ?? embedder
                var times: [Double] = []
                for u in test.prefix(300) {
                    let t0 = clock.now
                    _ = base.embed([u.text])
                    times.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
                }
                encoderMicros = times.sorted()[times.count / 2]
            }
            let report = IntentEvaluator.evaluate(model, on: test, modelName: name, dataName: dataOptions.data, split: "test")

            // Single-utterance latency: every test utterance, three rounds, featurisation included.
            var micros: [Double] = []
            for _ in 0..<3 {
                for u in test {
                    let t0 = clock.now
                    let p = model.predict(u.text)
                    micros.append(IntentTrainer.seconds(clock.now - t0) * 1e6)
                    precondition(!p.intent.name.isEmpty)
                }
            }
            micros.sort()
            // Batched throughput on this one thread.
            var done = 0
            let texts = test.map(\.text)
            let t0 = clock.now
            var sink = 0
            while IntentTrainer.seconds(clock.now - t0) < throughputSeconds {
                for t in texts { sink &+= model.predict(t).outOfScope ? 1 : 0 }
                done += texts.count
            }
            let perSecond = Double(done) / IntentTrainer.seconds(clock.now - t0)
            var batchedDone = 0
            let t1 = clock.now
            while IntentTrainer.seconds(clock.now - t1) < throughputSeconds {
                for p in model.predict(batch: texts) { sink &+= p.outOfScope ? 1 : 0 }
                batchedDone += texts.count
            }
            let batchedPerSecond = Double(batchedDone) / IntentTrainer.seconds(clock.now - t1)
            let m = report.metrics
            let result = Result(
                run: name, examples: summary.examples, features: summary.features, trainSeconds: trainSeconds,
                accuracy: m.accuracy, inScopeAccuracy: m.inScopeAccuracy, oosRecall: m.outOfScopeRecall,
                oosPrecision: m.outOfScopePrecision, predictMedianMicroseconds: micros[micros.count / 2],
                predictP99Microseconds: micros[min(micros.count - 1, micros.count * 99 / 100)],
                utterancesPerSecondOneCore: perSecond + Double(sink & 0),
                utterancesPerSecondBatched: batchedPerSecond, trainSecondsWarmCache: warmSeconds,
                encoderMedianMicroseconds: encoderMicros)
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
    }
}
