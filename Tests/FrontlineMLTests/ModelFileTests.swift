import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

@Suite struct ModelFileTests {
    static func settings(_ algorithm: IntentAlgorithm) -> IntentTrainingSettings {
        IntentTrainingSettings(
            features: Fixture.features, algorithm: algorithm,
            logisticRegression: LogisticRegression.Settings(optimizer: .adam, epochs: 10, batchSize: 16))
    }

    static func train(_ algorithm: IntentAlgorithm) throws -> IntentClassifier {
        // Validation data given, so the gate is tuned once rather than by cross-validation.
        try IntentTrainer.train(
            Fixture.utterances, validation: Array(Fixture.utterances.prefix(10)),
            settings: settings(algorithm), workers: 2).0
    }

    static let probes = [
        "what is my balance", "I lost my card", "send money to mum", "when do you open",
        "tell me a joke", "Café ÜBER 42!", "", "zzzz qqqq",
    ]

    func files(_ url: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            out[name] = try Data(contentsOf: url.appendingPathComponent(name))
        }
        return out
    }

    func loadError(_ url: URL) -> ModelError? {
        do {
            _ = try ModelFile.load(from: url)
            Issue.record("loading \(url.path) should fail")
        } catch let error as ModelError {
            return error
        } catch {
            Issue.record("expected a ModelError, got \(error)")
        }
        return nil
    }

    @Test(arguments: IntentAlgorithm.allCases)
    func roundTrip(algorithm: IntentAlgorithm) throws {
        let dir = try TemporaryFolder()
        let model = try Self.train(algorithm)
        try ModelFile.save(model, settings: Self.settings(algorithm), trainingData: Fixture.utterances, to: dir.url)
        let (loaded, manifest) = try ModelFile.load(from: dir.url)

        #expect(manifest.formatVersion == ModelFile.formatVersion)
        #expect(manifest.labels == model.labels)
        #expect(manifest.trainingExamples == Fixture.utterances.count)
        #expect(manifest.trainingDataHash == ModelFile.dataHash(Fixture.utterances))
        #expect(loaded.labels == model.labels)
        #expect(loaded.algorithm == algorithm)
        #expect(loaded.gate == model.gate)
        #expect(loaded.featurizer.vocabulary.keys == model.featurizer.vocabulary.keys)
        #expect(loaded.featurizer.idf == model.featurizer.idf)
        #expect(loaded.featurizer.settings == model.featurizer.settings)
        #expect(loaded.scores.weights == model.scores.weights)
        #expect(loaded.scores.bias == model.scores.bias)
        #expect(loaded.scores.mass == model.scores.mass)
        #expect((model.scores.mass != nil) == (algorithm == .naiveBayes))
        if algorithm == .naiveBayes {
            let a = try #require(model.naiveBayes), b = try #require(loaded.naiveBayes)
            #expect(a.featureTotals == b.featureTotals)
            #expect(a.classExamples == b.classExamples)
            #expect(a.variant == b.variant && a.alpha == b.alpha)
        } else {
            #expect(loaded.naiveBayes == nil)
        }
        for text in Self.probes {
            #expect(loaded.probabilities(text) == model.probabilities(text), "\(text)")
            #expect(loaded.predict(text) == model.predict(text), "\(text)")
        }
    }

    @Test func savingTwiceIsByteIdentical() throws {
        let dir = try TemporaryFolder()
        let model = try Self.train(.logisticRegression)
        let settings = Self.settings(.logisticRegression)
        try ModelFile.save(model, settings: settings, trainingData: Fixture.utterances, to: dir.url("a"))
        try ModelFile.save(model, settings: settings, trainingData: Fixture.utterances, to: dir.url("b"))
        // Retraining from scratch with the same data and settings writes the same bytes too.
        try ModelFile.save(try Self.train(.logisticRegression), settings: settings, trainingData: Fixture.utterances, to: dir.url("c"))
        let a = try files(dir.url("a"))
        #expect(Set(a.keys).isSuperset(of: ["manifest.json", "vocabulary.bin", "idf.bin", "weights.bin", "bias.bin"]))
        #expect(try files(dir.url("b")) == a)
        #expect(try files(dir.url("c")) == a)
    }

    func editManifest(_ dir: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = dir.appendingPathComponent("manifest.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    @Test func olderAndNewerFormatVersions() throws {
        let dir = try TemporaryFolder()
        let model = try Self.train(.naiveBayes)
        try ModelFile.save(model, settings: Self.settings(.naiveBayes), trainingData: [], to: dir.url)
        #expect(throws: Never.self) { _ = try ModelFile.load(from: dir.url) }

        try editManifest(dir.url) { $0["formatVersion"] = 0 }
        let older = try #require(loadError(dir.url))
        #expect(older.description.contains("older"), "\(older)")
        #expect(older.description.contains("retrain"), "\(older)")
        #expect(older.path.hasSuffix("manifest.json"))

        try editManifest(dir.url) { $0.removeValue(forKey: "formatVersion") }
        let missing = try #require(loadError(dir.url))
        #expect(missing.description.contains("older") && missing.description.contains("retrain"), "\(missing)")

        try editManifest(dir.url) { $0["formatVersion"] = ModelFile.formatVersion + 1 }
        let newer = try #require(loadError(dir.url))
        #expect(newer.description.contains("newer"), "\(newer)")

        try editManifest(dir.url) { $0["format"] = "something-else"; $0["formatVersion"] = ModelFile.formatVersion }
        let foreign = try #require(loadError(dir.url))
        #expect(foreign.description.contains("not a Frontline intent model"), "\(foreign)")
    }

    @Test func corruptBlobFailsTheChecksum() throws {
        let dir = try TemporaryFolder()
        let model = try Self.train(.logisticRegression)
        try ModelFile.save(model, settings: Self.settings(.logisticRegression), trainingData: [], to: dir.url)
        let weights = dir.url.appendingPathComponent("weights.bin")
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: weights)
        let error = try #require(loadError(dir.url))
        #expect(error.description.contains("checksum"), "\(error)")
        #expect(error.description.contains("weights"), "\(error)")
        #expect(error.path.hasSuffix("weights.bin"))

        // A truncated blob is reported by size.
        try ModelFile.save(model, settings: Self.settings(.logisticRegression), trainingData: [], to: dir.url)
        let idf = dir.url.appendingPathComponent("idf.bin")
        try Data(contentsOf: idf).dropLast(4).write(to: idf)
        let short = try #require(loadError(dir.url))
        #expect(short.description.contains("idf"), "\(short)")
    }

    @Test func missingManifestOrBlob() throws {
        let dir = try TemporaryFolder()
        let error = try #require(loadError(dir.url))
        #expect(error.path.hasSuffix("manifest.json"))
        #expect(error.description.contains("manifest.json is missing"), "\(error)")

        let model = try Self.train(.logisticRegression)
        try ModelFile.save(model, settings: Self.settings(.logisticRegression), trainingData: [], to: dir.url)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("bias.bin"))
        let blob = try #require(loadError(dir.url))
        #expect(blob.description.contains("\"bias\" is missing"), "\(blob)")
    }

    @Test func dataHashTracksContent() {
        let a = [Utterance(text: "hi", intent: "greet")]
        #expect(ModelFile.dataHash(a) == ModelFile.dataHash(a))
        #expect(ModelFile.dataHash(a) != ModelFile.dataHash([Utterance(text: "hi", intent: "bye")]))
        #expect(ModelFile.dataHash(a) != ModelFile.dataHash([Utterance(text: "hi", intent: "greet", slots: [SlotSpan(slot: "s", start: 0, end: 2)])]))
        // Field boundaries matter: ("ab", "c") is not ("a", "bc").
        #expect(ModelFile.dataHash([Utterance(text: "ab", intent: "c")]) != ModelFile.dataHash([Utterance(text: "a", intent: "bc")]))
    }
}
