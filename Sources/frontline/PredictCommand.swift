import ArgumentParser
import Foundation
import FrontlineML

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify texts with a trained model; one JSON object per input line.",
        discussion: """
            Texts come from the arguments, or one per line on standard input when there are none. \
            Each output line is {"text", "intent": {"name", "confidence"}, "ranking": [top 5], "out_of_scope"}.
            """)

    @Option(name: .long, help: "The model folder (e.g. Models/default).")
    var model: String

    @Option(name: .long, help: "How many intents to rank.")
    var top: Int = 5

    @Argument(help: "Texts to classify (default: lines on standard input).")
    var texts: [String] = []

    struct Output: Encodable {
        var text: String
        var intent: IntentScore
        var ranking: [IntentScore]
        var outOfScope: Bool
        var outOfScopeReason: String?

        enum CodingKeys: String, CodingKey {
            case text, intent, ranking
            case outOfScope = "out_of_scope"
            case outOfScopeReason = "out_of_scope_reason"
        }
    }

    func run() throws {
        let classifier: IntentClassifier
        do {
            classifier = try ModelFile.load(from: URL(fileURLWithPath: model)).0
        } catch let error as ModelError {
            throw ValidationError(error.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func emit(_ text: String) throws {
            let p = classifier.predict(text, top: top)
            let out = Output(
                text: text, intent: p.intent, ranking: p.ranking, outOfScope: p.outOfScope,
                outOfScopeReason: p.outOfScopeReason?.rawValue)
            print(String(decoding: try encoder.encode(out), as: UTF8.self))
        }
        if texts.isEmpty {
            while let line = readLine() {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { try emit(text) }
            }
        } else {
            for text in texts { try emit(text) }
        }
    }
}
