import Foundation
import FrontlineEngine
import Logging
import PostgresNIO
import Synchronization

/// Frontline's store on PostgreSQL, for several replicas sharing one database: the same
/// protocols and guarantees as `SQLiteStore`, plus what replicas need (one turn per
/// conversation at a time across them, outbox rows claimed by one replica).
///
/// - Connections: a `PostgresClient` pool, run by the store from `open` until
///   `shutdown` (the server shuts it down after the HTTP server has drained).
/// - Durability: a call returns after its transaction committed (PostgreSQL's default
///   `synchronous_commit = on`: the WAL is flushed before COMMIT answers).
/// - Outages: a call that cannot get a connection, or gets no answer within
///   `Options.timeout`, throws `StoreError.unavailable`; the pool reconnects by itself.
public final class PostgresStore: Sendable {
    public struct Options: Sendable {
        /// Pool size. A turn holds one connection while its conversation is locked.
        public var maxConnections = 32
        /// The longest a call waits for a connection before `unavailable` (a database
        /// that can't be reached); a call that got one has `answerTimeout` to finish. 10 s:
        /// with 5 s a loaded 2-core machine (the test suite beside a database) missed it.
        public var timeout: Duration = .seconds(10)
        /// The longest a call may run once it has a connection (a database that stopped
        /// answering). Waiting for a conversation's lock counts here, not above.
        public var answerTimeout: Duration = .seconds(30)
        public var clock: StoreClock = .system
        /// How long `open` keeps trying to reach the database (a replica may start
        /// before its database does).
        public var startTimeout: Duration = .seconds(30)
        /// Apply missing migrations at open (under an advisory lock); false only checks.
        public var migrate = true
        public var logger = Logger(label: "frontline.postgres")

        public init() {}
    }

    public static var schemaVersion: Int { PostgresSchema.version }

    let client: PostgresClient
    let clock: StoreClock
    let timeout: Duration
    let answerTimeout: Duration
    let logger: Logger
    let location: PostgresLocation
    private let runner: Task<Void, Never>
    /// When a call last got a connection: a wait for one while others get theirs is a
    /// busy pool, not an outage.
    let lastLease = LastLease()
    /// Where the outcome feed starts for a reader without a position (set by `open`).
    let feedStart = FeedStart()

    /// The connection of the turn this task is running, set by `withConversationLock`:
    /// the turn's calls run on the connection that holds the conversation's lock.
    @TaskLocal static var turnConnection: PostgresConnection?

    private init(client: PostgresClient, location: PostgresLocation, options: Options) {
        self.client = client
        self.location = location
        clock = options.clock
        timeout = options.timeout
        answerTimeout = options.answerTimeout
        logger = options.logger
        runner = Task { await client.run() }
    }

    /// Connects, then migrates (or checks) the schema. Throws `StoreError.newerSchema`
    /// for a database a newer build migrated, `unavailable` when it can't be reached.
    public static func open(_ location: PostgresLocation, options: Options = Options()) async throws -> PostgresStore {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: location.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        configuration.options.maximumConnections = max(2, options.maxConnections)
        configuration.options.connectTimeout = options.timeout
        let store = PostgresStore(
            client: PostgresClient(configuration: configuration, backgroundLogger: options.logger), location: location,
            options: options)
        let start = ContinuousClock.now
        while true {
            do {
                try await store.connection { connection in
                    if options.migrate {
                        _ = try await PostgresSchema.migrate(connection, logger: store.logger)
                    } else {
                        _ = try await PostgresSchema.check(connection, logger: store.logger)
                    }
                    store.feedStart.set(horizon: try await Self.feedHorizon(connection, logger: store.logger))
                }
                return store
            } catch StoreError.unavailable(let why) where ContinuousClock.now - start < options.startTimeout {
                store.logger.warning("waiting for PostgreSQL", metadata: ["database": "\(location)", "reason": "\(why)"])
                try? await Task.sleep(for: .milliseconds(500))
            } catch {
                await store.shutdown()
                throw error
            }
        }
    }

    /// Connects and applies missing migrations; returns the version the database is at.
    public static func migrate(_ location: PostgresLocation, options: Options = Options()) async throws -> Int {
        var options = options
        options.migrate = true
        let store = try await open(location, options: options)
        do {
            let version = try await store.connection { try await PostgresSchema.appliedVersion($0, logger: store.logger) }
            await store.shutdown()
            return version
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// Closes the pool. Waits at most 5 s for it: a connection stuck mid-reconnect must
    /// not keep a stopping server alive.
    public func shutdown() async {
        runner.cancel()
        let runner = runner
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await runner.value }
            group.addTask { try? await Task.sleep(for: .seconds(5)) }
            await group.next()
            group.cancelAll()
        }
    }

    // MARK: - Running queries

