import Foundation

/// A trained intent model on disk: `manifest.json` (format version, settings,
/// labels, gate thresholds, data hash, blob checksums) next to little-endian
/// binary blobs. Nothing in it depends on the time or machine of training, so
/// training the same data with the same settings writes the same bytes.
public enum ModelFile {
    public static let format = "frontline-intent-model"
    /// Bump on any change to what the files mean; older models then get a clear error.
    public static let formatVersion = 1

    public struct Blob: Sendable, Codable, Hashable {
        public var file: String
        public var type: String  // "f32" or "u64"
        public var count: Int
        public var checksum: String
    }

    public struct NaiveBayesParameters: Sendable, Codable, Hashable {
        public var variant: NaiveBayes.Variant
        public var alpha: Float
    }

    public struct Manifest: Sendable, Codable {
        public var format: String
        public var formatVersion: Int
        public var algorithm: IntentAlgorithm
        public var labels: [String]
        public var featureCount: Int
        /// What prediction needs: the featuriser's own settings and NB's parameters.
        public var features: FeatureSettings
        public var naiveBayes: NaiveBayesParameters?
        /// How the model was trained (for people and for retraining; not read back).
        public var training: IntentTrainingSettings
        public var gate: OutOfScopeGate
        public var trainingDataHash: String
        public var trainingExamples: Int
        public var blobs: [String: Blob]
    }

    public static func save(_ model: IntentClassifier, settings: IntentTrainingSettings, trainingData: [Utterance], to directory: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        var blobs: [String: Blob] = [:]
        func write<T>(_ name: String, _ values: [T], type: String) throws {
            let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
            let file = "\(name).bin"
            try data.write(to: directory.appendingPathComponent(file), options: .atomic)
            blobs[name] = Blob(file: file, type: type, count: values.count, checksum: checksum(data))
        }
        try write("vocabulary", model.featurizer.vocabulary.keys.map(\.littleEndian), type: "u64")
        try write("idf", model.featurizer.idf, type: "f32")
        try write("weights", model.scores.weights, type: "f32")
        try write("bias", model.scores.bias, type: "f32")
        if let mass = model.scores.mass { try write("mass", mass, type: "f32") }
        if let nb = model.naiveBayes {
            try write("nb_feature_totals", nb.featureTotals, type: "f32")
            try write("nb_class_examples", nb.classExamples, type: "f32")
        }
        let manifest = Manifest(
            format: format, formatVersion: formatVersion, algorithm: model.algorithm, labels: model.labels,
            featureCount: model.featurizer.featureCount, features: model.featurizer.settings,
            naiveBayes: model.naiveBayes.map { NaiveBayesParameters(variant: $0.variant, alpha: $0.alpha) },
            training: settings, gate: model.gate,
            trainingDataHash: dataHash(trainingData), trainingExamples: trainingData.count, blobs: blobs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: directory.appendingPathComponent("manifest.json"), options: .atomic)
    }

    public static func load(from directory: URL) throws -> (IntentClassifier, Manifest) {
        let manifestURL = directory.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw ModelError(path: manifestURL.path, message: "no model here: manifest.json is missing or unreadable (train one with `frontline train --out \(directory.path)`)")
        }
        struct Header: Decodable { var format: String?; var formatVersion: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == format else {
            throw ModelError(path: manifestURL.path, message: "not a Frontline intent model manifest (expected \"format\": \"\(format)\")")
        }
        let version = header.formatVersion ?? 0
        guard version == formatVersion else {
            let age = version < formatVersion ? "older" : "newer"
            throw ModelError(
                path: manifestURL.path,
                message: "model format version \(version) is \(age) than this frontline's version \(formatVersion); retrain it with `frontline train`")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw ModelError(path: manifestURL.path, message: "malformed manifest: \(error)")
        }

