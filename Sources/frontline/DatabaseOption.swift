import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlinePostgres

/// What the commands that read the store (outcomes, retrain, report, review) need from
/// `--db`: a SQLite file that must exist, or a PostgreSQL URL.
enum DatabaseOption {
    static func exists(_ database: String) -> Bool {
        PostgresLocation.isURL(database) || FileManager.default.fileExists(atPath: database)
    }

    /// Opens the store, runs `body`, closes it.
    static func withStore<T>(_ database: String, _ body: (any ServingStore) async throws -> T) async throws -> T {
        let store = try await Assistant.openStore(database)
        do {
            let value = try await body(store)
            await store.shutdown()
            return value
        } catch {
            await store.shutdown()
            throw error
        }
    }
}
