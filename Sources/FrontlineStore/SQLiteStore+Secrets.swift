import FrontlineEngine
import GRDB

/// Server secrets on SQLite: insert the proposal unless a secret exists, then read it back.
extension SQLiteStore: SecretStore {
    public func sharedSecret(name: String, proposed: String) async throws -> String {
        try StoreValidation.requireId(name, "secret name")
        let now = StoreClock.milliseconds(clock.now())
        return try await write { db in
            try db.run(
                "INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
                [name, proposed, now])
            guard let value = try String.fetchOne(db, sql: "SELECT value FROM server_secrets WHERE name = ?", arguments: [name]) else {
                throw StoreError.storageFailure("the secret \(name) was written but cannot be read back")
            }
            return value
        }
    }
}
