import Foundation
import FrontlineTestFiles
import Synchronization
import Testing
@testable import FrontlineML

/// A deterministic stand-in for a sentence encoder: each word hashes to a few signed
/// coordinates, summed and L2-normalised. Counts the texts it was asked to embed.
final class HashingEmbedder: TextEmbedder, Sendable {
    let name = "hashing-test-encoder"
    let fingerprint: String
    let dimension: Int
    private let embedded = Mutex(0)

    init(dimension: Int = 16, fingerprint: String = "test-\(UUID().uuidString)") {
        self.dimension = dimension
        self.fingerprint = fingerprint
    }

    var textsEmbedded: Int { embedded.withLock { $0 } }

    func embed(_ texts: [String]) -> [[Float]] {
        embedded.withLock { $0 += texts.count }
        return texts.map { text in
            var v = [Float](repeating: 0, count: dimension)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                var h: UInt64 = 1469598103934665603
                for b in word.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
                for k in 0..<3 {
                    let j = Int((h >> (8 * UInt64(k))) % UInt64(dimension))
                    v[j] += (h >> (40 + UInt64(k))) & 1 == 0 ? 1 : -1
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? v.map { $0 / norm } : v
        }
    }
}

@Suite struct DenseBlockTests {
    static func settings(_ embedder: any TextEmbedder, weight: Float = 2) -> FeatureSettings {
        var s = Fixture.features
        s.dense = DenseFeatureSettings(embedder: embedder, weight: weight)
        return s
    }

