import Foundation
import FrontlineActions
import FrontlineData
import FrontlineEngine
import FrontlineLearning
import FrontlineML
import FrontlinePostgres
import FrontlineStore

/// Where an assistant's parts live on disk.
public struct AssistantPaths: Sendable, Hashable {
    /// The assistant folder: `domain.yml`, `nlu/`, `kb/`, `frustration/`.
    public var data: String
    /// The trained model folder (trained from `data` when missing).
    public var model: String
    /// The SQLite database file, or a `postgres://USER[:PASSWORD]@HOST[:PORT]/DB` URL.
    public var database: String

    public init(data: String = "TrainingData", model: String = "Models/default", database: String = "frontline.db") {
        self.data = data
        self.model = model
        self.database = database
    }
}

/// A loaded assistant: its domain, model, store and the engine over them. Used by
/// `frontline chat` and `frontline serve`, so both answer exactly alike.
public struct Assistant: Sendable {
    public let paths: AssistantPaths
    public let domain: Domain
    /// The serving model and its outcome memory, swapped by `ModelReloader`.
    public let models: ModelHolder
    /// The model serving now.
    public var model: NLUModel { models.current.model }
    /// SQLite (one process) or PostgreSQL (several replicas), chosen by `paths.database`.
    public let store: any ServingStore
    public let engine: ConversationEngine
    /// True when the model was trained during this load (it was missing).
    public let trainedModel: Bool
    /// Things worth a line in the log (e.g. intents the domain declares but the model lacks).
    public let warnings: [String]

    /// Loads the domain, loads the model (training it first when the folder has none),
    /// opens and migrates the database and indexes the knowledge base.
    /// The store keeps time by `configuration.clock`, like the engine.
    public static func load(
        _ paths: AssistantPaths, configuration: EngineConfiguration = EngineConfiguration(),
        actions: any ActionRunner = HTTPActionRunner(), progress: ((String) -> Void)? = nil
    ) async throws -> Assistant {
        let domain = try DomainLoader.load(path: paths.data)
        let modelURL = URL(fileURLWithPath: paths.model)
        var trained = false
        if !ModelTraining.exists(at: modelURL) {
            progress?("no model at \(paths.model): training it from \(paths.data)")
            try ModelTraining.train(data: paths.data, slots: domain.slotDefinitions, to: modelURL, progress: progress)
            trained = true
        }
        let serving = try loadServing(paths, domain: domain)
        let model = serving.model
        let frustrationPath = URL(fileURLWithPath: paths.data).appendingPathComponent("frustration").path
        let frustration = FileManager.default.fileExists(atPath: frustrationPath)
            ? try FrustrationDetector.train(path: frustrationPath) : FrustrationDetector()
        let store = try await openStore(paths.database, clock: configuration.clock)
        let models = ModelHolder(serving)
        // Full-text search, fused with the sentence encoder when one is installed.
        let knowledgeBase = KnowledgeBaseSearch.assemble(fullText: store, near: URL(fileURLWithPath: paths.data))
        let engine = ConversationEngine(
            domain: domain, models: models, store: store, knowledgeBase: knowledgeBase.index, actions: actions,
            frustration: frustration, configuration: configuration)
        try await engine.indexKnowledgeBase()
        if let memory = serving.memory {
            _ = try await engine.replayOutcomes(
                afterId: Self.lastTrainedOutcome(serving.identity), into: memory, heldOut: Self.heldOutOutcomes(serving.identity))
        }
        return Assistant(
            paths: paths, domain: domain, models: models, store: store, engine: engine, trainedModel: trained,
            warnings: Self.check(domain: domain, model: model) + knowledgeBase.warnings)
    }

    /// Opens (and migrates) the store `database` names: a `postgres://` or
    /// `postgresql://` URL opens PostgreSQL, anything else is a SQLite file.
    public static func openStore(_ database: String, clock: StoreClock = .system) async throws -> any ServingStore {
        do {
            if PostgresLocation.isURL(database) {
                var options = PostgresStore.Options()
                options.clock = clock
                return try await PostgresStore.open(PostgresLocation(url: database), options: options)
            }
            var options = SQLiteStore.Options()
            options.clock = clock
            return try SQLiteStore(path: database, options: options)
        } catch {
            throw AssistantError.database(path: PostgresLocation.redacted(database), reason: "\(error)")
        }
    }

