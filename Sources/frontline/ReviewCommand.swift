import ArgumentParser
import Foundation
import FrontlineML
import FrontlineStore

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List what customers said that the bot was unsure of or could not place, most frequent first, for labelling.",
        discussion: """
            Messages are grouped by their normalised text (case, punctuation and digits folded), so \
            "Where is order A-12345?" and "where is order a-99999" count together. Label the ones \
            that matter into TrainingData/nlu/ and retrain.
            """)

    @Option(name: .long, help: "The database the server or chat wrote.")
    var db = "frontline.db"

    @Option(name: .long, help: "Messages parsed below this confidence are listed (out-of-scope ones always are).")
    var maxConfidence = 0.5

    @Option(name: .long, help: "How many groups to list.")
    var limit = 50

    @Flag(name: .long, help: "Print JSON lines instead of a table.")
    var json = false

    func run() async throws {
        guard DatabaseOption.exists(db) else { throw ValidationError("no database at \(db)") }
        let messages = try await DatabaseOption.withStore(db) { try await $0.unsureMessages(maxConfidence: maxConfidence, limit: 100_000) }
        let groups = ReviewQueue.group(messages.map { ($0.text, $0.parse?.intent ?? "", $0.parse?.confidence ?? 0) })
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            for group in groups.prefix(limit) {
                print(String(decoding: try encoder.encode(group), as: UTF8.self))
            }
            return
        }
        print("| count | example | bot's best guess | mean confidence |")
        print("|---|---|---|---|")
        for group in groups.prefix(limit) {
            print("| \(group.count) | \(group.example) | \(group.intent) | \(String(format: "%.2f", group.meanConfidence)) |")
        }
        print("\n\(messages.count) unsure messages in \(groups.count) groups")
    }
}

/// Groups unsure messages by normalised text, most frequent first.
enum ReviewQueue {
    struct Group: Encodable, Equatable {
        var example: String
        var count: Int
        /// The bot's most frequent guess for the group.
        var intent: String
        var meanConfidence: Double
    }

    static func group(_ messages: [(text: String, intent: String, confidence: Double)]) -> [Group] {
        var order: [String] = []
        var members: [String: [(text: String, intent: String, confidence: Double)]] = [:]
        for message in messages {
            let key = Tokenizer.normalize(message.text)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(message)
        }
        return order.map { key in
            let all = members[key]!
            let guesses = Dictionary(grouping: all.map(\.intent), by: { $0 }).mapValues(\.count)
            let intent = guesses.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
            return Group(example: all[0].text, count: all.count, intent: intent,
                         meanConfidence: all.map(\.confidence).reduce(0, +) / Double(all.count))
        }.sorted { $0.count > $1.count }
    }
}
