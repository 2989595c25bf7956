import Foundation
import Hummingbird

extension FrontlineServer {
    func addOpsRoutes(to router: Router<ServerRequestContext>) {
        router.get("healthz") { _, _ in
            try WireJSONCoding.response(["status": "ok"])
        }
        // Ready when the model is loaded (it is, once the server exists) and the database takes a write lock.
        router.get("readyz") { _, context in
            do {
                try await store.probeWritable()
            } catch {
                context.logger.warning("database not writable", metadata: ["error": .string("\(error)")])
                throw APIError(.serviceUnavailable, "not_ready", "the database is not writable")
            }
            struct Ready: Encodable { var status: String; var model: String; var intents: Int }
            return try WireJSONCoding.response(Ready(status: "ready", model: configuration.model, intents: assistant.model.intents.labels.count))
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
