import Foundation
import FrontlineTestFiles
import FrontlineEngine
import FrontlineLearning
import FrontlineML
import Testing

private func example(_ text: String, _ intent: String, bot: String? = nil, outcome: Int = 1) -> OutcomeExample {
    OutcomeExample(
        text: text, intent: intent, slots: nil, botIntent: bot, botConfidence: nil, conversationId: "c\(outcome)",
        sequence: 1, outcomeId: outcome, resolution: nil)
}

@Suite("Learning: outcomes to examples")
struct OutcomeHarvestTests {
    /// Conversation c1: the bot misread "cancel my order please" (1) and read "hi" (3) right.
    private func messages(_ id: String) -> [Message] {
        let at = Date(timeIntervalSince1970: 0)
        return [
            Message(conversationId: id, sequence: 1, role: .customer, text: "cancel my order please", channel: "web", createdAt: at,
                    parse: MessageParse(intent: "order_status", confidence: 0.41)),
            Message(conversationId: id, sequence: 2, role: .bot, text: "What's your order number?", channel: "web", createdAt: at),
            Message(conversationId: id, sequence: 3, role: .customer, text: "hi", channel: "web", createdAt: at,
                    parse: MessageParse(intent: "greeting", confidence: 0.9)),
        ]
    }

    @Test("retraining reads no conversation when the stored corrections carry their texts and intents")
    func withoutBotReadings() async throws {
        let outcome = Outcome(id: 3, draft: OutcomeDraft(conversationId: "c1", corrections: [
            TurnCorrection(sequence: 1, text: "cancel my order please", intent: "cancel_order"),
        ]), createdAt: Date())
        let harvest = try await OutcomeHarvest.harvest(
            [outcome], messages: { _ in Issue.record("read a conversation"); return [] },
            knownIntents: ["cancel_order"], botReadings: false)
        #expect(harvest.accepted.map(\.text) == ["cancel my order please"])
        #expect(harvest.accepted.map(\.intent) == ["cancel_order"])
        #expect(harvest.accepted.first?.botIntent == nil)
        // A confirmation (no intent) still needs the bot's reading.
        let confirmation = Outcome(id: 4, draft: OutcomeDraft(conversationId: "c1", corrections: [
            TurnCorrection(sequence: 3, text: "hi"),
        ]), createdAt: Date())
        let read = try await OutcomeHarvest.harvest(
            [confirmation], messages: { messages($0) }, knownIntents: ["greeting"], botReadings: false)
        #expect(read.accepted.map(\.intent) == ["greeting"])
    }

    @Test("a correction relabels the message; a confirmation keeps the bot's intent; a bad sequence is reported")
    func corrections() async throws {
        let outcome = Outcome(id: 7, draft: OutcomeDraft(conversationId: "c1", corrections: [
            TurnCorrection(sequence: 1, intent: "cancel_order"),
            TurnCorrection(sequence: 3),
            TurnCorrection(sequence: 2, intent: "greeting"),  // a bot message: not a customer's
            TurnCorrection(sequence: 9, intent: "greeting"),
        ]), createdAt: Date())
        let harvest = try await OutcomeHarvest.harvest(
            [outcome], messages: { messages($0) }, knownIntents: ["cancel_order", "greeting", "order_status"])
        #expect(harvest.accepted.map(\.text) == ["cancel my order please", "hi"])
        #expect(harvest.accepted.map(\.intent) == ["cancel_order", "greeting"])
        #expect(harvest.accepted.map(\.corrected) == [true, false])
        #expect(harvest.accepted.first?.botConfidence == 0.41)
        #expect(harvest.missingMessages.count == 2)
    }

    @Test("conflicts (between agents, or against the training data), duplicates and unknown intents are set aside")
    func sorting() async throws {
        let outcomes = [
            Outcome(id: 1, draft: OutcomeDraft(conversationId: "a", corrections: [TurnCorrection(sequence: 1, intent: "cancel_order")]), createdAt: Date()),
            Outcome(id: 2, draft: OutcomeDraft(conversationId: "b", corrections: [TurnCorrection(sequence: 1, intent: "refund_status")]), createdAt: Date()),
            Outcome(id: 3, draft: OutcomeDraft(conversationId: "c", corrections: [TurnCorrection(sequence: 3, intent: "greeting")]), createdAt: Date()),
            Outcome(id: 4, draft: OutcomeDraft(conversationId: "d", corrections: [TurnCorrection(sequence: 3, intent: "greeting")]), createdAt: Date()),
            Outcome(id: 5, draft: OutcomeDraft(conversationId: "e", corrections: [TurnCorrection(sequence: 3, intent: "retired_intent")]), createdAt: Date()),
        ]
        let known: Set<String> = ["cancel_order", "refund_status", "greeting", "goodbye"]
        let harvest = try await OutcomeHarvest.harvest(outcomes, messages: { messages($0) }, knownIntents: known)
        #expect(harvest.conflicts.map(\.text) == ["cancel my order please"])
        #expect(Set(harvest.conflicts.first?.labels.map(\.intent) ?? []) == ["cancel_order", "refund_status"])
        #expect(harvest.accepted.map(\.text) == ["hi"])
        #expect(harvest.duplicates.map(\.outcomeId) == [4])
        #expect(harvest.unknownIntents.map(\.intent) == ["retired_intent"])

        // "hi" labelled goodbye in the training data: now a conflict too, and nothing is accepted.
        let againstData = try await OutcomeHarvest.harvest(
            outcomes, messages: { messages($0) }, knownIntents: known,
            trainingData: [Utterance(text: "Hi!", intent: "goodbye")])
        #expect(againstData.accepted.isEmpty)
        #expect(againstData.conflicts.count == 2)
        #expect(againstData.conflicts.contains { $0.labels.contains { $0.source == "training data" } })
    }
}

