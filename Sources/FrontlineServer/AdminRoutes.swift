import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird

extension FrontlineServer {
    func addAdminRoutes(to router: Router<ServerRequestContext>) {
        let admin = router.group("v1/admin").add(middleware: authenticator([.admin]))
        // Loads the model the configured path names now (e.g. after `frontline retrain`
        // promoted one) and swaps it in; requests in flight finish on the old one.
        admin.post("reload") { _, context in
            do {
                let result = try await reloader.reload(onlyIfChanged: false)
                context.logger.info("model reloaded", metadata: [
                    "reason": "POST /v1/admin/reload", "release": .string(result.model.release),
                    "manifest_hash": .string(result.model.manifestHash), "previous": .string(result.previous.release),
                ])
                return try WireJSONCoding.response(result)
            } catch let error as ReloadError {
                context.logger.error("model reload failed: the old model keeps serving", metadata: ["error": .string(error.description)])
                throw APIError(.internalServerError, "reload_failed", error.description)
            }
        }
    }
}
