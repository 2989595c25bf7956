import ArgumentParser
import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlineML

/// Whole engine turns in-process, without HTTP: where the server's time per message goes
/// (hidden from --help; the server's own figures come from Scripts/loadtest.sh).
struct BenchTurnsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-turns",
        abstract: "Benchmark engine turns on a fresh SQLite database (messages/s and CPU per message).",
        shouldDisplay: false)

    @Option(name: .long, help: "The assistant folder.")
    var data: String = "TrainingData"

    @Option(name: .long, help: "The model folder.")
    var model: String = "Models/default"

    @Option(name: .long, help: "Concurrent customers.")
    var concurrency: Int = 32

    @Option(name: .long, help: "Seconds to measure.")
    var seconds: Double = 5

    @Flag(name: .long, help: "Only parse the messages (no store, no policy).")
    var parseOnly = false

    @Flag(name: .long, help: "Only time the JSON encoders on a conversation state.")
    var jsonOnly = false

    func run() async throws {
        if jsonOnly { return try benchJSON() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-bench-turns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Order questions call the order service: the demo one, as `serve` starts it.
        DemoOrders.startIfWanted(data: data)
        let assistant = try await Assistant.load(AssistantPaths(data: data, model: model, database: folder.appendingPathComponent("bench.db").path))
        let engine = assistant.engine
        let texts = ["hi", "where is my order A-12345?", "thanks", "what are your opening hours?",
                     "how do I return an item?", "can I pay with PayPal?", "hello", "do you ship abroad?"]
        let parseOnly = self.parseOnly
        let start = ContinuousClock.now
        let cpuStart = cpuSeconds()
        let deadline = start + .seconds(seconds)
        let count = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var done = 0
                    var generator = SystemRandomNumberGenerator()
                    while ContinuousClock.now < deadline {
                        let text = texts[Int.random(in: 0..<texts.count, using: &generator)]
                        if parseOnly {
                            _ = await engine.models.current.parse(text, reference: ReferenceTime(Date(), timeZone: TimeZone.current))
                        } else {
                            let id = "bench-\(worker)-\(Int.random(in: 1...2000, using: &generator))"
                            _ = try await engine.handle(IncomingMessage(
                                conversationId: id, channel: "web", customerId: nil, text: text,
                                clientMessageId: "m-\(worker)-\(done)", context: ["sender": "bench"], receivedAt: Date()))
                        }
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        let cpu = cpuSeconds() - cpuStart
        print(String(format: "%d messages in %.2f s: %.0f msg/s, CPU %.3f ms per message", count, elapsed, Double(count) / elapsed, cpu * 1000 / Double(count)))
    }

    private func benchJSON() throws {
        var state = ConversationState(activeForm: "order_status", requestedSlot: "order_number", lastCustomerText: "where is my order", lastIntent: "order_status")
        state.filledSlots["email"] = FilledSlot(value: "a@example.com", raw: "A@example.com", sourceSequence: 3, confidence: 0.93)
        state.filledSlots["product"] = FilledSlot(value: "playstation 5", sourceSequence: 1)
        state.extras["handed_off"] = "no"
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let compact = CompactJSONEncoder()
        for (name, encode) in [("JSONEncoder", { _ = try foundation.encode(state) }), ("CompactJSONEncoder", { _ = try compact.encode(state) })] as [(String, () throws -> Void)] {
            let start = ContinuousClock.now
            for _ in 0..<20000 { try encode() }
            let elapsed = (ContinuousClock.now - start) / .seconds(1)
            print(String(format: "%@: %.2f µs per state", name, elapsed * 1e6 / 20000))
        }
        print(try compact.encode(state))
    }

    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
