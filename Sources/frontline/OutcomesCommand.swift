import ArgumentParser
import Foundation
import FrontlineData
import FrontlineEngine
import FrontlineML
import FrontlineLearning
import FrontlineStore

struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Show and export agents' outcomes (the bot's reading of each message against the agent's).",
        subcommands: [List.self, Export.self, Synthesize.self])

    struct Options: ParsableArguments {
        @Option(name: .long, help: "The SQLite database the server or chat wrote.")
        var db = "frontline.db"

        @Option(name: .long, help: "The assistant folder: its domain says which intents exist, its nlu/ which texts are labelled already.")
        var data = "TrainingData"

        func harvest() async throws -> OutcomeHarvest {
            guard DatabaseOption.exists(db) else { throw ValidationError("no database at \(db)") }
            let domain = try DomainLoader.load(path: data)
            let training = try DatasetLoader.load(path: data).train
            return try await DatabaseOption.withStore(db) { store in
                let outcomes = try await store.outcomes(since: .distantPast, limit: Int.max)
                return try await OutcomeHarvest.harvest(
                    outcomes, messages: { try await store.messages(conversationId: $0, after: 0, limit: Int.max) },
                    knownIntents: Set(domain.intents.map(\.name)), trainingData: training)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List outcomes' examples and what is set aside (conflicts, duplicates, unknown intents).")
        @OptionGroup var options: Options
        @Flag(name: .long, help: "Print JSON instead of a table.")
        var json = false

        func run() async throws {
            let harvest = try await options.harvest()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.keyEncodingStrategy = .convertToSnakeCase
                print(String(decoding: try encoder.encode(harvest), as: UTF8.self))
                return
            }
            print("| text | bot intent | confidence | agent intent | resolution |")
            print("|---|---|---|---|---|")
            for e in harvest.accepted {
                let confidence = e.botConfidence.map { String(format: "%.2f", $0) } ?? ""
                print("| \(e.text) | \(e.botIntent ?? "") | \(confidence) | \(e.intent)\(e.corrected ? " (corrected)" : "") | \(e.resolution ?? "") |")
            }
            print("\n\(harvest.accepted.count) usable, \(harvest.accepted.filter(\.corrected).count) of them corrections")
            for c in harvest.conflicts {
                print("conflict: \"\(c.text)\" is labelled " + c.labels.map { "\($0.intent) (\($0.source))" }.joined(separator: ", "))
            }
            for d in harvest.duplicates { print("duplicate: \"\(d.text)\" (\(d.intent), outcome \(d.outcomeId))") }
            for u in harvest.unknownIntents { print("unknown intent: \"\(u.text)\" → \(u.intent) (outcome \(u.outcomeId)): not in the domain") }
            for m in harvest.missingMessages { print("missing: \(m)") }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the usable examples as Frontline NLU YAML for review.")
        @OptionGroup var options: Options
        @Option(name: .long, help: "The YAML file to write (- for standard output).")
        var out = "-"

        func run() async throws {
            let harvest = try await options.harvest()
            let yaml = OutcomeExport.yaml(harvest.accepted)
            if out == "-" {
                print(yaml, terminator: "")
            } else {
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                note("wrote \(harvest.accepted.count) examples to \(out); set aside: \(harvest.conflicts.count) conflicts, \(harvest.duplicates.count) duplicates, \(harvest.unknownIntents.count) with unknown intents")
            }
        }
    }
}

extension OutcomesCommand {
    /// Fills a database with synthetic agents' outcomes, through the store's own API, for
    /// benchmarks (Scripts/bench/retrain.sh) and demos (Scripts/demo-learning.sh).
    struct Synthesize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write synthetic outcomes (one conversation, one customer message and one correction each) for benchmarks and demos.",
            shouldDisplay: false)

        @Option(name: .long, help: "The SQLite database to write (created when missing).")
        var db = "frontline.db"

        @Option(name: .long, help: "The assistant folder whose training examples are varied into customer messages.")
        var data = "TrainingData"

        @Option(name: .long, help: "How many outcomes.")
        var count = 10_000

        @Option(name: .long, help: "Share (0–1) of outcomes labelled with a wrong intent.")
        var wrong = 0.0

        @Option(name: .long, help: "Only examples of this intent (default: all).")
        var intent: String?

        @Option(name: .long, help: "Random seed.")
        var seed: UInt64 = 1

        @Option(name: .long, help: "Conversation id prefix.")
        var prefix = "synthetic"

        func run() async throws {
            var examples = try DatasetLoader.load(path: data).train
            let intents = Array(Set(examples.map(\.intent))).sorted()
            if let intent { examples = examples.filter { $0.intent == intent } }
            guard !examples.isEmpty, intents.count > 1 else { throw ValidationError("no training examples in \(data)") }
            var random = SeededGenerator(seed: seed)
            let openers = ["", "hi, ", "hello, ", "hey ", "excuse me, ", "quick question: ", "sorry, ", "good morning, "]
            let closers = ["", " please", " thanks", "?", " asap", " thank you", " cheers", "!!"]
            var drafts: [(text: String, intent: String)] = []
            var seen: Set<String> = []
            var attempts = 0
            while drafts.count < count, attempts < count * 50 {
                attempts += 1
                let example = examples[Int.random(in: 0..<examples.count, using: &random)]
                var text = openers[Int.random(in: 0..<openers.count, using: &random)] + example.text + closers[Int.random(in: 0..<closers.count, using: &random)]
                if attempts > count * 2 { text += " (\(attempts))" }
                guard seen.insert(Tokenizer.normalize(text)).inserted else { continue }
                var label = example.intent
                if Double.random(in: 0..<1, using: &random) < wrong {
                    label = intents.filter { $0 != example.intent }[Int.random(in: 0..<(intents.count - 1), using: &random)]
                }
                drafts.append((text, label))
            }
            let store = try SQLiteStore(path: db)
            let clock = ContinuousClock()
            let start = clock.now
            let prefix = self.prefix
            let all = drafts
            // Many writers at once: the store group-commits them.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        for i in stride(from: worker, to: all.count, by: 32) {
                            let id = "\(prefix)-\(i)"
                            _ = try await store.createOrLoad(id: id, channel: "web", customerId: nil)
                            let appended = try await store.appendCustomerMessage(conversationId: id, text: all[i].text, clientMessageId: nil)
                            _ = try await store.saveOutcome(OutcomeDraft(
                                conversationId: id, corrections: [TurnCorrection(sequence: appended.message.sequence, intent: all[i].intent)],
                                resolution: "synthetic", botWasRight: false, agentId: "synthetic"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            try store.close()
            let elapsed = clock.now - start
            note("wrote \(drafts.count) outcomes to \(db) in \(elapsed.components.seconds) s")
        }
    }
}
