import FrontlineAssistant
import FrontlineEngine
import ServiceLifecycle

extension FrontlineServer {
    /// Switches to the release the database names as serving, when it is not the one
    /// serving here: writes its files beside the model link, points the link at it and
    /// reloads (requests keep being answered by the old model meanwhile). Returns the
    /// reload, nil when nothing changed.
    @discardableResult
    public func followDatabaseRelease() async throws -> ModelReloader.Reloaded? {
        guard let releases = store as? any ModelReleaseStore, let name = try await releases.servingRelease(),
              name != assistant.models.current.identity.release else { return nil }
        _ = try await DatabaseReleases.follow(name, store: releases, modelPath: assistant.paths.model)
        return await reloadModel(onlyIfChanged: true, reason: "release \(name) published in the database")
    }
}

/// Polls the database's serving release every `interval` (a publication is picked up
/// within that time on every replica). A notification channel is published too
/// (`PostgresStore.releaseChannel`); polling alone keeps working through reconnects.
struct ReleaseFollowerService: Service {
    let server: FrontlineServer
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await server.followDatabaseRelease()
            } catch {
                server.logger.warning("cannot follow the database's model release", metadata: ["error": .string("\(error)")])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
