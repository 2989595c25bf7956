import ArgumentParser
import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlineML

/// Start-up replay of stored outcomes into the outcome memory (hidden from --help; run by
/// Scripts/bench/replay.sh): the one-query read beside the read-a-conversation-per-outcome
/// way it replaced, on the same database in the same run.
struct BenchReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-replay",
        abstract: "Benchmark replaying stored outcomes into a fresh outcome memory.",
        shouldDisplay: false)

    @Option(name: .long, help: "The assistant folder.")
    var data: String = "TrainingData"

    @Option(name: .long, help: "The model folder.")
    var model: String = "Models/default"

    @Option(name: .long, help: "How many outcomes to store (one conversation and one correction each).")
    var outcomes: Int = 10_000

    /// A made-up word per number ("kalomine…"): the texts must differ after normalisation,
    /// which folds digits, or the memory would see one text ten thousand times.
    static func word(_ i: Int) -> String {
        let syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "gu", "de", "fa", "ho", "ji", "ve", "wu", "zo", "be", "cy", "xa", "qu"]
        var n = i, word = ""
        for _ in 0..<4 {
            word += syllables[n % syllables.count]
            n /= syllables.count
        }
        return word
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-bench-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = AssistantPaths(data: data, model: model, database: folder.appendingPathComponent("bench.db").path)
        let intents = ["order_status", "return_item", "warranty", "payment_problem", "store_hours"]
        do {
            let assistant = try await Assistant.load(paths)
            defer { Task { await assistant.store.shutdown() } }
            let seeding = ContinuousClock.now
            for i in 0..<outcomes {
                let id = "replay-\(i)"
                _ = try await assistant.store.openTurn(
                    id: id, channel: "web", customerId: nil, text: "my \(Self.word(i)) order has a problem",
                    clientMessageId: nil)
                _ = try await assistant.store.saveOutcome(OutcomeDraft(
                    conversationId: id, corrections: [TurnCorrection(sequence: 1, intent: intents[i % intents.count])]))
            }
            note(String(format: "stored %d outcomes in %.1f s", outcomes, (ContinuousClock.now - seeding) / .seconds(1)))
        }

        // A fresh start-up, as `serve` does it: the replay is part of Assistant.load.
        let loading = ContinuousClock.now
        let assistant = try await Assistant.load(paths)
        defer { Task { await assistant.store.shutdown() } }
        let loadSeconds = (ContinuousClock.now - loading) / .seconds(1)
        let store = assistant.store
        let engine = assistant.engine

        func fresh() -> OutcomeMemory {
            OutcomeMemory(classifier: assistant.model.intents, extraLabels: assistant.domain.intents.map(\.name))
        }
        func time(_ body: () async throws -> Void) async rethrows -> Double {
            let start = ContinuousClock.now
            try await body()
            return (ContinuousClock.now - start) / .seconds(1)
        }
        var examples = 0
        let query = try await time { examples = try await store.correctionExamples(afterId: 0).count }
        var learned = 0
        let replay = try await time { learned = try await engine.replayOutcomes(afterId: 0, into: fresh()).0.learned }
        // The way it was: every outcome, then its conversation's messages.
        var read = 0
        let perConversation = try await time {
            for outcome in try await store.outcomes(since: .distantPast, limit: Int.max) {
                read += try await store.messages(conversationId: outcome.conversationId, after: 0, limit: Int.max).count
            }
        }
        print("| step | seconds |\n|---|---|")
        print(String(format: "| Assistant.load with %d outcomes to replay (whole start-up) | %.3f |", outcomes, loadSeconds))
        print(String(format: "| read every correction, one query (%d examples) | %.3f |", examples, query))
        print(String(format: "| replay into a fresh memory: read + learn (%d learned) | %.3f |", learned, replay))
        print(String(format: "| peer: outcomes + one conversation read per outcome (%d messages) | %.3f |", read, perConversation))
    }
}
