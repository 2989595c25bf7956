import Foundation
import Testing
@testable import FrontlineML

@Suite struct SlotMetricsTests {
    static func s(_ slot: String, _ start: Int, _ end: Int, _ value: String? = nil) -> SlotSpan {
        SlotSpan(slot: slot, start: start, end: end, value: value)
    }

    // #  gold intent / spans               predicted intent / spans              counts             frame
    // 1  A  city 0-4, date 5-10            A  city 0-4, date 5-10                2 hits             right
    // 2  A  city 0-4                       B  city 0-4                           1 hit              wrong intent
    // 3  A  artist 3-8                     A  artist 3-7 (overlaps)              FP+FN artist       wrong
    // 4  A  artist 0-5                     A  album 0-5 (wrong slot)             FP album, FN artist wrong
    // 5  A  date 2-6                       A  date 2-6 twice                     1 hit, FP date     wrong
    // 6  A  —                              A  —                                                     right
    // 7  A  —                              A  city 0-3                           FP city            wrong
    // 8  oos —                             out_of_scope —                        (same class)       right
    // 9  A  city 0-4 (value "x")           A  city 0-4 (no value)                1 hit              right
    //
    // city:   gold 3, found 4, correct 3 → P 3/4, R 1, F1 6/7
    // date:   gold 2, found 3, correct 2 → P 2/3, R 1, F1 4/5
    // artist: gold 2, found 1, correct 0 → 0, 0, 0
    // album:  gold 0, found 1, correct 0 → 0, 0 (0/0), 0; support 0
    // all:    gold 7, found 9, correct 5 → P 5/9, R 5/7, F1 = 2·(25/63)/(80/63) = 5/8
    // frames: 1, 6, 8, 9 → 4/9
    static let goldIntents = ["A", "A", "A", "A", "A", "A", "A", "oos", "A"]
    static let predictedIntents = ["A", "B", "A", "A", "A", "A", "A", "out_of_scope", "A"]
    static let gold: [[SlotSpan]] = [
        [s("city", 0, 4), s("date", 5, 10)], [s("city", 0, 4)], [s("artist", 3, 8)], [s("artist", 0, 5)],
        [s("date", 2, 6)], [], [], [], [s("city", 0, 4, "x")],
    ]
    static let predicted: [[SlotSpan]] = [
        [s("date", 5, 10), s("city", 0, 4)], [s("city", 0, 4)], [s("artist", 3, 7)], [s("album", 0, 5)],
        [s("date", 2, 6), s("date", 2, 6)], [], [s("city", 0, 3)], [], [s("city", 0, 4)],
    ]

    static var example: SlotMetrics {
        SlotMetrics(goldSlots: gold, predictedSlots: predicted, goldIntents: goldIntents, predictedIntents: predictedIntents)
    }

    @Test func headlineNumbers() {
        let m = Self.example
        #expect(m.count == 9)
        #expect((m.goldSpans, m.predictedSpans, m.correctSpans) == (7, 9, 5))
        #expect(close(m.slotPrecision, 5.0 / 9))
        #expect(close(m.slotRecall, 5.0 / 7))
        #expect(close(m.slotF1, 5.0 / 8))
        #expect(close(m.frameAccuracy, 4.0 / 9))
    }

    @Test func perSlot() throws {
        let m = Self.example
        #expect(m.perSlot.keys.sorted() == ["album", "artist", "city", "date"])
        let expected: [String: (p: Double, r: Double, f1: Double, support: Int)] = [
            "city": (0.75, 1, 6.0 / 7, 3), "date": (2.0 / 3, 1, 0.8, 2), "artist": (0, 0, 0, 2), "album": (0, 0, 0, 0),
        ]
        for (slot, e) in expected {
            let r = try #require(m.perSlot[slot])
            #expect(close(r.precision, e.p), "\(slot) precision")
            #expect(close(r.recall, e.r), "\(slot) recall")
            #expect(close(r.f1, e.f1), "\(slot) f1")
            #expect(r.support == e.support, "\(slot) support")
        }
    }

    @Test func utteranceInitialiserReadsIntentsAndSlots() {
        let text = "0123456789"
        let gold = zip(Self.goldIntents, Self.gold).map { Utterance(text: text, intent: $0, slots: $1) }
        let predicted = zip(Self.predictedIntents, Self.predicted).map { Utterance(text: text, intent: $0, slots: $1) }
        #expect(SlotMetrics(gold: gold, predicted: predicted) == Self.example)
    }

