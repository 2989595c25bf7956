import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineTestSupport
import FrontlinePostgres
import FrontlineStore
import PostgresTestCluster
import Synchronization
import Testing

/// The stores the behavioural suite runs over: all must behave the same. PostgreSQL
/// runs on a throwaway cluster (skipped with a message where it is not installed,
/// never in CI).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory, sqlite, postgres

    var testDescription: String { rawValue }

    /// The kinds to run here.
    static var available: [StoreKind] {
        PostgresTestCluster.shouldRun ? allCases : [.memory, .sqlite]
    }

    /// The durable kinds to run here.
    static var durable: [StoreKind] {
        available.filter { $0 != .memory }
    }
}

/// A fresh database on the shared test cluster, with a store open on it.
func makePostgresStore(clock: StoreClock = .system) async throws -> PostgresStore {
    let cluster = try await PostgresTestCluster.shared()
    let database = try cluster.createDatabase()
    var options = PostgresStore.Options()
    options.clock = clock
    options.maxConnections = 16
    // Generous deadlines: the behaviour suite races 64 writers on one conversation, and a
    // loaded 2-core CI machine is slow; a real outage is tested with its own short ones.
    options.timeout = .seconds(60)
    options.answerTimeout = .seconds(120)
    return try await PostgresStore.open(PostgresLocation(url: cluster.url(database: database)), options: options)
}

/// A clock that moves 1 ms forward at every reading, so times are distinct and
/// ordering by time is deterministic.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = Mutex(start)
    }

    func next() -> Date {
        current.withLock {
            $0 += 0.001
            return $0
        }
    }

    var storeClock: StoreClock {
        StoreClock { self.next() }
    }
}

/// Runs `body` over a fresh store of `kind`, removing its files afterwards.
func withStore(_ kind: StoreKind, _ body: (any ConversationStore, TestClock) async throws -> Void) async throws {
    let setup = try await makeStore(kind)
    defer { setup.directory?.remove() }
    do {
        try await body(setup.store, setup.clock)
    } catch {
        await (setup.store as? PostgresStore)?.shutdown()
        throw error
    }
    await (setup.store as? PostgresStore)?.shutdown()
}

/// A store under test and what keeps it alive.
struct StoreUnderTest: Sendable {
    let store: any ConversationStore
    let clock: TestClock
    let directory: TemporaryFolder?
}

func makeStore(_ kind: StoreKind) async throws -> StoreUnderTest {
    let clock = TestClock()
    switch kind {
    case .memory:
        return StoreUnderTest(store: InMemoryConversationStore(clock: clock.storeClock), clock: clock, directory: nil)
    case .sqlite:
        let directory = try TemporaryFolder()
        var options = SQLiteStore.Options()
        options.clock = clock.storeClock
        return StoreUnderTest(store: try SQLiteStore(path: directory.databasePath, options: options), clock: clock, directory: directory)
    case .postgres:
        return StoreUnderTest(store: try await makePostgresStore(clock: clock.storeClock), clock: clock, directory: nil)
    }
}

/// The case of a `StoreError`, for matching without its message.
enum ErrorKind: Equatable {
    case notFound, conflict, invalidTransition, invalidArgument, corrupt, newerSchema, storageFailure, unavailable, other
}

func errorKind(_ error: (any Error)?) -> ErrorKind? {
    guard let error else { return nil }
    guard let storeError = error as? StoreError else { return .other }
    switch storeError {
    case .notFound: return .notFound
    case .conflict: return .conflict
    case .invalidTransition: return .invalidTransition
    case .invalidArgument: return .invalidArgument
    case .corrupt: return .corrupt
    case .newerSchema: return .newerSchema
    case .storageFailure: return .storageFailure
    case .unavailable: return .unavailable
    }
}

/// The error `body` throws (nil when it doesn't).
func thrownError(_ body: () async throws -> Void) async -> (any Error)? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}

/// A conversation mid-form: what "survives a restart" means.
func midFormState(sourceSequence: Int) -> ConversationState {
    ConversationState(
        activeForm: "return_item",
        requestedSlot: "order_number",
        retries: 1,
        filledSlots: ["product": FilledSlot(value: "headphones", raw: "my headphones", sourceSequence: sourceSequence, confidence: 0.91)],
        lowConfidenceTurns: 1,
        lastCustomerText: "I want to return my headphones",
        lastIntent: "return_item"
    )
}

func sampleParse() -> MessageParse {
    MessageParse(
        intent: "return_item", confidence: 0.87,
        ranking: [ParsedIntent(name: "return_item", confidence: 0.87), ParsedIntent(name: "order_status", confidence: 0.08)],
        slots: [ParsedSlot(slot: "product", value: "headphones", raw: "headphones", start: 24, end: 34, confidence: 0.91)],
        entities: [ParsedEntity(kind: "date", value: "2024-05-01", raw: "May 1st", start: 40, end: 47)]
    )
}
