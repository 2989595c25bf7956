import Foundation
import FrontlineEngine
import FrontlinePostgres
import PostgresTestCluster
import Synchronization
import Testing

/// What several replicas on one PostgreSQL database rely on: migrations applied once,
/// newer schemas refused, turns of one conversation never interleaved, message ids
/// idempotent whichever replica gets the retry, outbox rows claimed by one replica.
@Suite("PostgreSQL replicas", .enabled(if: PostgresTestCluster.shouldRun))
struct PostgresReplicaTests {
    /// Two stores (two replicas) on one fresh database.
    static func replicas(_ count: Int = 2, timeout: Duration = .seconds(60)) async throws -> (url: String, stores: [PostgresStore]) {
        let cluster = try await PostgresTestCluster.shared()
        let url = cluster.url(database: try cluster.createDatabase())
        var options = PostgresStore.Options()
        options.maxConnections = 40
        options.timeout = timeout
        options.answerTimeout = .seconds(120)
        var stores: [PostgresStore] = []
        for _ in 0..<count { stores.append(try await PostgresStore.open(PostgresLocation(url: url), options: options)) }
        return (url, stores)
    }

    static func shutdown(_ stores: [PostgresStore]) async {
        for store in stores { await store.shutdown() }
    }

    @Test func replicasStartingTogetherMigrateOnceAndANewerSchemaIsRefused() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try cluster.createDatabase()
        let location = try PostgresLocation(url: cluster.url(database: database))
        // Four replicas at once: the advisory lock lets one migrate, the others see it done.
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.migrate(location) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions == Array(repeating: PostgresStore.schemaVersion, count: 4))

        try cluster.sql("INSERT INTO frontline_migrations (version, name) VALUES (\(PostgresStore.schemaVersion + 1), 'from the future')", database: database)
        let refused = await thrownError { _ = try await PostgresStore.open(location) }
        #expect(errorKind(refused) == .newerSchema, "\(String(describing: refused))")
    }

    @Test func aRetryOnAnotherReplicaGetsTheOriginalAnswer() async throws {
        let (_, stores) = try await Self.replicas()
        defer { Task { await Self.shutdown(stores) } }
        let opened = try await stores[0].openTurn(id: "c1", channel: "web", customerId: nil, text: "where is my order", clientMessageId: "m-1")
        let early = try await stores[1].openTurn(id: "c1", channel: "web", customerId: nil, text: "where is my order", clientMessageId: "m-1")
        #expect(early.appended.isDuplicate && !early.appended.turnCommitted)
        let turn = try await stores[0].commitTurn(TurnCommit(
            conversationId: "c1", expectedRevision: opened.conversation.revision, replyingTo: opened.appended.message.sequence,
            replies: [OutgoingMessage(text: "Which order?")], state: ConversationState(), status: .bot))
        let late = try await stores[1].openTurn(id: "c1", channel: "web", customerId: nil, text: "where is my order", clientMessageId: "m-1")
        #expect(late.appended.isDuplicate && late.appended.turnCommitted)
        #expect(late.appended.replies == turn.replies)
        #expect(try await stores[1].messages(conversationId: "c1", after: 0, limit: 10).count == 2)
        // A stale revision from the other replica is refused, not silently applied.
        let stale = await thrownError {
            _ = try await stores[1].commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: opened.conversation.revision, replyingTo: nil,
                replies: [OutgoingMessage(text: "late")], state: ConversationState(), status: .bot))
        }
        #expect(errorKind(stale) == .conflict)
    }

    /// 100 conversations × 10 messages, all sent at once, each to a random replica; each
    /// turn stores its message, waits (as a parse would), then commits its reply.
    @Test func turnsOfOneConversationNeverInterleaveAcrossReplicas() async throws {
        let (_, stores) = try await Self.replicas()
        defer { Task { await Self.shutdown(stores) } }
        let conversations = 100, perConversation = 10
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in 0..<conversations {
                for m in 0..<perConversation {
                    group.addTask {
                        let store = stores.randomElement() ?? stores[0]
                        let id = "conv-\(c)"
                        try await store.withConversationLock(id) {
                            let opened = try await store.openTurn(
                                id: id, channel: "web", customerId: nil, text: "message \(m)", clientMessageId: "\(id)-\(m)")
                            try await Task.sleep(for: .milliseconds(Int.random(in: 0...3)))
                            _ = try await store.commitTurn(TurnCommit(
                                conversationId: id, expectedRevision: opened.conversation.revision,
                                replyingTo: opened.appended.message.sequence,
                                replies: [OutgoingMessage(text: "reply to message \(m)")], state: ConversationState(), status: .bot))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        for c in 0..<conversations {
            let messages = try await stores[0].messages(conversationId: "conv-\(c)", after: 0, limit: 100)
            #expect(messages.map(\.sequence) == Array(1...(2 * perConversation)), "conv-\(c): sequences contiguous")
            for pair in stride(from: 0, to: messages.count - 1, by: 2) {
                let customer = messages[pair], reply = messages[pair + 1]
                #expect(customer.role == .customer && reply.role == .bot && reply.replyTo == customer.sequence,
                        "conv-\(c): message \(customer.sequence) is followed by its own reply")
                #expect(reply.text == "reply to " + customer.text)
            }
            #expect(Set(messages.filter { $0.role == .customer }.map(\.text)).count == perConversation)
        }
    }

    @Test func eachOutboxRowIsClaimedByOneReplicaAndComesBackWhenItsClaimLapses() async throws {
        let (_, stores) = try await Self.replicas()
        defer { Task { await Self.shutdown(stores) } }
        for i in 0..<20 {
            let opened = try await stores[0].openTurn(id: "h\(i)", channel: "web", customerId: nil, text: "a person please", clientMessageId: nil)
            _ = try await stores[0].commitTurn(TurnCommit(
                conversationId: "h\(i)", expectedRevision: opened.conversation.revision, replyingTo: opened.appended.message.sequence,
                replies: [OutgoingMessage(text: "connecting you")], state: ConversationState(), status: .handoff,
                handoff: HandoffDraft(reason: "customer_asked", queue: "general", summary: "wants a person")))
        }
        let now = Date()
        async let first = stores[0].dueOutbox(now: now, limit: 15)
        async let second = stores[1].dueOutbox(now: now, limit: 15)
        let claims = try await [first, second]
        let ids = claims.flatMap { $0.map(\.id) }
        #expect(ids.count == 20 && Set(ids).count == 20, "every row claimed once: \(claims.map(\.count))")
        #expect(try await stores[1].dueOutbox(now: now, limit: 50).isEmpty, "claimed rows are not due again at once")

        // A replica that died mid-delivery: its rows come back once the claim lapses.
        let later = now.addingTimeInterval(120)
        try await stores[0].markOutboxDelivered(id: ids[0])
        let reclaimed = try await stores[1].dueOutbox(now: later, limit: 50)
        #expect(reclaimed.count == 19 && !reclaimed.map(\.id).contains(ids[0]))
        #expect(try await stores[1].outboxCounts() == OutboxCounts(pending: 19, delivered: 1))
    }

    @Test func anUnreachableDatabaseIsUnavailableAndTheStoreRecovers() async throws {
        // A cluster of its own: this test stops its server.
        let cluster = try PostgresTestCluster.start()
        defer { cluster.destroy() }
        let database = try cluster.createDatabase()
        var options = PostgresStore.Options()
        options.timeout = .seconds(10)
        let store = try await PostgresStore.open(PostgresLocation(url: cluster.url(database: database)), options: options)
        defer { Task { await store.shutdown() } }
        _ = try await store.openTurn(id: "c1", channel: "web", customerId: nil, text: "hello", clientMessageId: "m-1")

        try cluster.stopServer()
        let down = await thrownError {
            _ = try await store.openTurn(id: "c1", channel: "web", customerId: nil, text: "are you there", clientMessageId: "m-2")
        }
        #expect(errorKind(down) == .unavailable, "\(String(describing: down))")
        #expect(errorKind(await thrownError { try await store.probeWritable() }) == .unavailable)

        try cluster.startServer()
        var recovered = false
        for _ in 0..<40 where !recovered {
            recovered = (try? await store.probeWritable()) != nil
            if !recovered { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(recovered, "the pool reconnects by itself")
        let again = try await store.openTurn(id: "c1", channel: "web", customerId: nil, text: "are you there", clientMessageId: "m-2")
        #expect(again.appended.message.sequence == 2 && !again.appended.isDuplicate)
    }

    @Test func aPublishedReleaseIsNotifiedStoredAndServing() async throws {
        let (_, stores) = try await Self.replicas()
        defer { Task { await Self.shutdown(stores) } }
        #expect(try await stores[1].servingRelease() == nil)
        let heard = Heard()
        let listener = Task { try await stores[1].listenForReleases { heard.add($0) } }
        defer { listener.cancel() }
        let files = ["manifest.json": Data("{}".utf8), "blobs/weights.bin": Data((0..<200_000).map { UInt8($0 % 251) })]
        // The listener may not have subscribed yet: publish until it hears (at most 5 s).
        for _ in 0..<20 where heard.names.isEmpty {
            try await stores[0].publishRelease(name: "r1", files: files)
            try await Task.sleep(for: .milliseconds(250))
        }
        let first = heard.names.first
        #expect(first == "r1")
        #expect(try await stores[1].servingRelease() == "r1")
        #expect(try await stores[1].releaseFiles(name: "r1") == files)
        #expect(try await stores[1].releaseFiles(name: "unknown").isEmpty)
    }

    /// The outcome feed misses no outcome: not one whose id is lower than an outcome
    /// already committed (a transaction still open when the later one committed), nor one
    /// stamped by a clock an hour behind (both are missed by a time window or an id cursor).
    @Test func theOutcomeFeedMissesNoOutcomeCommittedLateOrOutOfOrder() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let database = try cluster.createDatabase()
        let location = try PostgresLocation(url: cluster.url(database: database))
        let reader = try await PostgresStore.open(location)
        var skewed = PostgresStore.Options()
        skewed.clock = StoreClock { Date().addingTimeInterval(-3600) }
        let writer = try await PostgresStore.open(location, options: skewed)
        defer { Task { await Self.shutdown([reader, writer]) } }
        for id in ["c1", "c2"] {
            _ = try await writer.openTurn(id: id, channel: "web", customerId: nil, text: "where is my order", clientMessageId: nil)
        }
        var read: [Int] = []
        var position: OutcomeFeedPosition?
        func readFeed() async throws {
            let page = try await reader.outcomes(after: position, limit: 1)
            read += page.outcomes.map(\.id)
            position = page.next
        }
        try await readFeed()
        #expect(read.isEmpty, "nothing committed since the reader opened")

        // An outcome written in a transaction that stays open for 8 s (psql on a thread of its own).
        let late = Thread {
            try? cluster.sql("""
                BEGIN;
                INSERT INTO outcomes (conversation_id, corrections, created_at) VALUES ('c1', '[]', \(Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000));
                SELECT pg_sleep(8);
                COMMIT;
                """, database: database)
        }
        late.start()
        // Its id is taken once the sequence has been called.
        for _ in 0..<100 where try cluster.query("SELECT is_called FROM outcomes_id_seq", database: database) != "t" {
            try await Task.sleep(for: .milliseconds(50))
        }
        let later = try await writer.saveOutcome(OutcomeDraft(conversationId: "c2", corrections: [], botWasRight: true))
        #expect(later.id == 2, "the open transaction took id 1")
        try await readFeed()
        #expect(read.isEmpty, "outcome 2 waits behind the transaction still open, rather than moving the position past 1")

        // Once it commits, both come, each once, whatever the clocks said.
        for _ in 0..<200 where read.count < 2 {
            try await readFeed()
            if read.count < 2 { try await Task.sleep(for: .milliseconds(100)) }
        }
        try await readFeed()
        #expect(read == [1, 2])
        #expect(try await reader.outcomes(since: Date().addingTimeInterval(-30), limit: 10).isEmpty,
                "a 30 s time window would have missed both")
    }

    @Test func urlsAreParsedAndBadOnesNamed() throws {
        let full = try PostgresLocation(url: "postgresql://frontline:p%40ss@db.example:6543/bot?sslmode=require")
        #expect(full == PostgresLocation(host: "db.example", port: 6543, username: "frontline", password: "p@ss", database: "bot", requireTLS: true))
        #expect(full.description == "postgres://frontline:***@db.example:6543/bot")
        let plain = try PostgresLocation(url: "postgres://bot@127.0.0.1/frontline")
        #expect(plain.port == 5432 && plain.password == nil)
        #expect(try PostgresLocation(url: "postgres://u@[::1]:5433/d").host == "::1")
        for bad in ["postgres://localhost/db", "postgres://u@host", "postgres://u@host:99999/db", "postgres://u@host/", "mysql://u@h/d",
                    "postgres://u:secret@host/db?sslmode=sometimes"] {
            let error = #expect(throws: PostgresLocationError.self) { try PostgresLocation(url: bad) }
            #expect(error?.description.contains("secret") == false, "never prints a password")
        }
        #expect(PostgresLocation.isURL("POSTGRES://x@y/z") && !PostgresLocation.isURL("frontline.db"))
    }
}

/// Release names a listener heard.
final class Heard: Sendable {
    private let heard = Mutex<[String]>([])

    func add(_ name: String) { heard.withLock { $0.append(name) } }
    var names: [String] { heard.withLock { $0 } }
}
