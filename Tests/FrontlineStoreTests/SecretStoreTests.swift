import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlinePostgres
import FrontlineStore
import PostgresTestCluster
import Testing

/// Secrets the server generates once (the web chat's token key): the first proposal is
/// kept, every later caller (another replica, a restart) gets that one.
@Suite("Server secrets")
struct SecretStoreTests {
    @Test("SQLite: the first proposal stays, across a reopen of the file")
    func sqlite() async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let first = try SQLiteStore(path: directory.databasePath)
        #expect(try await first.sharedSecret(name: "widget_token_key", proposed: "one") == "one")
        #expect(try await first.sharedSecret(name: "widget_token_key", proposed: "two") == "one")
        #expect(try await first.sharedSecret(name: "other", proposed: "three") == "three")
        await first.shutdown()
        let reopened = try SQLiteStore(path: directory.databasePath)
        #expect(try await reopened.sharedSecret(name: "widget_token_key", proposed: "four") == "one")
        let refused = await thrownError { _ = try await reopened.sharedSecret(name: "", proposed: "x") }
        #expect(errorKind(refused) == .invalidArgument)
        await reopened.shutdown()
    }

    @Test("PostgreSQL: replicas proposing at once all get the same secret", .enabled(if: PostgresTestCluster.shouldRun))
    func postgres() async throws {
        let (_, stores) = try await PostgresReplicaTests.replicas(4)
        let secrets = try await withThrowingTaskGroup(of: String.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask { try await store.sharedSecret(name: "widget_token_key", proposed: "proposal-\(index)") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(secrets).count == 1, "\(secrets)")
        #expect(secrets.first?.hasPrefix("proposal-") == true)
        #expect(try await stores[0].sharedSecret(name: "widget_token_key", proposed: "late") == secrets.first)
        await PostgresReplicaTests.shutdown(stores)
    }
}
