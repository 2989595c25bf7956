import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

@Suite struct StaticTokenVectorsTests {
    /// A tiny WordPiece vocabulary, so the table tests need no encoder weights.
    static func tinyTokenizer(in folder: URL) throws -> WordPieceTokenizer {
        let json = """
        {"normalizer": {"type": "BertNormalizer", "lowercase": true},
         "model": {"type": "WordPiece", "unk_token": "[UNK]",
                   "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "freeze": 4, "my": 5, "card": 6, "##s": 7}}}
        """
        let url = folder.appendingPathComponent("tokenizer.json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        return try WordPieceTokenizer(tokenizerJSON: url)
    }

    static func fakeTable(_ tokenizer: WordPieceTokenizer, dimension: Int = 5) -> StaticTokenVectors {
        var rng = SeededGenerator(seed: 99)
        let rows = tokenizer.vocabularySize
        let table = (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &rng) }
        return StaticTokenVectors(encoderName: "tiny", encoderFingerprint: "fnv1a64:0123-4567", tokenizer: tokenizer, table: table, rows: rows, dimension: dimension)
    }

    @Test func embedIsTheNormalisedMeanOfTheWordPieceRows() throws {
        let folder = try TemporaryFolder()
        let vectors = Self.fakeTable(try Self.tinyTokenizer(in: folder.url))
        #expect(vectors.name == "tiny-static256")
        #expect(vectors.fingerprint == "fnv1a64:0123-4567-static256")
        // "Freeze my cards" → freeze, my, card, ##s (ids 4 5 6 7); [CLS]/[SEP] are left out.
        let d = vectors.dimension
        var mean = [Float](repeating: 0, count: d)
        for id in [4, 5, 6, 7] { for j in 0..<d { mean[j] += vectors.table[id * d + j] / 4 } }
        let norm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let v = vectors.embed(["Freeze my cards"])[0]
        for j in 0..<d { #expect(abs(v[j] - mean[j] / norm) < 1e-6) }
        // An unknown word is [UNK]'s row; no word pieces at all is the zero vector.
        let unknown = vectors.vector("zebra")
        let unkRow = Array(vectors.table[(1 * d)..<(2 * d)])
        let unkNorm = unkRow.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for j in 0..<d { #expect(abs(unknown[j] - unkRow[j] / unkNorm) < 1e-6) }
        #expect(vectors.vector("   ").allSatisfy { $0 == 0 })
    }

    @Test func theTableFileRoundTripsAndRefusesDamage() throws {
        let folder = try TemporaryFolder()
        let tokenizer = try Self.tinyTokenizer(in: folder.url)
        let vectors = Self.fakeTable(tokenizer)
        let url = folder.url.appendingPathComponent(StaticTokenVectors.fileName(encoderFingerprint: vectors.encoderFingerprint))
        try vectors.write(to: url)
        let loaded = try StaticTokenVectors(file: url, encoderName: "tiny", tokenizer: tokenizer)
        #expect(loaded.table == vectors.table)
        #expect(loaded.fingerprint == vectors.fingerprint)
        #expect(loaded.dimension == vectors.dimension)
        #expect(loaded.embed(["freeze my card"]) == vectors.embed(["freeze my card"]))

        // A truncated file is refused with its path and what was expected.
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 4).write(to: url)
        #expect {
            _ = try StaticTokenVectors(file: url, encoderName: "tiny", tokenizer: tokenizer)
        } throws: { error in
            let message = String(describing: error)
            return message.contains(url.path) && message.contains("floats after the header")
        }
        try Data("not a table".utf8).write(to: url)
        #expect(throws: EncoderError.self) { _ = try StaticTokenVectors(file: url, encoderName: "tiny", tokenizer: tokenizer) }
    }
}

/// With the real encoder: derivation (or the table derived before) and a model trained on it.
@Suite("Static vectors from the real encoder", .enabled(if: EncoderFixture.enabled, .init(rawValue: EncoderFixture.skipMessage)))
struct StaticTokenVectorsEncoderTests {
    @Test func aModelTrainedWithStaticVectorsSavesLoadsAndPredictsTheSame() throws {
        let vectors = try EncoderRegistry.shared.loadStaticVectors(near: EncoderFixture.repoRoot)
        #expect(vectors.dimension == 256)
        #expect(vectors.rows == vectors.tokenizer.vocabularySize)
        // Related texts are closer than unrelated ones.
        let v = vectors.embed(["freeze my credit card", "block my card", "what is the weather tomorrow"])
        func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]))

        var settings = IntentTrainingSettings.recommended(with: vectors)
        settings.features.dense?.kind = .staticVectors
        let (model, _) = try IntentTrainer.train(Fixture.utterances, settings: settings, workers: 1)
        #expect(model.featurizer.denseWidth == 256)
        let modelFolder = try TemporaryFolder()
        try ModelFile.save(model, settings: settings, trainingData: Fixture.utterances, to: modelFolder.url)
        let (loaded, manifest) = try ModelFile.load(from: modelFolder.url)
        #expect(manifest.features.dense?.kind == .staticVectors)
        #expect(manifest.features.dense?.fingerprint == vectors.fingerprint)
        for text in ["freeze my card", "how much money is in savings", "tell me a joke please"] {
            #expect(maxDifference(loaded.probabilities(text), model.probabilities(text)) < 1e-6)
            #expect(loaded.predict(text).intent == model.predict(text).intent)
        }

        // The registry's load path from a manifest: reads the table file, checks fingerprints.
        var wrong = try #require(settings.features.dense)
        wrong.fingerprint = "fnv1a64:0000-0000-static256"
        #expect {
            _ = try EncoderRegistry.shared.embedder(for: wrong, near: EncoderFixture.repoRoot)
        } throws: { error in String(describing: error).contains("differs from the one the model was trained with") }
    }
}
