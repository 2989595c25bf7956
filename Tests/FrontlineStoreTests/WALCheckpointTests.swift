import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineStore
import Testing

/// The WAL is copied into the database file by the background checkpointer, not only by
/// the writer's automatic checkpoint (which a few small writes never trigger).
@Suite("SQLiteStore background checkpoint")
struct WALCheckpointTests {
    private func fileSize(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }

    /// Writes enough to add pages to the database, then waits up to `wait` for the main
    /// file to grow; returns (size before the writes, size at the end).
    private func writeAndWatch(interval: Duration?, wait: Duration) async throws -> (before: Int, after: Int, messages: Int) {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        var options = SQLiteStore.Options()
        options.checkpointInterval = interval
        let store = try SQLiteStore(path: directory.databasePath, options: options)
        // Let a first round copy the migration's pages, so growth below is these writes.
        try await Task.sleep(for: .milliseconds(300))
        let before = try fileSize(directory.databasePath)
        let text = String(repeating: "a long customer message ", count: 20)
        for index in 0..<40 {
            _ = try await store.openTurn(id: "c\(index)", channel: "web", customerId: nil, text: text, clientMessageId: nil)
        }
        let deadline = ContinuousClock.now + wait
        var after = try fileSize(directory.databasePath)
        while after <= before, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = try fileSize(directory.databasePath)
        }
        try store.close()
        // Whatever was or wasn't copied, every write is there after a reopen.
        let reopened = try SQLiteStore(path: directory.databasePath)
        var messages = 0
        for index in 0..<40 {
            messages += try await reopened.messages(conversationId: "c\(index)", after: 0, limit: 10).count
        }
        try reopened.close()
        return (before, after, messages)
    }

    @Test func theCheckpointerCopiesTheWALIntoTheDatabaseFile() async throws {
        let result = try await writeAndWatch(interval: .milliseconds(50), wait: .seconds(10))
        #expect(result.after > result.before)
        #expect(result.messages == 40)
    }

    @Test func withoutItSmallWritesStayInTheWAL() async throws {
        // The control: the same writes, no background checkpoint, no growth.
        let result = try await writeAndWatch(interval: nil, wait: .milliseconds(600))
        #expect(result.after == result.before)
        #expect(result.messages == 40)
    }
}