@Suite("Learning: fixed holdout and the promotion gate")
struct GateTests {
    /// 0 → "aa", 1 → "ba", 27 → "bb": a word without digits for each number.
    static func letters(_ n: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        return String([alphabet[n % 26], alphabet[(n / 26) % 26]])
    }

    @Test("the holdout depends on the text only: adding data moves nothing, about a fifth is held out")
    func holdoutIsFixed() {
        // Digits normalise to 0, so vary the words: 40 × 50 distinct texts.
        let verbs = (0..<40).map { "verb" + Self.letters($0) }
        let nouns = (0..<50).map { "noun" + Self.letters($0) }
        let texts = verbs.flatMap { verb in nouns.map { "please \(verb) my \($0)" } }
        let before = texts.filter { FixedHoldout.isHeldOut($0) }
        let more = texts + nouns.map { "another \($0) text" }
        let after = more.filter { FixedHoldout.isHeldOut($0) }
        #expect(Array(after.prefix(before.count)) == before)
        #expect((300...500).contains(before.count))
        // Case and spacing do not move an example across.
        if let first = before.first {
            #expect(FixedHoldout.isHeldOut(first.uppercased() + "  "))
        }
    }

    @Test("promotes within tolerance; refuses a candidate worse overall or on the trusted training-data holdout")
    func gate() {
        let gate = PromotionGate(tolerance: 0.01)
        let current = PromotionGate.Scores(overall: 0.90, trainingHoldout: 0.92, outcomeHoldout: 0.50)
        #expect(gate.decide(current: current, candidate: .init(overall: 0.895, trainingHoldout: 0.915, outcomeHoldout: 0.9)).promote)
        #expect(gate.decide(current: current, candidate: .init(overall: 0.95, trainingHoldout: 0.93, outcomeHoldout: 0.9)).promote)
        let worse = gate.decide(current: current, candidate: .init(overall: 0.88, trainingHoldout: 0.92, outcomeHoldout: 0.5))
        #expect(!worse.promote && worse.reasons.count == 1)
        // Better overall thanks to its own (mislabelled) outcomes, worse on the trusted data: refused.
        let mislabelled = gate.decide(current: current, candidate: .init(overall: 0.91, trainingHoldout: 0.85, outcomeHoldout: 1.0))
        #expect(!mislabelled.promote)
        #expect(mislabelled.reasons.first?.contains("training-data") == true)
    }
}

@Suite("Learning: promotion and rollback")
struct RegistryTests {
    private func folder(with marker: String, in parent: URL, name: String) throws -> URL {
        let url = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(marker.utf8).write(to: url.appendingPathComponent("manifest.json"))
        return url
    }

    private func marker(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url.appendingPathComponent("manifest.json")), as: UTF8.self)
    }

    @Test("promotion switches current to the candidate and keeps the old one as previous; rollback swaps back")
    func promoteAndRollback() throws {
        let temporary = try TemporaryFolder()
        let models = temporary.url
        _ = try folder(with: "v1", in: models, name: "current")  // a plain folder at first
        let registry = ModelRegistry(current: models.appendingPathComponent("current"))

        try registry.promote(try folder(with: "v2", in: models, name: "candidate"), releaseName: "r2")
        #expect(try marker(registry.current) == "v2")
        #expect(try marker(registry.previous) == "v1")
        #expect(!FileManager.default.fileExists(atPath: models.appendingPathComponent("candidate").path))

        try registry.promote(try folder(with: "v3", in: models, name: "candidate"), releaseName: "r3")
        #expect(try marker(registry.current) == "v3")
        #expect(try marker(registry.previous) == "v2")

        _ = try registry.rollback()
        #expect(try marker(registry.current) == "v2")
        #expect(try marker(registry.previous) == "v3")
        // Links are relative, so the Models folder can move.
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: registry.current.path) == "releases/r2")
        // No temporary links are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: models.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("a release name in use and a rollback with nothing before are errors, and change nothing")
    func errors() throws {
        let temporary = try TemporaryFolder()
        let models = temporary.url
        let registry = ModelRegistry(current: models.appendingPathComponent("current"))
        #expect(throws: RegistryError.self) { try registry.rollback() }
        try registry.promote(try folder(with: "v1", in: models, name: "candidate"), releaseName: "r1")
        #expect(throws: RegistryError.self) {
            try registry.promote(try folder(with: "v9", in: models, name: "candidate"), releaseName: "r1")
        }
        #expect(try marker(registry.current) == "v1")
    }
}
