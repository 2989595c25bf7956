import Foundation
import GRDB

/// Copies the WAL back into the database file from a connection of its own, so that the
/// writer seldom has to.
///
/// SQLite checkpoints on the committing connection right after a commit once the WAL
/// passes 1,000 pages: that commit's caller, and every write queued behind it, waits
/// while pages are copied and the database file is fsynced (the tail of the latency
/// curve under load). This loop runs a PASSIVE checkpoint every `interval` instead;
/// PASSIVE takes no lock a writer needs, so commits go on meanwhile. The writer's own
/// automatic checkpoint stays on: it is what lets SQLite restart the WAL from the
/// beginning (only the writer can), and with the pages already copied here it finds
/// little left to do. `synchronous=FULL` on this connection too: the WAL is fsynced
/// before it is copied and the database file after, so nothing committed is at risk.
final class WALCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let task: Task<Void, Never>

    /// Starts checkpointing `path` (already in WAL mode) every `interval`.
    init(path: String, interval: Duration) throws {
        var configuration = Configuration()
        configuration.label = "Frontline.checkpoint"
        // A PASSIVE checkpoint never waits for locks; this is only for opening.
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        self.connection = connection
        task = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                // A failed round (I/O error, database closing) is simply retried next
                // round; the writer's automatic checkpoint still bounds the WAL.
                _ = try? await connection.writeWithoutTransaction { db in
                    try db.checkpoint(.passive)
                }
            }
        }
    }

    /// Stops the loop and closes the connection before returning (after a round in
    /// progress), so that whoever opens the file next finds it as the store left it.
    func stop() {
        task.cancel()
        try? connection.close()
    }

    deinit {
        stop()
    }
}
