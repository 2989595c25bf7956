import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineStore
import GRDB
import Testing

@Suite("SQLiteStore durability and schema")
struct SQLiteDurabilityTests {
    @Test func aConversationMidFormSurvivesARestart() async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let turn: CommittedTurn
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            _ = try await store.createOrLoad(id: "c1", channel: "whatsapp", customerId: "cust-1")
            let asked = try await store.appendCustomerMessage(conversationId: "c1", text: "return my headphones", clientMessageId: "w-1")
            turn = try await store.commitTurn(TurnCommit(
                conversationId: "c1", expectedRevision: 0, replyingTo: asked.message.sequence, customerParse: sampleParse(),
                replies: [OutgoingMessage(text: "What is the order number?")], state: midFormState(sourceSequence: 1), status: .bot))
            try await store.remember(customerId: "cust-1", slot: "email", value: "sam@example.com", channel: "whatsapp")
            try store.close()
        }
        let reopened = try SQLiteStore(path: directory.databasePath)
        let conversation = try #require(try await reopened.conversation(id: "c1"))
        #expect(conversation == turn.conversation)
        #expect(conversation.state.activeForm == "return_item")
        #expect(conversation.state.requestedSlot == "order_number")
        #expect(conversation.state.filledSlots["product"]?.value == "headphones")
        #expect(try await reopened.messages(conversationId: "c1", after: 0, limit: 10).map(\.text) == ["return my headphones", "What is the order number?"])
        // The retry after the restart still gets the original reply.
        let retry = try await reopened.appendCustomerMessage(conversationId: "c1", text: "return my headphones", clientMessageId: "w-1")
        #expect(retry.isDuplicate && retry.turnCommitted && retry.replies == turn.replies)
        #expect(try await reopened.customerProfile(id: "cust-1")?.slots["email"]?.value == "sam@example.com")
    }

    @Test func theConnectionIsDurableWALWithForeignKeys() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        _ = try SQLiteStore(path: directory.databasePath)
        // A second connection sees the file settings; synchronous is per connection,
        // so the store's own writer is checked through its documented behaviour below.
        let queue = try DatabaseQueue(path: directory.databasePath)
        let (mode, version, integrity) = try queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(mode == "wal")
        #expect(version == SQLiteStore.schemaVersion)
        #expect(integrity == "ok")
    }

    @Test func theWriterRunsWithSynchronousFull() async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.databasePath)
        let settings = try await store.settings()
        #expect(settings.synchronous == 2, "2 = FULL")
        #expect(settings.foreignKeys)
        #expect(settings.journalMode == "wal")
        #expect(settings.schemaVersion == SQLiteStore.schemaVersion)
    }

    @Test func aDatabaseFromANewerBuildIsRefused() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        do { _ = try SQLiteStore(path: directory.databasePath) }
        let queue = try DatabaseQueue(path: directory.databasePath)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        try queue.close()
        #expect(errorKind(Result { try SQLiteStore(path: directory.databasePath) }.failureValue) == .newerSchema)
    }

    @Test func aDamagedRowIsAnErrorNotACrash() async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.databasePath)
        _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
        _ = try await store.createOrLoad(id: "c2", channel: "web", customerId: nil)
        let queue = try DatabaseQueue(path: directory.databasePath)
        try await queue.write { db in
            try db.execute(sql: "UPDATE conversations SET state = '{not json' WHERE id = 'c1'")
            try db.execute(sql: "UPDATE conversations SET revision = 'many' WHERE id = 'c2'")
        }
        #expect(errorKind(await thrownError { _ = try await store.conversation(id: "c1") }) == .corrupt)
        #expect(errorKind(await thrownError { _ = try await store.conversation(id: "c2") }) == .corrupt)
    }

    @Test func stateFromAnOlderBuildStillLoads() throws {
        // Written before most fields existed; unknown keys come from a newer build.
        let old = #"{"schemaVersion":1,"activeForm":"track_order","filledSlots":{"order_number":{"value":"A-1","confidence":1}},"someFutureField":[1,2]}"#
        let state = try StoreJSON.decode(ConversationState.self, from: old, what: "state")
        #expect(state.activeForm == "track_order")
        #expect(state.filledSlots["order_number"]?.value == "A-1")
        #expect(state.retries == 0 && state.extras.isEmpty)
        #expect(errorKind(Result { try StoreJSON.decode(ConversationState.self, from: "[]", what: "state") }.failureValue) == .corrupt)
    }

    @Test func aRepeatCounterKeptInExtrasByAnOlderBuildBecomesTyped() throws {
        let old = #"{"schemaVersion":1,"extras":{"repeat_key":"where is my order","repeat_count":"2","topics":"order_status"}}"#
        let state = try StoreJSON.decode(ConversationState.self, from: old, what: "state")
        #expect(state.repeatKey == "where is my order" && state.repeatCount == 2)
        #expect(state.extras == ["topics": "order_status"])
        let again = try StoreJSON.decode(ConversationState.self, from: try StoreJSON.encode(state), what: "state")
        #expect(again == state, "written back typed, read back the same")
    }

    @Test func groupCommitCanBeTurnedOffAndStillOrdersWrites() async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        var options = SQLiteStore.Options()
        options.maxBatch = 1
        let store = try SQLiteStore(path: directory.databasePath, options: options)
        _ = try await store.createOrLoad(id: "c1", channel: "web", customerId: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<16 {
                group.addTask { _ = try await store.appendCustomerMessage(conversationId: "c1", text: "m\(i)", clientMessageId: nil) }
            }
            try await group.waitForAll()
        }
        #expect(try await store.messages(conversationId: "c1", after: 0, limit: 100).map(\.sequence) == Array(1...16))
    }
}

extension Result where Failure == any Error {
    var failureValue: (any Error)? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
