import Foundation
import FrontlineAssistant
import Hummingbird

extension FrontlineServer {
    func addOpsRoutes(to router: Router<ServerRequestContext>) {
        router.get("healthz") { _, _ in
            try WireJSONCoding.response(["status": "ok"])
        }
        // Ready when the model is loaded (it is, once the server exists) and the database takes
        // writes; when it doesn't, the answer says why (unreachable, read-only…).
        router.get("readyz") { _, context in
            do {
                try await store.probeWritable()
            } catch {
                context.logger.warning("database not writable", metadata: ["error": .string("\(error)")])
                throw APIError(.serviceUnavailable, "not_ready", "the database is not writable: \(error)")
            }
            // A failed reload does not make the server unready: the old model keeps serving,
            // and the failure is shown here until a reload succeeds.
            struct Ready: Encodable {
                var status: String
                var model: String
                var intents: Int
                var release: String
                var manifestHash: String
                var loadedAt: Date
                var reloads: Int
                var lastReloadError: ModelReloader.Failure?
            }
            let serving = assistant.models.current
            return try WireJSONCoding.response(Ready(
                status: "ready", model: configuration.model, intents: serving.model.intents.labels.count,
                release: serving.identity.release, manifestHash: serving.identity.manifestHash,
                loadedAt: serving.identity.loadedAt, reloads: await reloader.reloads, lastReloadError: await reloader.lastError))
        }
        router.group().add(middleware: authenticator([.admin])).get("metrics") { _, _ in
            if let counts = try? await store.outboxCounts() {
                metrics.outbox(pending: counts.pending)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }
}