    @Test func theBlockComesFirstAndTheNgramsFollowUnchanged() {
        let embedder = HashingEmbedder()
        let texts = Fixture.utterances.map(\.text)
        let (plain, plainX) = TextFeaturizer.fit(texts, settings: Fixture.features, workers: 1)
        let (dense, denseX) = TextFeaturizer.fit(texts, settings: Self.settings(embedder, weight: 3), embedder: embedder, workers: 2)
        #expect(dense.denseWidth == 16)
        #expect(dense.featureCount == plain.featureCount + 16)
        #expect(denseX.columnCount == dense.featureCount)
        let vectors = embedder.embed(texts)
        for i in texts.indices {
            let row = denseX.row(i), plainRow = plainX.row(i)
            #expect(Array(row.indices.prefix(16)) == (0..<16).map(Int32.init))
            #expect(maxDifference(Array(row.values.prefix(16)), vectors[i].map { $0 * 3 }) < 1e-6)
            #expect(Array(row.indices.dropFirst(16)) == plainRow.indices.map { $0 + 16 })
            #expect(Array(row.values.dropFirst(16)) == plainRow.values)
            // One text, a batch, and the n-gram part agree with the fitted rows.
            #expect(dense.transform(texts[i]) == row)
            #expect(dense.ngramPart(row).indices == plainRow.indices.map { $0 + 16 })
            #expect(dense.ngrams(texts[i]) == dense.ngramPart(row))
        }
        let batch = dense.transform(texts, workers: 3)
        for i in texts.indices { #expect(batch.row(i) == denseX.row(i)) }
    }

    /// The objective's gradient on rows with a signed, always-present dense block, against
    /// central differences of the objective in Double.
    @Test func gradientOverTheDenseBlockMatchesFiniteDifferences() {
        let embedder = HashingEmbedder(dimension: 6)
        let data = Array(Fixture.utterances.prefix(24))
        let labelNames = Array(Set(data.map(\.intent))).sorted()
        let labels = data.map { labelNames.firstIndex(of: $0.intent)! }
        var settings = Self.settings(embedder, weight: 1.5)
        settings.hasher = NgramHasher(wordNgrams: 1...1, charNgrams: nil)
        let (_, x) = TextFeaturizer.fit(data.map(\.text), settings: settings, embedder: embedder, workers: 1)
        let k = labelNames.count, d = x.columnCount
        var rng = SeededGenerator(seed: 3)
        let model = LinearScores(featureCount: d, classCount: k, weights: rng.floats(d * k, -0.3...0.3), bias: rng.floats(k, -0.3...0.3))
        let weights = [Float](repeating: 1, count: data.count)
        let objective = SoftmaxObjective(x: x, labels: labels, sampleWeights: weights, classCount: k, l2: 0.01)
        let (_, gradient) = objective.evaluate(model, math: CBLASMath(), workers: 1)
        func value(_ w: [Float]) -> Double {
            var total = 0.0
            for i in 0..<x.rowCount {
                var z = model.bias.map(Double.init)
                let row = x.row(i)
                for (j, v) in zip(row.indices, row.values) {
                    for c in 0..<k { z[c] += Double(v) * Double(w[Int(j) * k + c]) }
                }
                let top = z.max()!
                total += log(z.reduce(0) { $0 + exp($1 - top) }) + top - z[labels[i]]
            }
            return total / Double(x.rowCount) + 0.005 * w.reduce(0) { $0 + Double($1) * Double($1) }
        }
        // Every weight of the dense block (6 columns × k classes).
        for p in 0..<(6 * k) {
            var plus = model.weights, minus = model.weights
            plus[p] += 1e-3
            minus[p] -= 1e-3
            let fd = (value(plus) - value(minus)) / (Double(plus[p]) - Double(minus[p]))
            #expect(abs(Double(gradient.weights[p]) - fd) <= 1e-3 * abs(fd) + 1e-5, "weight \(p): \(gradient.weights[p]) vs \(fd)")
        }
    }

    /// Adam's BLAS block and its sparse tail compute the same thing: training with the dense
    /// block inside the BLAS part or entirely in the sparse path gives the same model.
    @Test func adamTrainsTheBlockTheSameThroughBLASOrSparse() {
        let embedder = HashingEmbedder(dimension: 8)
        let data = Fixture.utterances
        let labelNames = Array(Set(data.map(\.intent))).sorted()
        let labels = data.map { labelNames.firstIndex(of: $0.intent)! }
        let (_, x) = TextFeaturizer.fit(data.map(\.text), settings: Self.settings(embedder), embedder: embedder, workers: 1)
        var settings = LogisticRegression.Settings(epochs: 5, minimumSteps: 20, batchSize: 8, classWeighting: .none, denseFeatures: 0)
        let weights = [Float](repeating: 1, count: data.count)
        let sparse = LogisticRegression.fit(x, labels: labels, classCount: labelNames.count, settings: settings, sampleWeights: weights, workers: 1)
        settings.denseFeatures = 8 + 40
        let blas = LogisticRegression.fit(x, labels: labels, classCount: labelNames.count, settings: settings, sampleWeights: weights, workers: 1)
        // Adam divides by √v, which magnifies float rounding: the same bound as the
        // OpenBLAS-against-plain-Swift regression check.
        let scale = sparse.weights.map(abs).max()!
        #expect(scale > 0.01)
        #expect(maxDifference(sparse.weights, blas.weights) <= 1e-3 * scale)
        #expect(maxDifference(sparse.bias, blas.bias) <= 1e-3 * scale)
    }

    @Test func aTrainedModelRoundTripsAndRefusesAnotherEncoder() throws {
        let embedder = HashingEmbedder()
        EncoderRegistry.shared.register(embedder)
        var settings = IntentTrainingSettings.recommended
        settings.features = Self.settings(embedder)
        let (model, _) = try IntentTrainer.train(Fixture.utterances, settings: settings, workers: 1)
        #expect(model.featurizer.denseWidth == 16)
        let folder = try TemporaryFolder()
        try ModelFile.save(model, settings: settings, trainingData: Fixture.utterances, to: folder.url)
        let (loaded, manifest) = try ModelFile.load(from: folder.url)
        #expect(manifest.features.dense?.fingerprint == embedder.fingerprint)
        let texts = ["freeze my card", "how much money is in savings", "tell me a joke please"]
        for text in texts {
            #expect(maxDifference(loaded.probabilities(text), model.probabilities(text)) < 1e-6)
        }
        // Batch and one-by-one predictions agree (the batch path scores the block through BLAS).
        let batch = loaded.predict(batch: texts)
        for (text, p) in zip(texts, batch) { #expect(p.intent == loaded.predict(text).intent) }

        // The same manifest naming an encoder this machine doesn't have: a clear refusal.
        let url = folder.url.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: embedder.fingerprint, with: "no-such-fingerprint")
            .replacingOccurrences(of: embedder.name, with: "no-such-encoder")
            .write(to: url, atomically: true, encoding: .utf8)
        #expect {
            _ = try ModelFile.load(from: folder.url)
        } throws: { error in
            let message = String(describing: error)
            return message.contains("no-such-encoder") && message.contains("Scripts/setup")
        }
    }

