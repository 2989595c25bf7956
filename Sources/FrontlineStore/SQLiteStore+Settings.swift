import FrontlineEngine
import GRDB

/// The settings the store's promises rest on, as the writer connection sees them,
/// for health checks and tests.
public struct SQLiteStoreSettings: Sendable, Hashable {
    /// "wal".
    public var journalMode: String
    /// 2 = FULL: every commit is fsynced.
    public var synchronous: Int
    public var foreignKeys: Bool
    /// `PRAGMA user_version`, the schema version.
    public var schemaVersion: Int
}

extension SQLiteStore {
    public func settings() async throws -> SQLiteStoreSettings {
        // synchronous and foreign_keys are per connection: ask the writer's.
        try await pool.writeWithoutTransaction { db in
            SQLiteStoreSettings(
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
        }
    }
}