    /// Loads the model `paths.model` names (following links once, so a switch of the link
    /// while loading can't mix two models) with an empty outcome memory for the domain's
    /// intents, checked against the training data in `paths.data`.
    public static func loadServing(_ paths: AssistantPaths, domain: Domain) throws -> ServingModel {
        let link = URL(fileURLWithPath: paths.model)
        let resolved = link.resolvingSymlinksInPath()
        let model: NLUModel
        let manifest: Data
        do {
            model = try NLUModelFile.load(from: resolved).0
            manifest = try Data(contentsOf: resolved.appendingPathComponent("manifest.json"))
        } catch {
            throw AssistantError.model(path: paths.model, reason: "\(error)")
        }
        let training = ((try? DatasetLoader.load(path: paths.data).train) ?? []).map { (text: $0.text, intent: $0.intent) }
        let memory = OutcomeMemory(classifier: model.intents, extraLabels: domain.intents.map(\.name), trainingData: training)
        let identity = ModelIdentity(
            path: paths.model, resolved: resolved.path, release: resolved.lastPathComponent,
            manifestHash: fingerprint(manifest))
        return ServingModel(model: model, memory: memory, identity: identity)
    }

    /// The last outcome id a model was trained with (`frontline retrain` writes it into the
    /// model's `holdout.json`); 0 for a model trained without outcomes, so every stored
    /// outcome is replayed into its memory.
    public static func lastTrainedOutcome(_ identity: ModelIdentity) -> Int {
        let marker = URL(fileURLWithPath: identity.resolved).appendingPathComponent("holdout.json")
        guard let data = try? Data(contentsOf: marker),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return 0 }
        return (object["last_outcome_id"] as? Int) ?? 0
    }

    /// Which outcome texts a retrained model never saw because its fixed holdout kept them
    /// for the promotion gate (the modulus `retrain` wrote into `holdout.json`); nil for a
    /// model trained without outcomes. Replaying them keeps their immediate fixes alive.
    public static func heldOutOutcomes(_ identity: ModelIdentity) -> (@Sendable (String) -> Bool)? {
        let marker = URL(fileURLWithPath: identity.resolved).appendingPathComponent("holdout.json")
        guard let data = try? Data(contentsOf: marker),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let modulus = object["fixed_holdout_modulus"] as? Int, modulus > 0 else { return nil }
        return { FixedHoldout.isHeldOut($0, modulus: UInt64(modulus)) }
    }

    /// FNV-1a 64 of a file's bytes, as `fnv1a64:<hex>`.
    static func fingerprint(_ data: Data) -> String {
        var hash = FNV1a()
        hash.feed(bytes: data)
        return hash.tagged
    }

    /// Builds every handoff document this assistant serves.
    public var handoffDocuments: HandoffDocuments {
        HandoffDocuments(
            store: store, waits: QueueWaitEstimator(store: store, escalation: domain.escalation),
            clock: engine.configuration.clock, otherChannelLimit: engine.configuration.otherChannelHistory * 4)
    }

    /// The wire document for an engine reply: with a handoff, its handoff document.
    public func response(to reply: EngineReply) async throws -> MessageResponse {
        guard let notice = reply.handoff else { return MessageResponse(reply, handoff: nil) }
        return MessageResponse(reply, handoff: try await handoffDocuments.document(notice.record))
    }

    /// What the domain warned about at load, then intents the domain routes that the model can
    /// never predict, and the reverse.
    static func check(domain: Domain, model: NLUModel) -> [String] {
        let predicted = Set(model.intents.labels)
        let declared = Set(domain.intents.map(\.name))
        var warnings = domain.warnings
        let unreachable = declared.subtracting(predicted).sorted()
        if !unreachable.isEmpty {
            warnings.append("the model never predicts these domain intents (retrain it): \(unreachable.joined(separator: ", "))")
        }
        let unknown = predicted.subtracting(declared).subtracting([model.intents.outOfScopeLabel]).sorted()
        if !unknown.isEmpty {
            warnings.append("the model predicts intents the domain does not declare (answered as not understood): \(unknown.joined(separator: ", "))")
        }
        return warnings
    }
}

public enum AssistantError: Error, CustomStringConvertible {
    case model(path: String, reason: String)
    case database(path: String, reason: String)
    case training(path: String, reason: String)

    public var description: String {
        switch self {
        case .model(let path, let reason): "cannot load the model at \(path): \(reason)"
        case .database(let path, let reason): "cannot open the database \(path): \(reason)"
        case .training(let path, let reason): "cannot train a model from \(path): \(reason)"
        }
    }
}
