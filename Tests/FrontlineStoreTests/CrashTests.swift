import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real crash: a child process writes through `SQLiteStore` and reports each write
/// the moment the store returns; the parent kills it with SIGKILL mid-stream (no
/// close, no checkpoint, WAL left behind), reopens the file and checks that every
/// reported write is there. The child is this test binary itself, re-run on the
/// `crashChildWriter` test, so no helper executable is needed.
///
/// SIGKILL loses the process, not the machine: the OS still holds unsynced pages, so
/// this proves "acknowledged ⇒ committed" and WAL recovery, not fsync. Power loss is
/// covered by `synchronous=FULL` (checked in `theWriterRunsWithSynchronousFull`).
@Suite("SQLiteStore crash safety")
struct CrashTests {
    static let childEnvironmentKey = "FRONTLINE_CRASH_CHILD_DB"
    static let writers = 8

    @Test(.enabled(if: ProcessInfo.processInfo.environment[CrashTests.childEnvironmentKey] != nil,
                   "runs only as the child process of aKilledWriterLosesNothingItAcknowledged"))
    func crashChildWriter() async throws {
        guard let path = ProcessInfo.processInfo.environment[Self.childEnvironmentKey] else { return }
        let store = try SQLiteStore(path: path)
        // Bounded, so a child whose parent died stops by itself.
        let deadline = ContinuousClock.now + .seconds(60)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<Self.writers {
                group.addTask {
                    let id = "w\(writer)"
                    var conversation = try await store.createOrLoad(id: id, channel: "web", customerId: nil)
                    var turn = 0
                    while ContinuousClock.now < deadline {
                        let asked = try await store.appendCustomerMessage(conversationId: id, text: "\(id) asks \(turn)", clientMessageId: "\(id)-\(turn)")
                        var state = midFormState(sourceSequence: asked.message.sequence)
                        state.retries = turn
                        conversation = try await store.commitTurn(TurnCommit(
                            conversationId: id, expectedRevision: conversation.revision, replyingTo: asked.message.sequence,
                            replies: [OutgoingMessage(text: "\(id) answers \(turn)")], state: state, status: .bot)).conversation
                        // write(2), unbuffered: the parent must see it before the kill.
                        FileHandle.standardOutput.write(Data("ACK \(id) \(turn)\n".utf8))
                        turn += 1
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The child is this binary re-run through /proc/self/exe; where that does not exist the
    /// test is skipped (and says so), not passed.
    static let canRerunItself = FileManager.default.fileExists(atPath: "/proc/self/exe")

    @Test(.timeLimit(.minutes(2)), .enabled(if: CrashTests.canRerunItself, "needs /proc/self/exe to re-run this test binary"))
    func aKilledWriterLosesNothingItAcknowledged() async throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--testing-library", "swift-testing", "--filter", "crashChildWriter"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childEnvironmentKey] = directory.databasePath
        child.environment = environment
        let output = Pipe()
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Read acknowledgements until enough turns are in flight, then kill.
        let reader = output.fileHandleForReading
        var text = ""
        let start = ContinuousClock.now
        while text.components(separatedBy: "ACK ").count - 1 < 1_000, ContinuousClock.now - start < .seconds(50) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(child.terminationReason == .uncaughtSignal, "the child was killed, not finished")

        var acknowledged: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("ACK ") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let turn = Int(parts[2]) else { continue }
            acknowledged[String(parts[1]), default: -1] = max(acknowledged[String(parts[1]), default: -1], turn)
        }
        #expect(acknowledged.values.reduce(0) { $0 + $1 + 1 } >= 100, "the child got going before the kill")

        let store = try SQLiteStore(path: directory.databasePath)
        for (id, lastTurn) in acknowledged {
            let conversation = try #require(try await store.conversation(id: id))
            // Turns after the last acknowledged one may have committed just before the kill.
            #expect(conversation.revision >= lastTurn + 1)
            #expect(conversation.state.retries >= lastTurn)
            let messages = try await store.messages(conversationId: id, after: 0, limit: 100_000)
            let texts = Set(messages.map(\.text))
            for turn in 0...lastTurn {
                #expect(texts.contains("\(id) asks \(turn)") && texts.contains("\(id) answers \(turn)"), "\(id) turn \(turn)")
            }
            #expect(messages.map(\.sequence) == Array(1..<(messages.count + 1)), "no gaps")
        }
    }
}
