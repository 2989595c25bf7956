import Foundation
import FrontlineTestFiles
import FrontlineAssistant
import FrontlineData
import FrontlineEngine
import Testing

private let root = PackageRoot.url
private let data = root.appendingPathComponent("TrainingData").path

private struct NoOrders: ActionRunner {
    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome { .notFound }
}

/// Agents' outcomes → `frontline outcomes export` → `frontline retrain` → a promoted release
/// that a fresh start-up serves, with every outcome's fix in place (trained in, or replayed
/// from the fixed holdout).
@Suite("CLI: outcomes export and retrain, end to end", .serialized)
struct RetrainEndToEndTests {
    static let questions = [
        "is the blender covered if the motor burns out",
        "my kettle died after eight months, is that covered",
        "how long is the guarantee on a toaster",
        "does the guarantee cover a cracked screen on the tablet",
        "who pays for repairs on a faulty fridge in its first year",
        "can i still claim on the guarantee without the receipt",
    ]

    @Test(.enabled(if: frontline != nil, "the frontline executable is not beside the tests (build with swift build --build-tests)"))
    func exportRetrainPromoteServe() async throws {
        let temporary = try TemporaryFolder()
        defer { temporary.remove() }
        let folder = temporary.url
        let releases = folder.appendingPathComponent("Models/releases")
        try FileManager.default.createDirectory(at: releases, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("Models/default"), to: releases.appendingPathComponent("base"))
        let current = folder.appendingPathComponent("Models/current")
        try FileManager.default.createSymbolicLink(atPath: current.path, withDestinationPath: "releases/base")
        let database = folder.appendingPathComponent("a.db").path
        let paths = AssistantPaths(data: data, model: current.path, database: database)

        var lastOutcome = 0
        do {
            let assistant = try await Assistant.load(paths, actions: NoOrders())
            defer { Task { await assistant.store.shutdown() } }
            for (index, text) in Self.questions.enumerated() {
                _ = try await assistant.engine.handle(IncomingMessage(conversationId: "w-\(index)", channel: "web", text: text))
                lastOutcome = try await assistant.engine.recordOutcome(OutcomeDraft(
                    conversationId: "w-\(index)", corrections: [TurnCorrection(sequence: 1, intent: "warranty")])).id
            }
        }

        // Export: reviewable NLU YAML that loads as training data with every corrected text.
        let exported = folder.appendingPathComponent("reviewed.yml").path
        let (exportStatus, exportOutput) = try runFrontline(["outcomes", "export", "--db", database, "--data", data, "--out", exported])
        #expect(exportStatus == 0, "\(exportOutput)")
        let reviewed = try DatasetLoader.load(path: exported).train
        #expect(Set(reviewed.map(\.text)) == Set(Self.questions))
        #expect(reviewed.allSatisfy { $0.intent == "warranty" })

        // Retrain and promote (forced: this test is about the path, the gate has its own tests).
        let report = folder.appendingPathComponent("report").path
        let (status, output) = try runFrontline([
            "retrain", "--data", data, "--db", database, "--model", current.path,
            "--out", folder.appendingPathComponent("candidate").path, "--report", report, "--force",
        ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("promoted"), "\(output)")
        let promoted = current.resolvingSymlinksInPath()
        #expect(promoted.lastPathComponent.hasPrefix("model-"), "current now names the new release: \(promoted.path)")
        let marker = try JSONSerialization.jsonObject(with: Data(contentsOf: promoted.appendingPathComponent("holdout.json"))) as? [String: Any]
        #expect(marker?["last_outcome_id"] as? Int == lastOutcome)
        #expect(marker?["fixed_holdout_modulus"] as? Int == 5)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report + "/retrain.json"))) as? [String: Any]
        #expect(summary?["decision"] != nil && summary?["held_out"] != nil)
        let previous = folder.appendingPathComponent("Models/previous").resolvingSymlinksInPath()
        #expect(previous.lastPathComponent == "base")

        // A fresh start-up serves the new release, and every outcome's fix holds.
        let assistant = try await Assistant.load(paths, actions: NoOrders())
        defer { Task { await assistant.store.shutdown() } }
        #expect(assistant.models.current.identity.release == promoted.lastPathComponent)
        for text in Self.questions {
            let parse = await assistant.models.current.parse(text, reference: .init(Date(), timeZone: .current))
            #expect(parse.intent.name == "warranty", "\(text) → \(parse.intent.name)")
        }
    }
}
