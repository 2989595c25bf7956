import Foundation
import FrontlineTestFiles
import FrontlineAssistant
import FrontlineData
import FrontlineEngine
import FrontlineLearning
import Testing

private let root = PackageRoot.url
private let data = root.appendingPathComponent("TrainingData").path
private let shippedModel = root.appendingPathComponent("Models/default")

private struct NoOrders: ActionRunner {
    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome { .notFound }
}

/// What survives a retrain in the outcome memory: the outcomes the model was not trained
/// with, i.e. the newer ones and the older ones its fixed holdout kept back.
@Suite("Assistant: replaying outcomes at start-up", .serialized)
struct OutcomeReplayTests {
    /// The first generated texts that the fixed holdout keeps back / lets into training.
    static func texts(heldOut: Bool, count: Int) -> [String] {
        // Texts with no word in common: the outcome memory answers only for near-identical
        // texts, so each text's memory entry must not reach the others. Words, not numbers:
        // normalisation folds digits, which would make every text hash alike.
        let words = """
            zebra quartz lantern meadow violin harbor pepper glacier tundra saddle orchid cobalt \
            walrus hammock biscuit canyon falcon trumpet nectar pebble jasmine anchor velvet summit \
            thistle goblet marble prairie lagoon cactus ember willow parrot bronze cinder magnet \
            fjord turnip waffle beacon mosaic rhubarb scarab tulip vortex yodel zinnia quiver
            """.split(separator: " ").map(String.init)
        return stride(from: 0, to: words.count - 2, by: 3).map { "\(words[$0]) \(words[$0 + 1]) \(words[$0 + 2])" }
            .filter { FixedHoldout.isHeldOut($0) == heldOut }.prefix(count).map { $0 }
    }

    @Test("held-out outcomes older than the model's last outcome are replayed; trained ones are not")
    func heldOutOutcomesSurviveARetrain() async throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = temporary.url
        let model = folder.appendingPathComponent("model")
        try FileManager.default.copyItem(at: shippedModel, to: model)
        let paths = AssistantPaths(data: data, model: model.path, database: folder.appendingPathComponent("a.db").path)

        let heldOut = Self.texts(heldOut: true, count: 2)
        let trained = Self.texts(heldOut: false, count: 2)
        let newer = Self.texts(heldOut: false, count: 3).last!
        #expect(heldOut.count == 2 && trained.count == 2)

        // Teach "warranty" for each text, as an agent would, on the model without a holdout marker.
        var lastTrained = 0
        do {
            let assistant = try await Assistant.load(paths, actions: NoOrders())
            defer { Task { await assistant.store.shutdown() } }
            for (index, text) in (heldOut + trained + [newer]).enumerated() {
                let id = "c-\(index)"
                _ = try await assistant.engine.handle(IncomingMessage(conversationId: id, channel: "web", text: text))
                let outcome = try await assistant.engine.recordOutcome(OutcomeDraft(
                    conversationId: id, corrections: [TurnCorrection(sequence: 1, intent: "warranty")]))
                if index < 4 { lastTrained = outcome.id }
            }
        }
        // A retrain that saw outcomes up to `lastTrained`, holding one text in five out.
        try Data(#"{"fixed_holdout_modulus": 5, "last_outcome_id": \#(lastTrained)}"#.utf8)
            .write(to: model.appendingPathComponent("holdout.json"))

        let assistant = try await Assistant.load(paths, actions: NoOrders())
        defer { Task { await assistant.store.shutdown() } }
        let serving = assistant.models.current
        for text in heldOut + [newer] {
            let parse = await serving.parse(text, reference: .init(Date(), timeZone: .current))
            #expect(parse.learnedFromOutcomes && parse.intent.name == "warranty", "\(text) should be remembered")
        }
        for text in trained {
            let parse = await serving.parse(text, reference: .init(Date(), timeZone: .current))
            #expect(!parse.learnedFromOutcomes, "\(text) went into the model, not the memory")
        }
    }
}