    @Test func duplicateGoldSpansEachNeedAPrediction() {
        // gold x 0-1 twice, predicted once: 1 of 2 found → P 1, R 1/2, F1 2/3; the frame is wrong.
        let m = SlotMetrics(goldSlots: [[Self.s("x", 0, 1), Self.s("x", 0, 1)]], predictedSlots: [[Self.s("x", 0, 1)]],
                            goldIntents: ["a"], predictedIntents: ["a"])
        #expect((m.slotPrecision, m.slotRecall) == (1, 0.5))
        #expect(close(m.slotF1, 2.0 / 3))
        #expect(m.frameAccuracy == 0)
        #expect(m.perSlot["x"]?.support == 2)
    }

    @Test func spansAreMatchedWithinTheirOwnUtterance() {
        // The same span in another utterance is no hit.
        let m = SlotMetrics(goldSlots: [[Self.s("x", 0, 1)], []], predictedSlots: [[], [Self.s("x", 0, 1)]],
                            goldIntents: ["a", "a"], predictedIntents: ["a", "a"])
        #expect((m.slotPrecision, m.slotRecall, m.slotF1, m.frameAccuracy) == (0, 0, 0, 0))
    }

    @Test func emptyCasesScoreZeroByConvention() {
        // No utterances at all.
        let none = SlotMetrics(goldSlots: [], predictedSlots: [], goldIntents: [], predictedIntents: [])
        #expect((none.count, none.slotPrecision, none.slotRecall, none.slotF1, none.frameAccuracy) == (0, 0, 0, 0, 0))
        #expect(none.perSlot.isEmpty)

        // No spans anywhere: 0/0 is 0 for P, R and F1, but every frame is right.
        let noSpans = SlotMetrics(goldSlots: [[], []], predictedSlots: [[], []], goldIntents: ["a", "b"], predictedIntents: ["a", "c"])
        #expect((noSpans.slotPrecision, noSpans.slotRecall, noSpans.slotF1) == (0, 0, 0))
        #expect(noSpans.frameAccuracy == 0.5)

        // Nothing predicted: precision 0 (conlleval), recall 0.
        let silent = SlotMetrics(goldSlots: [[Self.s("x", 0, 1)]], predictedSlots: [[]], goldIntents: ["a"], predictedIntents: ["a"])
        #expect((silent.slotPrecision, silent.slotRecall, silent.slotF1) == (0, 0, 0))
        #expect(silent.perSlot["x"] == SlotMetrics.PerSlot(precision: 0, recall: 0, f1: 0, support: 1))

        // Nothing to find but something predicted: recall 0 (0/0), precision 0.
        let eager = SlotMetrics(goldSlots: [[]], predictedSlots: [[Self.s("x", 0, 1)]], goldIntents: ["a"], predictedIntents: ["a"])
        #expect((eager.slotPrecision, eager.slotRecall, eager.slotF1) == (0, 0, 0))
        #expect(eager.perSlot["x"] == SlotMetrics.PerSlot(precision: 0, recall: 0, f1: 0, support: 0))
    }

    @Test func perfectPredictionScoresOne() {
        let m = SlotMetrics(goldSlots: Self.gold, predictedSlots: Self.gold, goldIntents: Self.goldIntents, predictedIntents: Self.goldIntents)
        #expect((m.slotPrecision, m.slotRecall, m.slotF1, m.frameAccuracy) == (1, 1, 1, 1))
    }

    @Test func encodesSnakeCaseKeysAndRoundTrips() throws {
        let m = Self.example
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(m)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object.keys.sorted() == ["correct_spans", "count", "frame_accuracy", "gold_spans", "per_slot",
                                         "predicted_spans", "slot_f1", "slot_precision", "slot_recall"])
        let city = try #require((object["per_slot"] as? [String: Any])?["city"] as? [String: Any])
        #expect(city.keys.sorted() == ["f1", "precision", "recall", "support"])
        #expect(city["support"] as? Int == 3)
        #expect(try JSONDecoder().decode(SlotMetrics.self, from: data) == m)
    }
}