        func read<T>(_ name: String, as: T.Type, expected: Int? = nil) throws -> [T] {
            guard let blob = manifest.blobs[name] else {
                throw ModelError(path: manifestURL.path, message: "manifest lists no blob \"\(name)\"")
            }
            let url = directory.appendingPathComponent(blob.file)
            guard let bytes = try? Data(contentsOf: url) else {
                throw ModelError(path: url.path, message: "blob \"\(name)\" is missing or unreadable")
            }
            let size = MemoryLayout<T>.stride
            guard bytes.count == blob.count * size, expected == nil || blob.count == expected else {
                throw ModelError(path: url.path, message: "blob \"\(name)\" has \(bytes.count / size) values, expected \(expected ?? blob.count)")
            }
            guard checksum(bytes) == blob.checksum else {
                throw ModelError(path: url.path, message: "blob \"\(name)\" is corrupt (checksum mismatch)")
            }
            return [T](unsafeUninitializedCapacity: blob.count) { buffer, count in
                _ = bytes.copyBytes(to: buffer)
                count = blob.count
            }
        }

        let d = manifest.featureCount, k = manifest.labels.count
        guard k >= 2 else { throw ModelError(path: manifestURL.path, message: "a model needs at least 2 labels, found \(k)") }
        let denseWidth = manifest.features.dense?.dimension ?? 0
        guard denseWidth >= 0, denseWidth < d else {
            throw ModelError(path: manifestURL.path, message: "the dense block (\(denseWidth) columns) doesn't fit in \(d) features")
        }
        let keys = try read("vocabulary", as: UInt64.self, expected: d - denseWidth).map { UInt64(littleEndian: $0) }
        let idf = try read("idf", as: Float.self, expected: d - denseWidth)
        let weights = try read("weights", as: Float.self, expected: d * k)
        let bias = try read("bias", as: Float.self, expected: k)
        let mass = manifest.blobs["mass"] == nil ? nil : try read("mass", as: Float.self, expected: k)
        // A model trained with an encoder needs that very encoder (found and checked by the registry).
        let embedder = try manifest.features.dense.map { try EncoderRegistry.shared.embedder(for: $0, near: directory) }
        let featurizer = TextFeaturizer(settings: manifest.features, vocabulary: Vocabulary(keys: keys), idf: idf, embedder: embedder)
        var naiveBayes: NaiveBayes?
        if let parameters = manifest.naiveBayes {
            naiveBayes = NaiveBayes(
                variant: parameters.variant, alpha: parameters.alpha,
                featureCount: d, classCount: k,
                featureTotals: try read("nb_feature_totals", as: Float.self, expected: d * k),
                classExamples: try read("nb_class_examples", as: Float.self, expected: k))
        }
        let scores = LinearScores(featureCount: d, classCount: k, weights: weights, bias: bias, mass: mass)
        let classifier = IntentClassifier(
            labels: manifest.labels, featurizer: featurizer, algorithm: manifest.algorithm,
            scores: scores, naiveBayes: naiveBayes, gate: manifest.gate)
        return (classifier, manifest)
    }

    /// FNV-1a over 64-bit words (and the trailing bytes): cheap enough for 50 MB blobs.
    static func checksum(_ data: Data) -> String {
        var h = FNV1a()
        data.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words { h.feed(raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
            for i in (words * 8)..<raw.count { h.feed(UInt64(raw[i])) }
        }
        return h.tagged
    }

    /// Identifies the training data (texts, labels and slot annotations, in order).
    public static func dataHash(_ data: [Utterance]) -> String {
        var h = FNV1a()
        func feed(_ s: String) {
            h.feed(s)
            h.feed(0x1F)  // separator, so ("ab", "c") and ("a", "bc") differ
        }
        for u in data {
            feed(u.text)
            feed(u.intent)
            for s in u.slots { feed("\(s.slot):\(s.start):\(s.end):\(s.value ?? "")") }
        }
        return h.tagged
    }
}

public struct ModelError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
