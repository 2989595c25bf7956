import Foundation
import Testing
@testable import FrontlineML

/// Slots in cross-validation and model comparison; report.md free of timings.
@Suite struct SlotEvaluationGapsTests {
    static func s(_ slot: String, _ start: Int, _ end: Int) -> SlotSpan { SlotSpan(slot: slot, start: start, end: end) }

    @Test func frameIsRightNeedsTheIntentAndEverySpan() {
        let gold = Utterance(text: "fly to rome on monday", intent: "book", slots: [Self.s("city", 7, 11), Self.s("date", 15, 21)])
        func predicted(_ intent: String, _ slots: [SlotSpan]) -> Utterance { Utterance(text: gold.text, intent: intent, slots: slots) }
        #expect(SlotMetrics.frameIsRight(gold: gold, predicted: predicted("book", [Self.s("date", 15, 21), Self.s("city", 7, 11)])))
        #expect(!SlotMetrics.frameIsRight(gold: gold, predicted: predicted("cancel", gold.slots)))
        #expect(!SlotMetrics.frameIsRight(gold: gold, predicted: predicted("book", [Self.s("city", 7, 11)])))
        #expect(!SlotMetrics.frameIsRight(gold: gold, predicted: predicted("book", gold.slots + [Self.s("city", 7, 11)])))
        #expect(!SlotMetrics.frameIsRight(gold: gold, predicted: predicted("book", [Self.s("city", 7, 10), Self.s("date", 15, 21)])))
        // Out-of-scope labels count as one, as in frame accuracy.
        let oos = Utterance(text: "hm", intent: "oos", slots: [])
        #expect(SlotMetrics.frameIsRight(gold: oos, predicted: Utterance(text: "hm", intent: "out_of_scope", slots: [])))
    }

    /// Worked by hand: 5 utterances; A's frames right on 1, 2, 3; B's on 1, 4, 5 → A-only 2, B-only 2.
    @Test func frameComparisonCountsFlipsAndScoresBothModels() {
        let gold = (0..<5).map { Utterance(text: "t\($0) abc", intent: "x", slots: [Self.s("s", 0, 2)]) }
        let right = { (u: Utterance) in u }
        let wrongSpan = { (u: Utterance) in Utterance(text: u.text, intent: u.intent, slots: [Self.s("s", 0, 1)]) }
        let a = [right(gold[0]), right(gold[1]), right(gold[2]), wrongSpan(gold[3]), wrongSpan(gold[4])]
        let b = [right(gold[0]), wrongSpan(gold[1]), wrongSpan(gold[2]), right(gold[3]), right(gold[4])]
        let c = FrameComparison(gold: gold, predictedA: a, predictedB: b)
        #expect(c.aRightBWrong == ["t1 abc", "t2 abc"])
        #expect(c.aWrongBRight == ["t3 abc", "t4 abc"])
        #expect((c.mcnemar.aOnly, c.mcnemar.bOnly) == (2, 2))
        #expect(c.mcnemar.pValue == 1)
        #expect(abs(c.slotsA.frameAccuracy - 0.6) < 1e-12 && abs(c.slotsB.frameAccuracy - 0.6) < 1e-12)
        #expect(abs(c.slotsA.slotF1 - 0.6) < 1e-12)
        let json = String(decoding: try! JSONEncoder().encode(c), as: UTF8.self)
        for key in ["slots_a", "slots_b", "a_right_b_wrong", "a_wrong_b_right", "mcnemar"] { #expect(json.contains("\"\(key)\"")) }
    }

    /// A small, learnable slot task: every fold trains its own tagger and scores slots.
    static let slotData: [Utterance] = {
        let cities = ["rome", "paris", "oslo", "lima", "cairo", "tokyo", "delhi", "quito", "sofia", "dakar"]
        var data: [Utterance] = []
        for (i, city) in cities.enumerated() {
            for template in ["book a flight to ", "i want to fly to ", "get me a ticket to "] {
                let text = template + city
                let start = template.unicodeScalars.count
                data.append(Utterance(text: text, intent: "book_flight", slots: [Self.s("city", start, start + city.unicodeScalars.count)]))
            }
            for template in ["what is the weather in ", "is it raining in ", "forecast for "] {
                let text = template + cities[(i + 3) % cities.count]
                let start = template.unicodeScalars.count
                data.append(Utterance(
                    text: text, intent: "weather",
                    slots: [Self.s("city", start, start + cities[(i + 3) % cities.count].unicodeScalars.count)]))
            }
        }
        return data
    }()

    @Test func crossValidationScoresSlotsAndFrames() throws {
        var settings = IntentTrainingSettings.recommended
        settings.algorithm = .naiveBayes
        let result = try CrossValidation.run(
            Self.slotData, folds: 3, settings: settings, dataName: "cities",
            slots: CrossValidation.SlotScoring(definitions: []))
        let pooled = try #require(result.pooled.slots)
        #expect(pooled.count == Self.slotData.count)
        #expect(pooled.goldSpans == Self.slotData.count)
        #expect(result.folds.allSatisfy { $0.slots != nil })
        let cv = try #require(result.pooled.crossValidation)
        let f1 = try #require(cv.metrics["slot_f1"])
        let frames = try #require(cv.metrics["frame_accuracy"])
        // The pooled F1 is the slot scores of all held-out parses together, and the task is easy.
        #expect(pooled.slotF1 > 0.8, "slot F1 \(pooled.slotF1)")
        #expect(f1.mean > 0.8 && frames.mean > 0.5)
        // Without slot scoring nothing about slots is reported.
        let plain = try CrossValidation.run(Self.slotData, folds: 3, settings: settings, dataName: "cities")
        #expect(plain.pooled.slots == nil && plain.pooled.crossValidation?.metrics["slot_f1"] == nil)
    }

    @Test func reportMarkdownHoldsNoTimings() throws {
        let (model, _) = try IntentTrainer.train(Fixture.utterances, settings: .recommended)
        var report = IntentEvaluator.evaluate(model, on: Fixture.utterances, modelName: "m", dataName: "fixture", split: "train", trainSeconds: 1.5)
        report.timing.parseMicrosecondsPerUtterance = 12
        let first = report.markdown()
        #expect(!first.contains("µs") && !first.contains("train seconds"))
        report.timing.predictMicrosecondsPerUtterance *= 3
        report.timing.trainSeconds = 99
        #expect(report.markdown() == first)
        // What the command prints still shows them.
        #expect(report.summaryTable().contains("predict µs/utterance") && report.summaryTable().contains("train seconds"))
    }
}
