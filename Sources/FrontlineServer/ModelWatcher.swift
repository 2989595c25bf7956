import Dispatch
import Foundation
import FrontlineAssistant
import Logging
import ServiceLifecycle

/// Picks up a promoted model without a restart: checks every `interval` whether the model
/// path (e.g. the `Models/current` link) resolves to another folder or its manifest changed,
/// and reloads at once on SIGHUP. Loading happens beside the requests; the swap is atomic.
public final class ModelWatcher: Service, Sendable {
    let server: FrontlineServer
    let interval: Duration
    let handlesSIGHUP: Bool

    public init(server: FrontlineServer, interval: Duration = .seconds(2), handlesSIGHUP: Bool = true) {
        self.server = server
        self.interval = interval
        self.handlesSIGHUP = handlesSIGHUP
    }

    public func run() async throws {
        let (hangups, stopListening): (AsyncStream<Void>, @Sendable () -> Void)
        if handlesSIGHUP {
            (hangups, stopListening) = HangupSignal.shared.subscribe()
        } else {
            let (never, continuation) = AsyncStream<Void>.makeStream()
            (hangups, stopListening) = (never, { continuation.finish() })
        }
        defer { stopListening() }
        let server = self.server
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in hangups.cancelOnGracefulShutdown() {
                    await server.reloadModel(onlyIfChanged: false, reason: "SIGHUP")
                }
            }
            group.addTask { [interval] in
                // A zero interval turns polling off; SIGHUP and the admin route still reload.
                guard interval > .zero else { return }
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled || Task.isShuttingDownGracefully { break }
                    await server.reloadModel(onlyIfChanged: true, reason: "model path changed")
                }
            }
            // Until shutdown starts (or the service is cancelled).
            try? await gracefulShutdown()
            stopListening()
            group.cancelAll()
        }
    }
}

extension FrontlineServer {
    /// Reloads the model and logs what happened; never throws (the old model keeps serving).
    @discardableResult
    func reloadModel(onlyIfChanged: Bool, reason: String) async -> ModelReloader.Reloaded? {
        do {
            let result = try await reloader.reload(onlyIfChanged: onlyIfChanged)
            if result.status == .reloaded {
                logger.info("model reloaded", metadata: [
                    "reason": .string(reason), "release": .string(result.model.release),
                    "manifest_hash": .string(result.model.manifestHash), "previous": .string(result.previous.release),
                    "outcomes_learned": .stringConvertible(result.outcomesLearned),
                    "seconds": .string(String(format: "%.3f", result.seconds)),
                ])
            }
            return result
        } catch {
            logger.error("model reload failed: the old model keeps serving", metadata: [
                "reason": .string(reason), "error": .string("\(error)"),
            ])
            return nil
        }
    }
}
