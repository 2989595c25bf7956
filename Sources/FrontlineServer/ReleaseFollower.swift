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

/// Follows the database's serving release: at once on a notification (LISTEN), and by
/// polling every `interval` as the fallback (a notification sent while this replica's
/// listening connection was down is not replayed).
struct ReleaseFollowerService: Service {
    let server: FrontlineServer
    let releases: any ModelReleaseStore
    let interval: Duration

    func run() async throws {
        let server = server
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await releases.listenForReleases { _ in await Self.follow(server) }
                    } catch {
                        try? await Task.sleep(for: .seconds(2))
                    }
                }
            }
            group.addTask { [interval] in
                while !Task.isCancelled {
                    await Self.follow(server)
                    try? await Task.sleep(for: interval)
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    static func follow(_ server: FrontlineServer) async {
        do {
            try await server.followDatabaseRelease()
        } catch {
            server.logger.warning("cannot follow the database's model release", metadata: ["error": .string("\(error)")])
        }
    }
}
