import ArgumentParser
import Foundation
import FrontlineData
import FrontlineLearning
import FrontlineStore

struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Show and export agents' outcomes (the bot's reading of each message against the agent's).",
        subcommands: [List.self, Export.self])

    struct Options: ParsableArguments {
        @Option(name: .long, help: "The SQLite database the server or chat wrote.")
        var db = "frontline.db"

        @Option(name: .long, help: "The assistant folder: its domain says which intents exist, its nlu/ which texts are labelled already.")
        var data = "TrainingData"

        func harvest() async throws -> OutcomeHarvest {
            guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("no database at \(db)") }
            let store = try SQLiteStore(path: db)
            defer { try? store.close() }
            let domain = try DomainLoader.load(path: data)
            let training = try DatasetLoader.load(path: data).train
            let outcomes = try await store.outcomes(since: .distantPast, limit: Int.max)
            return try await OutcomeHarvest.harvest(
                outcomes, messages: { try await store.messages(conversationId: $0, after: 0, limit: Int.max) },
                knownIntents: Set(domain.intents.map(\.name)), trainingData: training)
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
