import ArgumentParser
import Foundation
import FrontlineEngine
import FrontlinePostgres
import FrontlineStore

/// `frontline migrate --db URL`: brings a database to this build's schema, for operators
/// who migrate before rolling out replicas (replicas also migrate at start, one at a time).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database migrations this build knows (PostgreSQL URL or SQLite file), then exit.",
        discussion: """
            Safe to run while replicas serve: migrations run under an advisory lock, one process at a time,
            and are never applied twice. A database migrated by a newer build is refused.
            """)

    @Option(name: .long, help: "postgres://USER[:PASSWORD]@HOST[:PORT]/DB, or a SQLite file (default: FRONTLINE_DB, then frontline.db).")
    var db: String?

    func run() async throws {
        let database = db ?? ProcessInfo.processInfo.environment["FRONTLINE_DB"] ?? "frontline.db"
        do {
            if PostgresLocation.isURL(database) {
                let location = try PostgresLocation(url: database)
                let version = try await PostgresStore.migrate(location)
                print("\(location): schema at migration \(version)")
            } else {
                let store = try SQLiteStore(path: database)
                defer { try? store.close() }
                print("\(database): schema at version \(try await store.settings().schemaVersion)")
            }
        } catch {
            FileHandle.standardError.write(Data("frontline migrate: \(PostgresLocation.redacted(database)): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
