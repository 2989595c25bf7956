// Durable messages per second through SQLiteStore, with 1 and 64 concurrent writers.
//
//   swift run -c release bench-store [--seconds 3] [--writers 1,64] [--dir /tmp]
//
// Each writer owns a conversation (as concurrent customers do) and, for the time
// given, either appends customer messages ("append") or runs whole turns ("turn":
// the customer message, then commitTurn with one bot reply and new state: two
// messages and two transactions). Every call returns only once durable
// (synchronous=FULL), so messages/s is durable messages/s. "batch=1" reruns the
// same load with group commit off, to show what batching buys.
import Foundation
import FrontlineEngine
import FrontlineStore

struct Settings {
    var seconds = 3.0
    var writers = [1, 64]
    var directory = FileManager.default.temporaryDirectory.path
}

func parseArguments() -> Settings? {
    var settings = Settings()
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        switch argument {
        case "--seconds":
            guard let value = arguments.next().flatMap(Double.init), value > 0 else { return nil }
            settings.seconds = value
        case "--writers":
            let counts = arguments.next()?.split(separator: ",").compactMap { Int($0) } ?? []
            guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else { return nil }
            settings.writers = counts
        case "--dir":
            guard let value = arguments.next() else { return nil }
            settings.directory = value
        default:
            return nil
        }
    }
    return settings
}

enum Load: String { case append, turn }

/// Runs `writers` closed-loop writers for `seconds`; returns messages stored per second.
func measure(load: Load, writers: Int, maxBatch: Int, settings: Settings) async throws -> Double {
    let folder = URL(fileURLWithPath: settings.directory).appendingPathComponent("frontline-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var options = SQLiteStore.Options()
    options.maxBatch = maxBatch
    let store = try SQLiteStore(path: folder.appendingPathComponent("bench.db").path, options: options)
    for writer in 0..<writers {
        _ = try await store.createOrLoad(id: "bench-\(writer)", channel: "web", customerId: "customer-\(writer)")
    }
    let start = ContinuousClock.now
    let deadline = start + .seconds(settings.seconds)
    let stored = try await withThrowingTaskGroup(of: Int.self) { group in
        for writer in 0..<writers {
            group.addTask {
                let id = "bench-\(writer)"
                var revision = 0
                var messages = 0
                var turn = 0
                while ContinuousClock.now < deadline {
                    let asked = try await store.appendCustomerMessage(
                        conversationId: id, text: "where is my order A-\(writer)-\(turn)?", clientMessageId: "\(id)-\(turn)")
                    messages += 1
                    if load == .turn {
                        var state = ConversationState(activeForm: "order_status", requestedSlot: "email")
                        state.retries = turn
                        let committed = try await store.commitTurn(TurnCommit(
                            conversationId: id, expectedRevision: revision, replyingTo: asked.message.sequence,
                            replies: [OutgoingMessage(text: "Which email did you order with?")], state: state, status: .bot))
                        revision = committed.conversation.revision
                        messages += committed.replies.count
                    }
                    turn += 1
                }
                return messages
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    try store.close()
    return Double(stored) / seconds
}

func row(_ load: Load, _ writers: Int, _ mode: String, _ rate: Double) -> String {
    func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
    let count = String(writers)
    return pad(load.rawValue, 8) + String(repeating: " ", count: max(0, 7 - count.count)) + count + "  " + pad(mode, 14)
        + String(format: "%18.0f", rate)
}

guard let settings = parseArguments() else {
    print("usage: bench-store [--seconds S] [--writers 1,64] [--dir DIR]")
    exit(2)
}
print("load    writers  group commit    durable messages/s")
for load in [Load.append, .turn] {
    for writers in settings.writers {
        let batched = try await measure(load: load, writers: writers, maxBatch: 256, settings: settings)
        print(row(load, writers, "on", batched))
        if writers > 1 {
            let unbatched = try await measure(load: load, writers: writers, maxBatch: 1, settings: settings)
            print(row(load, writers, "off (batch=1)", unbatched))
        }
    }
}
