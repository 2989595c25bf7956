import Foundation
import FrontlineEngine
import FrontlineML

/// Loads a newly promoted model while the old one keeps serving, then swaps it in
/// atomically. Turns already parsing keep the snapshot they took; a model that fails to
/// load leaves the old one serving and is remembered as `lastError` (shown by `/readyz`).
/// Reloads run one at a time.
public actor ModelReloader {
    public struct Failure: Sendable, Hashable, Codable {
        /// The model path that failed and the folder it resolved to.
        public var path: String
        public var resolved: String
        public var message: String
        public var at: Date
    }

    public struct Reloaded: Sendable, Hashable, Codable {
        public enum Status: String, Sendable, Hashable, Codable {
            case reloaded
            /// Only checking, and the model on disk is the one serving.
            case unchanged
        }
        public var status: Status
        public var model: ModelIdentity
        public var previous: ModelIdentity
        /// Outcomes newer than the model's training replayed into its memory.
        public var outcomesLearned: Int
        public var seconds: Double
    }

    public let assistant: Assistant
    public private(set) var lastError: Failure?
    public private(set) var reloads = 0
    private var failedSignature: String?

    public init(assistant: Assistant) {
        self.assistant = assistant
    }

    /// Loads the model at the assistant's model path and swaps it in. With `onlyIfChanged`,
    /// does nothing when the path resolves to the serving folder with the same manifest.
    /// Throws (and records `lastError`) when the model can't be loaded; the old one stays.
    public func reload(onlyIfChanged: Bool = false) async throws -> Reloaded {
        let start = ContinuousClock.now
        let serving = assistant.models.current
        let paths = assistant.paths
        if onlyIfChanged {
            // A target that failed to load is tried again only once it changes (a poll would
            // otherwise log the same error every few seconds).
            let now = signature()
            guard changed(since: serving.identity), now != failedSignature else {
                return Reloaded(status: .unchanged, model: serving.identity, previous: serving.identity, outcomesLearned: 0, seconds: 0)
            }
        }
        let attempted = signature()
        let fresh: ServingModel
        do {
            let domain = assistant.domain
            fresh = try await Task.detached(priority: .utility) { try Assistant.loadServing(paths, domain: domain) }.value
        } catch {
            let resolved = URL(fileURLWithPath: paths.model).resolvingSymlinksInPath().path
            let failure = Failure(path: paths.model, resolved: resolved, message: "\(error)", at: Date())
            lastError = failure
            failedSignature = attempted
            throw ReloadError(failure: failure, serving: serving.identity)
        }
        var learned = 0
        var last = Assistant.lastTrainedOutcome(fresh.identity)
        if let memory = fresh.memory {
            let (taught, seen) = try await assistant.engine.replayOutcomes(
                afterId: last, into: memory, heldOut: Assistant.heldOutOutcomes(fresh.identity))
            learned += taught.learned
            last = seen
        }
        let previous = assistant.models.replace(with: fresh)
        if let memory = fresh.memory {
            // Outcomes recorded while loading went to the old memory: teach the new one too.
            learned += try await assistant.engine.replayOutcomes(afterId: last, into: memory).0.learned
        }
        lastError = nil
        failedSignature = nil
        reloads += 1
        let elapsed = ContinuousClock.now - start
        return Reloaded(
            status: .reloaded, model: fresh.identity, previous: previous.identity, outcomesLearned: learned,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// True when the model path now resolves elsewhere or its manifest changed.
    public func changed(since identity: ModelIdentity) -> Bool {
        let resolved = URL(fileURLWithPath: assistant.paths.model).resolvingSymlinksInPath()
        if resolved.path != identity.resolved { return true }
        guard let manifest = try? Data(contentsOf: resolved.appendingPathComponent("manifest.json")) else { return true }
        return Assistant.fingerprint(manifest) != identity.manifestHash
    }

    /// The resolved folder and its manifest's checksum ("missing" when unreadable).
    func signature() -> String {
        let resolved = URL(fileURLWithPath: assistant.paths.model).resolvingSymlinksInPath()
        let manifest = (try? Data(contentsOf: resolved.appendingPathComponent("manifest.json"))).map(Assistant.fingerprint) ?? "missing"
        return resolved.path + " " + manifest
    }
}

public struct ReloadError: Error, CustomStringConvertible {
    public var failure: ModelReloader.Failure
    /// The model still serving.
    public var serving: ModelIdentity

    public var description: String {
        "cannot load the model at \(failure.path) (\(failure.resolved)): \(failure.message); still serving \(serving.release)"
    }
}
