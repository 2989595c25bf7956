import Foundation
import FrontlineEngine
import GRDB

/// Frontline's durable store: one SQLite file in WAL mode, holding conversations,
/// messages, handoffs, outcomes, customer profiles and the knowledge-base index.
///
/// - Durability: `synchronous=FULL`, so a committed write is on disk (the WAL is
///   fsynced at every commit) before any call returns; writes are batched by group
///   commit (`GroupCommitWriter`) to share that fsync between concurrent callers.
/// - Concurrency: one writer connection, several readers that never block it
///   (`DatabasePool`). Safe to share across tasks. Another process may use the same
///   file; waits for its locks up to `busyTimeout`.
public final class SQLiteStore: Sendable {
    public struct Options: Sendable {
        /// How long to wait for another process's lock before failing with SQLITE_BUSY.
        public var busyTimeout: TimeInterval = 5
        /// The most writes one group-commit transaction takes; 1 turns group commit off.
        public var maxBatch: Int = 256
        /// Reader connections (concurrent reads).
        public var maxReaders: Int = 4
        public var clock: StoreClock = .system
        /// How often the WAL is copied into the database file off the writer (see
        /// `WALCheckpointer`); nil leaves it all to SQLite's automatic checkpoint.
        public var checkpointInterval: Duration? = .milliseconds(100)

        public init() {}
    }

    /// The schema version this build writes (mirrored in `PRAGMA user_version`).
    public static var schemaVersion: Int { Schema.version }

    let pool: DatabasePool
    let writer: GroupCommitWriter
    let clock: StoreClock
    let checkpointer: WALCheckpointer?

    /// Opens (creating when needed) and migrates the database at `path`. Throws
    /// `StoreError.newerSchema` for a database written by a newer build.
    public init(path: String, options: Options = Options()) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.maximumReaderCount = max(1, options.maxReaders)
        configuration.label = "Frontline"
        let pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool sets synchronous=NORMAL when it enables WAL, which can lose the
        // last commits on power loss. Nothing a customer said may be lost: FULL.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Messages of many conversations land all over the tables' B-trees; with
            // SQLite's default 2 MB cache the writer re-reads pages from the OS for
            // nearly every insert. 32 MB keeps a busy day's working set.
            try db.execute(sql: "PRAGMA cache_size = -32768")
        }
        try Schema.migrate(pool)
        checkpointer = try options.checkpointInterval.map { try WALCheckpointer(path: path, interval: $0) }
        self.pool = pool
        self.writer = GroupCommitWriter(pool: pool, maxBatch: options.maxBatch)
        self.clock = options.clock
    }

    /// Closes the connections. Calls made afterwards throw. Pending group-commit
    /// writes must have returned first (await them before closing).
    public func close() throws {
        checkpointer?.stop()
        try pool.close()
    }

    /// Runs `work` in the shared group-commit transaction; see `GroupCommitWriter`.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.submit(work)
    }

    func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(work)
    }
}
