import Foundation
import FrontlineEngine
import PostgresNIO

/// Model releases in the database: the files of each promoted release and the name of the
/// serving one. Publishing notifies `frontline_release` (replicas also poll, in case a
/// notification is missed while a connection is down).
extension PostgresStore: ModelReleaseStore {
    public static let releaseChannel = "frontline_release"

    public func publishRelease(name: String, files: [String: Data]) async throws {
        try StoreValidation.requireId(name, "release name")
        guard !files.isEmpty else { throw StoreError.invalidArgument("release \(name) has no files") }
        let now = clock.now().storedMilliseconds
        let logger = logger
        try await transaction { connection in
            try await connection.query("DELETE FROM model_release_files WHERE release = \(name)", logger: logger)
            for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
                try await connection.query("""
                    INSERT INTO model_release_files (release, path, bytes) VALUES (\(name), \(path), \(ByteBuffer(bytes: bytes)))
                    """, logger: logger)
            }
            try await connection.query("""
                INSERT INTO serving_model (id, release, published_at) VALUES (1, \(name), \(now))
                ON CONFLICT (id) DO UPDATE SET release = excluded.release, published_at = excluded.published_at
                """, logger: logger)
            try await connection.query("SELECT pg_notify(\(Self.releaseChannel), \(name))", logger: logger)
        }
    }

    /// LISTEN on `releaseChannel`, on a connection of its own for as long as it listens.
    public func listenForReleases(_ published: @escaping @Sendable (String) async -> Void) async throws {
        do {
            try await client.withConnection { connection in
                try await connection.listen(on: Self.releaseChannel) { notifications in
                    for try await notification in notifications { await published(notification.payload) }
                }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    public func servingRelease() async throws -> String? {
        let logger = logger
        return try await connection { connection in
            let rows = try await connection.query("SELECT release FROM serving_model WHERE id = 1", logger: logger).collect()
            return try rows.first.map { try PGRow($0, "serving model").value("release", as: String.self) }
        }
    }

    public func releaseFiles(name: String) async throws -> [String: Data] {
        let logger = logger
        return try await connection { connection in
            var files: [String: Data] = [:]
            for row in try await connection.query(
                "SELECT path, bytes FROM model_release_files WHERE release = \(name)", logger: logger).collect() {
                let r = PGRow(row, "release \(name) file")
                var buffer = try r.value("bytes", as: ByteBuffer.self)
                files[try r.value("path")] = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
            }
            return files
        }
    }
}
