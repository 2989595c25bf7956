import FrontlineEngine
import ServiceLifecycle

/// Closes the store's connections when the server shuts down, after the HTTP server
/// has finished its requests (the service group stops services in reverse order).
struct StoreShutdown: Service {
    let store: any ServingStore

    func run() async throws {
        try? await gracefulShutdown()
        await store.shutdown()
    }
}