    /// Runs `work` on the turn's connection when there is one, otherwise on a pooled
    /// connection; errors become `StoreError`s.
    @discardableResult
    func connection<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        if let held = Self.turnConnection {
            return try await withDeadlines(started: Started(held)) { _ in try await work(held) }
        }
        return try await pooled(work)
    }

    /// Runs `work` on a connection from the pool.
    func pooled<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = client
        let lastLease = lastLease
        return try await withDeadlines(started: Started(nil)) { started in
            try await client.withConnection { connection in
                started.set(connection)
                lastLease.touch()
                return try await work(connection)
            }
        }
    }

    /// Runs `work` in one transaction (committed before this returns, rolled back when
    /// it throws).
    @discardableResult
    func transaction<T: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = logger
        return try await connection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await work(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    func rows(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    /// Runs `work` against two deadlines: `timeout` until it has a connection (an
    /// unreachable database is unavailable, not a request that hangs) and `answerTimeout`
    /// in all. A busy pool is not an outage: once connected, only the second applies.
    /// A call whose connection closed under it fails a second later.
    ///
    /// The call runs in a task of its own and this returns at the deadline even when the
    /// call does not: PostgresNIO writes a query to its channel without a write promise,
    /// so a query sent just as the server closed the connection (a restart, a failover)
    /// is never answered, and a deadline that waited for it (a task group does) would hold
    /// the request, and the server's graceful shutdown behind it, forever.
    private func withDeadlines<T: Sendable>(
        started: Started, _ work: @escaping @Sendable (Started) async throws -> T
    ) async throws -> T {
        let (timeout, answerTimeout, lastLease) = (timeout, answerTimeout, lastLease)
        let outcome = FirstOutcome<T>()
        let call = Task {
            do {
                outcome.settle(.success(try await work(started)))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let watch = Task {
            let start = ContinuousClock.now
            var closedAt: ContinuousClock.Instant?
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                let now = ContinuousClock.now
                if now - start > answerTimeout {
                    outcome.settle(.failure(StoreError.unavailable("no answer from PostgreSQL within \(answerTimeout)")))
                } else if let connection = started.connection {
                    if !connection.isClosed {
                        closedAt = nil
                    } else if let since = closedAt {
                        if now - since > .seconds(1) {
                            outcome.settle(.failure(StoreError.unavailable("the connection to PostgreSQL closed")))
                        }
                    } else {
                        closedAt = now
                    }
                } else if now - start > timeout && lastLease.age > timeout {
                    // Unavailable when no call got a connection for `timeout` either.
                    outcome.settle(.failure(StoreError.unavailable("no connection to PostgreSQL within \(timeout)")))
                }
                if outcome.isSettled { return }
            }
        }
        defer { watch.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await outcome.value
            } onCancel: {
                call.cancel()
                outcome.settle(.failure(CancellationError()))
            }
        } catch {
            call.cancel()
            throw Self.translate(error)
        }
    }

    /// The first of a call's answer and its deadline, whichever comes first.
    final class FirstOutcome<T: Sendable>: Sendable {
        private struct State {
            var result: Result<T, any Error>?
            var waiter: CheckedContinuation<T, any Error>?
        }
        private let state = Mutex(State())

        var isSettled: Bool { state.withLock { $0.result != nil } }

        func settle(_ outcome: Result<T, any Error>) {
            let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
                guard state.result == nil else { return nil }
                state.result = outcome
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(with: outcome)
        }

        var value: T {
            get async throws {
                try await withCheckedThrowingContinuation { continuation in
                    let settled = state.withLock { state -> Result<T, any Error>? in
                        if let result = state.result { return result }
                        state.waiter = continuation
                        return nil
                    }
                    if let settled { continuation.resume(with: settled) }
                }
            }
        }
    }

    /// When a pooled call last got its connection.
    final class LastLease: Sendable {
        private let at = Mutex<ContinuousClock.Instant?>(nil)

        func touch() { at.withLock { $0 = .now } }

        /// Since the last lease (forever when there was none).
        var age: Duration { at.withLock { $0.map { .now - $0 } } ?? .seconds(1_000_000) }
    }

    /// The connection a call got (nil until it has one).
    final class Started: Sendable {
        private let value: Mutex<PostgresConnection?>

        init(_ value: PostgresConnection?) { self.value = Mutex(value) }

        var connection: PostgresConnection? { value.withLock { $0 } }
        func set(_ connection: PostgresConnection) { value.withLock { $0 = connection } }
    }

    /// The store's view of an error: its own errors pass, the server's errors keep their
    /// meaning (lost connections, shutdowns and unreachable servers are `unavailable`).
    static func translate(_ error: any Error) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case let error as PSQLError:
            guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
                return StoreError.unavailable("\(error.code)")
            }
            let message = error.serverInfo?[.message] ?? ""
            // 08: connection exceptions; 57P01-03: the server shuts down or starts up.
            if state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(state) {
                return StoreError.unavailable("\(state): \(message)")
            }
            return StoreError.storageFailure("\(state): \(message)")
        case is EncodingError, is DecodingError:
            return StoreError.corrupt("\(error)")
        case is CancellationError:
            return error
        default:
            // The pool's own errors (circuit breaker tripped, shut down) and transport errors.
            return StoreError.unavailable("\(error)")
        }
    }

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
