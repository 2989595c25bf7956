import Foundation
import FrontlineML
import Synchronization

/// Which model is serving, as operators see it.
public struct ModelIdentity: Sendable, Hashable, Codable {
    /// The path the model was loaded from (e.g. `Models/current`).
    public var path: String
    /// The folder that path resolved to when it was loaded.
    public var resolved: String
    /// The release name (the resolved folder's name, e.g. `model-20261123-181500`).
    public var release: String
    /// A checksum of the model's manifest (`fnv1a64:…`): changes whenever the model does.
    public var manifestHash: String
    public var loadedAt: Date

    public init(path: String, resolved: String, release: String, manifestHash: String, loadedAt: Date = Date()) {
        self.path = path
        self.resolved = resolved
        self.release = release
        self.manifestHash = manifestHash
        self.loadedAt = loadedAt
    }

    /// For a model built in memory (tests, `chat` with a fresh model).
    public static let inMemory = ModelIdentity(path: "", resolved: "", release: "in-memory", manifestHash: "")
}

/// A model with what agents taught it since it was trained. A turn takes one snapshot and
/// parses with it, so a reload never changes the model in the middle of a turn.
public struct ServingModel: Sendable {
    public let model: NLUModel
    /// Online learning from accepted outcomes (nil: none).
    public let memory: OutcomeMemory?
    public let identity: ModelIdentity

    /// The encoder's batcher when the model has an encoder block (shared by every model
    /// on the same encoder, so a reload keeps batching across old and new).
    let batcher: BatchingEmbedder?

    public init(model: NLUModel, memory: OutcomeMemory?, identity: ModelIdentity = .inMemory) {
        self.model = model
        self.memory = memory
        self.identity = identity
        batcher = model.intents.featurizer.embedder.map { EncoderRegistry.shared.batcher(for: $0) }
    }

    /// `dateDirections`: the domain's intent → direction of undated months (see `NLUModel.parse`).
    public func parse(_ text: String, reference: ReferenceTime, dateDirections: [String: DateDirection] = [:]) -> NLUParse {
        model.parse(text, reference: reference, memory: memory, dateDirections: dateDirections)
    }

    /// The same parse, with the encoder's work batched with other conversations' messages.
    public func parse(
        _ text: String, reference: ReferenceTime, dateDirections: [String: DateDirection] = [:]
    ) async -> NLUParse {
        guard let batcher else {
            return model.parse(text, reference: reference, memory: memory, dateDirections: dateDirections)
        }
        return model.parse(
            text, reference: reference, memory: memory, embedding: await batcher.embed(text), dateDirections: dateDirections)
    }
}

/// The serving model, swapped atomically on reload: readers get the old snapshot or the
/// new one, never a mix, and keep the one they got for as long as they use it.
public final class ModelHolder: Sendable {
    private let serving: Mutex<ServingModel>

    public init(_ serving: ServingModel) {
        self.serving = Mutex(serving)
    }

    public var current: ServingModel { serving.withLock { $0 } }

    /// Installs `new`; returns the model it replaced.
    @discardableResult
    public func replace(with new: ServingModel) -> ServingModel {
        serving.withLock { serving in
            let old = serving
            serving = new
            return old
        }
    }
}
