import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlinePostgres
import FrontlineStore
import PostgresTestCluster
import Testing

/// The contract of `ProactiveStore` (customer events and proactive prompts), run over
/// every durable store. On PostgreSQL the "two replicas" are two stores on one database;
/// on SQLite (one process) they are one store shared by two callers.
@Suite("ProactiveStore behaviour")
struct ProactiveStoreBehaviourTests {
    @Test(arguments: StoreKind.durable)
    func eventsComeBackOldestFirstForTheirCustomerSinceTheCutoff(kind: StoreKind) async throws {
        try await withProactiveStores(kind) { stores in
            let store = stores[0]
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            try await store.recordEvent(CustomerEvent(
                customerId: "cust-1", kind: "cart", cartValue: 612.5, at: start.addingTimeInterval(20)))
            try await store.recordEvent(CustomerEvent(
                customerId: "cust-1", kind: "page_view", page: "/returns/form", seconds: 75.25, at: start.addingTimeInterval(10)))
            try await store.recordEvent(CustomerEvent(
                customerId: "cust-1", kind: "error", page: "/checkout/payment", detail: "card declined", at: start))
            try await store.recordEvent(CustomerEvent(customerId: "cust-2", kind: "cart", cartValue: 9, at: start.addingTimeInterval(15)))

            let all = try await stores[1].events(customerId: "cust-1", since: start)
            #expect(all.map(\.kind) == ["error", "page_view", "cart"], "oldest first, only cust-1's")
            #expect(all[0] == CustomerEvent(customerId: "cust-1", kind: "error", page: "/checkout/payment", detail: "card declined", at: start))
            #expect(all[1].seconds == 75.25 && all[1].page == "/returns/form" && all[1].cartValue == nil && all[1].detail == nil)
            #expect(all[2].cartValue == 612.5 && all[2].page == nil && all[2].seconds == nil)
            #expect(try await store.events(customerId: "cust-1", since: start.addingTimeInterval(10)).map(\.kind) == ["page_view", "cart"],
                    "the cutoff is inclusive")
            #expect(try await store.events(customerId: "nobody", since: start).isEmpty)
            #expect(errorKind(await thrownError {
                try await store.recordEvent(CustomerEvent(customerId: " ", kind: "cart", at: start))
            }) == .invalidArgument)
        }
    }

    @Test(arguments: StoreKind.durable)
    func theLastPromptIsTheNewestAndPromptsRoundTrip(kind: StoreKind) async throws {
        try await withProactiveStores(kind) { stores in
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            #expect(try await stores[0].lastPrompt(customerId: "cust-1") == nil)
            let first = prompt("p-1", "cust-1", at: start)
            let second = prompt("p-2", "cust-1", at: start.addingTimeInterval(60))
            let sameTime = prompt("p-3", "cust-1", at: start.addingTimeInterval(60))
            try await stores[0].savePrompt(first)
            try await stores[0].savePrompt(second)
            try await stores[1].savePrompt(sameTime)
            try await stores[0].savePrompt(prompt("p-4", "cust-2", at: start.addingTimeInterval(120)))

            #expect(try await stores[1].lastPrompt(customerId: "cust-1") == sameTime, "newest; the later saved of one millisecond")
            #expect(try await stores[1].prompt(id: "p-1") == first)
            #expect(try await stores[0].prompt(id: "missing") == nil)
            #expect(errorKind(await thrownError { try await stores[1].savePrompt(first) }) != nil, "a prompt id is stored once")
        }
    }

    @Test(arguments: StoreKind.durable)
    func aPromptIsSavedOnlyWhenNoneCameAfterTheCutoff(kind: StoreKind) async throws {
        try await withProactiveStores(kind) { stores in
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            let first = prompt("p-1", "cust-1", at: start)
            let saved = try await stores[0].savePrompt(first, unlessPromptedAfter: start.addingTimeInterval(-1800))
            #expect(saved == nil)
            let blocked = prompt("p-2", "cust-1", at: start.addingTimeInterval(600))
            #expect(try await stores[1].savePrompt(blocked, unlessPromptedAfter: start.addingTimeInterval(600 - 1800)) == first)
            #expect(try await stores[1].prompt(id: "p-2") == nil, "nothing saved when an earlier prompt stands in the way")
            #expect(try await stores[1].savePrompt(prompt("other", "cust-2", at: start), unlessPromptedAfter: .distantPast) == nil,
                    "another customer's prompt is no obstacle")
            // The cutoff is exclusive: a prompt made exactly at it does not count.
            let later = prompt("p-3", "cust-1", at: start.addingTimeInterval(1800))
            #expect(try await stores[0].savePrompt(later, unlessPromptedAfter: start) == nil)
            #expect(try await stores[1].lastPrompt(customerId: "cust-1") == later)
        }
    }

    @Test(arguments: StoreKind.durable)
    func customersAskedOnSeveralReplicasAtOnceGetOnePrompt(kind: StoreKind) async throws {
        try await withProactiveStores(kind) { stores in
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            let refused = try await withThrowingTaskGroup(of: Int.self) { group in
                for customer in 0..<5 {
                    for attempt in 0..<8 {
                        group.addTask {
                            let store = stores[attempt % stores.count]
                            let candidate = prompt("p-\(customer)-\(attempt)", "cust-\(customer)", at: start.addingTimeInterval(Double(attempt) / 1000))
                            return try await store.savePrompt(candidate, unlessPromptedAfter: start.addingTimeInterval(-1800)) == nil ? 0 : 1
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(refused == 5 * 7, "one prompt per customer, seven refused each")
            for customer in 0..<5 {
                let last = try #require(try await stores[0].lastPrompt(customerId: "cust-\(customer)"))
                let all = try await (0..<8).asyncCompactMap { try await stores[1].prompt(id: "p-\(customer)-\($0)") }
                #expect(all == [last])
            }
        }
    }

    @Test(arguments: StoreKind.durable)
    func acceptingAPromptIsRecordedOnceAndNotInAnotherConversation(kind: StoreKind) async throws {
        try await withProactiveStores(kind) { stores in
            let start = Date(timeIntervalSince1970: 1_700_000_000)
            try await stores[0].savePrompt(prompt("p-1", "cust-1", at: start))
            let accepted = try await stores[0].markPromptAccepted(id: "p-1", conversationId: "web-1", at: start.addingTimeInterval(5.0004))
            #expect(accepted.conversationId == "web-1")
            #expect(accepted.acceptedAt == Date(timeIntervalSince1970: 1_700_000_005), "stored to the millisecond")
            #expect(try await stores[1].prompt(id: "p-1") == accepted)

            let again = try await stores[1].markPromptAccepted(id: "p-1", conversationId: "web-1", at: start.addingTimeInterval(90))
            #expect(again.acceptedAt == accepted.acceptedAt, "accepting again keeps the first time")
            let elsewhere = await thrownError { _ = try await stores[1].markPromptAccepted(id: "p-1", conversationId: "web-2", at: start) }
            #expect(errorKind(elsewhere) == .conflict)
            #expect(try await stores[0].prompt(id: "p-1")?.conversationId == "web-1")
            let unknown = await thrownError { _ = try await stores[0].markPromptAccepted(id: "nope", conversationId: "web-1", at: start) }
            #expect(errorKind(unknown) == .notFound)
        }
    }
}

private func prompt(_ id: String, _ customerId: String, at: Date) -> ProactivePrompt {
    ProactivePrompt(id: id, customerId: customerId, rule: "checkout_error", intent: "payment_problem",
                    text: "It looks like your payment didn't go through.", createdAt: at)
}

/// Two handles on one fresh store of `kind` (two PostgreSQL stores on one database: two
/// replicas), closed afterwards.
private func withProactiveStores(_ kind: StoreKind, _ body: ([any ProactiveStore]) async throws -> Void) async throws {
    switch kind {
    case .memory:
        Issue.record("the in-memory store keeps no customer events")
    case .sqlite:
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.databasePath)
        try await body([store, store])
    case .postgres:
        let cluster = try await PostgresTestCluster.shared()
        let url = cluster.url(database: try cluster.createDatabase())
        var options = PostgresStore.Options()
        options.maxConnections = 16
        options.timeout = .seconds(60)
        options.answerTimeout = .seconds(120)
        let first = try await PostgresStore.open(PostgresLocation(url: url), options: options)
        let second = try await PostgresStore.open(PostgresLocation(url: url), options: options)
        do {
            try await body([first, second])
        } catch {
            await first.shutdown()
            await second.shutdown()
            throw error
        }
        await first.shutdown()
        await second.shutdown()
    }
}

private extension Range where Bound == Int {
    func asyncCompactMap<T>(_ transform: (Int) async throws -> T?) async rethrows -> [T] {
        var out: [T] = []
        for i in self { if let value = try await transform(i) { out.append(value) } }
        return out
    }
}