    @Test func naiveBayesRefusesTheDenseBlock() {
        let embedder = HashingEmbedder()
        EncoderRegistry.shared.register(embedder)
        var settings = IntentTrainingSettings.recommended
        settings.features = Self.settings(embedder)
        settings.algorithm = .naiveBayes
        #expect(throws: TrainingError.denseBlockNeedsLogisticRegression) {
            _ = try IntentTrainer.train(Fixture.utterances, settings: settings, workers: 1)
        }
    }
}

@Suite struct EmbeddingCacheTests {
    @Test func hitsGiveIdenticalVectorsAndEncodeEachTextOnce() throws {
        let base = HashingEmbedder()
        let cache = try EmbeddingCache(base: base)
        let first = cache.embed(["Where is my order", "where is  my ORDER", "hello"])
        #expect(base.textsEmbedded == 2)  // the first two are the same text to the encoder
        #expect(first[0] == first[1])
        let again = cache.embed(["hello", "where is my order", "new text"])
        #expect(base.textsEmbedded == 3)
        #expect(again[0] == first[2] && again[1] == first[0])
        #expect(again[2] == base.embed(["new text"])[0])
        // Hits count texts found in the cache; a repeat inside one call is encoded once but is no hit.
        #expect(cache.statistics.hits == 2)
    }

    @Test func theInMemoryPartStaysBounded() throws {
        let base = HashingEmbedder()
        let cache = try EmbeddingCache(base: base, capacity: 10)
        for i in 0..<100 { _ = cache.embed(["text \(i)"]) }
        _ = cache.embed(["text 99"])  // among the newest: still there
        #expect(base.textsEmbedded == 100)
        _ = cache.embed(["text 0"])  // long gone
        #expect(base.textsEmbedded == 101)
    }

    @Test func theFileRoundTripsAndSurvivesATornRecord() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("cache.bin")
        let base = HashingEmbedder(fingerprint: "fixed")
        let texts = (0..<20).map { "sentence number \($0)" }
        let vectors = try EmbeddingCache(base: base, file: file).embed(texts)
        // A crash mid-append leaves a partial record: it is dropped, the rest read back.
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([9, 0, 0, 0, 65, 66]))
        try handle.close()
        let reopened = try EmbeddingCache(base: base, file: file)
        #expect(reopened.embed(texts) == vectors)
        #expect(base.textsEmbedded == 20)
        _ = reopened.embed(["one more"])
        let third = try EmbeddingCache(base: base, file: file)
        _ = third.embed(texts + ["one more"])
        #expect(base.textsEmbedded == 21)
        // A cache written for other weights is refused.
        #expect(throws: ModelError.self) {
            _ = try EmbeddingCache(base: HashingEmbedder(fingerprint: "other"), file: file)
        }
    }
}

@Suite struct BatchingEmbedderTests {
    @Test func concurrentCallersShareOneBatchAndGetTheirOwnVectors() async {
        let base = HashingEmbedder()
        // The batch closes when 20 texts have arrived: no timing in the outcome.
        let batcher = BatchingEmbedder(base: base, maxWait: .seconds(30), maxBatch: 20)
        let texts = (0..<20).map { "customer message number \($0)" }
        let vectors = await withTaskGroup(of: (Int, [Float]).self) { group in
            for (i, text) in texts.enumerated() { group.addTask { (i, await batcher.embed(text)) } }
            var out = [[Float]](repeating: [], count: texts.count)
            for await (i, v) in group { out[i] = v }
            return out
        }
        #expect(vectors == base.embed(texts))
        #expect(batcher.statistics.batches == 1)
        #expect(batcher.statistics.texts == 20)
    }

    @Test func aLoneCallerIsServedAfterTheWait() async throws {
        let base = HashingEmbedder()
        let batcher = BatchingEmbedder(base: try EmbeddingCache(base: base), maxWait: .milliseconds(1), maxBatch: 32)
        let v = await batcher.embed("hello there")
        #expect(v == base.embed(["hello there"])[0])
        // The second time the cache answers without a batch.
        let again = await batcher.embed("Hello  there")
        #expect(again == v)
        #expect(batcher.statistics.batches == 1)
    }
}
