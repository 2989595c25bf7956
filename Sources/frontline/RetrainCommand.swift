import ArgumentParser
import Foundation
import FrontlineAssistant
import FrontlineData
import FrontlineEngine
import FrontlineLearning
import FrontlineML
import FrontlinePostgres
import FrontlineReport
import FrontlineStore

struct RetrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Train a candidate from the training data plus agents' outcomes; promote it only when it is not worse.",
        discussion: """
            A fixed fifth of the training data (chosen by a hash of each text, so it never moves) and \
            a fifth of the usable outcomes are held out of training; the current and the candidate \
            model are scored on that same held-out set. The candidate is promoted (Models/current, \
            a link, is switched atomically to it under Models/releases/; the old one becomes \
            Models/previous) when it is not worse than the current model beyond --tolerance, overall \
            and on the training data's held-out part alone. Conflicting, duplicate and unknown-intent \
            outcomes are reported and left out (see frontline outcomes list).
            """)

    @Option(name: .long, help: "The assistant folder (domain.yml, nlu/).")
    var data = "TrainingData"

    @Option(name: .long, help: "The database holding agents' outcomes.")
    var db = "frontline.db"

    @Option(name: .long, help: "The serving model: a link such as Models/current (a plain folder becomes the first release).")
    var model = "Models/current"

    @Option(name: .long, help: "Where to write the candidate before promotion.")
    var out = "Models/candidate"

    @Option(name: .long, help: "Accuracy points (0–100) the candidate may lose and still be promoted.")
    var tolerance = 1.0

    @Option(name: .long, help: "Folder for the comparison report (compare.json, compare.html, retrain.json).")
    var report: String?

    @Flag(name: .long, help: "Promote even when the gate refuses.")
    var force = false

    @Flag(name: .long, help: "Only train and compare; never promote.")
    var noPromote = false

    func run() async throws {
        EncoderRegistry.shared.keepEmbeddingsOnDisk(true)  // re-runs encode only new texts
        let clock = ContinuousClock()
        let started = clock.now
        let domain = try DomainLoader.load(path: data)
        let training = try DatasetLoader.load(path: data).train
        let registry = ModelRegistry(current: URL(fileURLWithPath: model))
        guard let currentFolder = registry.resolvedCurrent() else {
            throw ValidationError("no current model at \(model) (train one, e.g. frontline train --data \(data) --out \(model))")
        }
        let (current, currentManifest) = try NLUModelFile.load(from: currentFolder)
        var currentSettings = NLUTrainingSettings.recommended
        currentSettings.intent = currentManifest.training
        let excludesHoldout = FileManager.default.fileExists(atPath: currentFolder.appendingPathComponent(Retrainer.holdoutMarker).path)

        var harvest = OutcomeHarvest.empty
        var lastOutcomeId = 0
        if DatabaseOption.exists(db) {
            (harvest, lastOutcomeId) = try await DatabaseOption.withStore(db) { store in
                let outcomes = try await store.outcomes(since: .distantPast, limit: Int.max)
                let harvest = try await OutcomeHarvest.harvest(
                    outcomes, messages: { try await store.messages(conversationId: $0, after: 0, limit: Int.max) },
                    knownIntents: Set(domain.intents.map(\.name)), trainingData: training, botReadings: false)
                return (harvest, outcomes.map(\.id).max() ?? 0)
            }
        } else {
            note("no database at \(db): retraining on the training data alone")
        }
        note("outcomes: \(harvest.accepted.count) usable; set aside \(harvest.conflicts.count) conflicts, \(harvest.duplicates.count) duplicates, \(harvest.unknownIntents.count) with unknown intents (frontline outcomes list shows them)")

        let result = try Retrainer.run(
            trainingData: training, outcomes: harvest.accepted, slots: domain.slotDefinitions, current: current,
            currentExcludesHoldout: excludesHoldout, currentSettings: currentSettings,
            gate: PromotionGate(tolerance: tolerance / 100), progress: { note("  " + $0) })
        let outURL = URL(fileURLWithPath: out)
        try? FileManager.default.removeItem(at: outURL)
        try NLUModelFile.save(result.candidate, settings: result.settings, trainingData: result.trainingSet, to: outURL)
        // The server replays only outcomes after `last_outcome_id` into this model's memory.
        try Data(#"{"fixed_holdout_modulus": 5, "last_outcome_id": \#(lastOutcomeId)}"#.utf8)
            .write(to: outURL.appendingPathComponent(Retrainer.holdoutMarker))

        let c = result.comparison
        print(String(format: """
            held-out            %d utterances (%d from the training data, %d from outcomes)
            current   accuracy  %.2f%% (training-data part %@, outcomes part %@)%@
            candidate accuracy  %.2f%% (training-data part %@, outcomes part %@)
            changed             %d now right, %d now wrong (McNemar p = %.4g)
            """,
            result.holdout.count, result.holdout.count - result.outcomeExamplesHeldOut, result.outcomeExamplesHeldOut,
            result.current.overall * 100, pct(result.current.trainingHoldout), pct(result.current.outcomeHoldout),
            result.currentRefitted ? " — its recipe refitted without the held-out utterances it had seen" : "",
            result.candidateScores.overall * 100, pct(result.candidateScores.trainingHoldout), pct(result.candidateScores.outcomeHoldout),
            c.aWrongBRight.count, c.aRightBWrong.count, c.mcnemar.pValue))
        let reportDir = URL(fileURLWithPath: report ?? outURL.appendingPathComponent("retrain-report").path)
        try writeReport(result, to: reportDir, currentName: currentFolder.path)

        var promotedTo: URL?
        if result.decision.promote || force, !noPromote {
            let name = "model-" + Self.releaseStamp()
            promotedTo = try registry.promote(outURL, releaseName: name)
            await recordRelease(database: db, name: name, lastOutcomeId: lastOutcomeId, folder: promotedTo)
        }
        for reason in result.decision.reasons { print("gate: \(reason)") }
        if let promotedTo {
            print("promoted  \(model) → \(promotedTo.path)\(result.decision.promote ? "" : " (forced)"); frontline rollback --model \(model) undoes it")
        } else {
            print(noPromote ? "not promoted (--no-promote); candidate in \(out)" : "refused   the candidate stays in \(out); --force promotes it anyway")
        }
        print(String(format: "seconds   %.2f", Double((clock.now - started).components.seconds) + Double((clock.now - started).components.attoseconds) / 1e18))
    }

    private func pct(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a" }

    private func writeReport(_ result: Retrainer.Result, to dir: URL, currentName: String) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(result.comparison).write(to: dir.appendingPathComponent("compare.json"), options: .atomic)
        let summary = RetrainSummary(
            current: result.current, candidate: result.candidateScores, decision: result.decision,
            heldOut: result.holdout.count, outcomeExamplesTrained: result.outcomeExamplesTrained,
            outcomeExamplesHeldOut: result.outcomeExamplesHeldOut)
        try encoder.encode(summary).write(to: dir.appendingPathComponent("retrain.json"), options: .atomic)
        let html = ComparisonPage.render(result.comparison, modelA: currentName, modelB: out, data: data, split: "fixed holdout + outcomes")
        try Data(html.utf8).write(to: dir.appendingPathComponent("compare.html"), options: .atomic)
        note("wrote \(dir.path)/compare.html, compare.json and retrain.json")
    }

    static func releaseStamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}

private struct RetrainSummary: Encodable {
    var current: PromotionGate.Scores
    var candidate: PromotionGate.Scores
    var decision: PromotionGate.Decision
    var heldOut: Int
    var outcomeExamplesTrained: Int
    var outcomeExamplesHeldOut: Int
}

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback", abstract: "Point the serving model back at the one before the last promotion.")

    @Option(name: .long, help: "The serving model link.")
    var model = "Models/current"

    @Option(name: .long, help: "With postgres://…: publish the release rolled back to, so every replica switches to it.")
    var db: String?

    func run() async throws {
        let registry = ModelRegistry(current: URL(fileURLWithPath: model))
        do {
            let back = try registry.rollback()
            print("\(model) → \(back.path)")
            if let db, PostgresLocation.isURL(db) {
                try await DatabaseOption.withStore(db) { store in
                    guard let releases = store as? any ModelReleaseStore else { return }
                    try await releases.publishRelease(name: back.lastPathComponent, files: try DatabaseReleases.files(in: back))
                }
                print("release \(back.lastPathComponent) published in the database")
            }
        } catch let error as RegistryError {
            throw ValidationError(error.description)
        }
    }
}
