import FrontlineEngine
import PostgresNIO

/// Server secrets on PostgreSQL: the first replica's proposal wins (ON CONFLICT DO NOTHING),
/// every replica reads the stored one.
extension PostgresStore: SecretStore {
    public func sharedSecret(name: String, proposed: String) async throws -> String {
        try StoreValidation.requireId(name, "secret name")
        let now = clock.now().storedMilliseconds
        let logger = logger
        return try await transaction { connection in
            try await connection.query("""
                INSERT INTO server_secrets (name, value, created_at) VALUES (\(name), \(proposed), \(now))
                ON CONFLICT (name) DO NOTHING
                """, logger: logger)
            let rows = try await connection.query("SELECT value FROM server_secrets WHERE name = \(name)", logger: logger).collect()
            guard let row = rows.first else { throw StoreError.storageFailure("the secret \(name) was written but cannot be read back") }
            return try PGRow(row, "server secret \(name)").value("value", as: String.self)
        }
    }
}
