import Foundation
import Testing
@testable import FrontlineML

@Suite struct IntentMetricsTests {
    // gold:      a a a a a b b   c c oos out_of_scope
    // predicted: a a b c c b oos c c oos a
    // "out_of_scope" counts as "oos". Labels a, b, c, oos; confusion (gold rows, predicted columns):
    //   a   [2, 1, 2, 0]  support 5
    //   b   [0, 1, 0, 1]  support 2
    //   c   [0, 0, 2, 0]  support 2
    //   oos [1, 0, 0, 1]  support 2
    //   predicted totals: a 3, b 2, c 4, oos 2
    // accuracy = (2 + 1 + 2 + 1) / 11 = 6/11
    // a:   P 2/3, R 2/5, F1 = 2·(2/3)(2/5) / (2/3 + 2/5) = 1/2
    // b:   P 1/2, R 1/2, F1 1/2
    // c:   P 2/4, R 1,   F1 = 2·(1/2)·1 / (3/2) = 2/3
    // oos: P 1/2, R 1/2, F1 1/2
    // macro-F1 = (1/2 + 1/2 + 2/3 + 1/2) / 4 = 13/24
    // in-scope accuracy = (2 + 1 + 2) / 9 = 5/9
    // OOS recall = 1/2 (one of two OOS found); OOS precision = 1/2 (b→oos and oos→oos predicted)
    // confused_with: a → [c 2, b 1]; b → [oos 1]; c → []; oos → [a 1]
    let gold = ["a", "a", "a", "a", "a", "b", "b", "c", "c", "oos", "out_of_scope"]
    let predicted = ["a", "a", "b", "c", "c", "b", "oos", "c", "c", "oos", "a"]

    @Test func headlineNumbers() throws {
        let m = IntentMetrics(gold: gold, predicted: predicted)
        #expect(m.count == 11)
        #expect(close(m.accuracy, 6.0 / 11))
        #expect(close(m.macroF1, 13.0 / 24))
        #expect(close(try #require(m.inScopeAccuracy), 5.0 / 9))
        #expect(close(try #require(m.outOfScopeRecall), 0.5))
        #expect(close(try #require(m.outOfScopePrecision), 0.5))
    }

    @Test func perLabel() throws {
        let m = IntentMetrics(gold: gold, predicted: predicted)
        #expect(m.perIntent.keys.sorted() == ["a", "b", "c", "oos"])
        let expected: [String: (p: Double, r: Double, f1: Double, support: Int)] = [
            "a": (2.0 / 3, 0.4, 0.5, 5), "b": (0.5, 0.5, 0.5, 2), "c": (0.5, 1, 2.0 / 3, 2), "oos": (0.5, 0.5, 0.5, 2),
        ]
        for (label, e) in expected {
            let s = try #require(m.perIntent[label])
            #expect(close(s.precision, e.p), "\(label) precision")
            #expect(close(s.recall, e.r), "\(label) recall")
            #expect(close(s.f1, e.f1), "\(label) f1")
            #expect(s.support == e.support, "\(label) support")
        }
        typealias C = IntentMetrics.Confusion
        #expect(m.perIntent["a"]?.confusedWith == [C(label: "c", count: 2), C(label: "b", count: 1)])
        #expect(m.perIntent["b"]?.confusedWith == [C(label: "oos", count: 1)])
        #expect(m.perIntent["c"]?.confusedWith == [])
        #expect(m.perIntent["oos"]?.confusedWith == [C(label: "a", count: 1)])
        #expect(m.confusion.labels == ["a", "b", "c", "oos"])
        #expect(m.confusion.matrix == [[2, 1, 2, 0], [0, 1, 0, 1], [0, 0, 2, 0], [1, 0, 0, 1]])
    }

    @Test func labelsOnlyPredictedDoNotCountInMacroF1() throws {
        // gold a b, predicted a d: a F1 1, b F1 0, d has no support → macro-F1 = (1 + 0) / 2.
        let m = IntentMetrics(gold: ["a", "b"], predicted: ["a", "d"])
        #expect(close(m.macroF1, 0.5))
        #expect(m.perIntent["d"]?.support == 0)
        #expect(m.perIntent["b"]?.confusedWith == [IntentMetrics.Confusion(label: "d", count: 1)])
        // Without OOS gold: no OOS recall/precision, in-scope accuracy = accuracy.
        #expect(m.outOfScopeRecall == nil && m.outOfScopePrecision == nil)
        #expect(close(try #require(m.inScopeAccuracy), 0.5))
    }

    @Test func customOutOfScopeLabelAndJSONKeys() throws {
        let m = IntentMetrics(gold: ["x", "none", "oos"], predicted: ["x", "nlu_fallback", "x"], outOfScopeLabel: "nlu_fallback")
        #expect(m.confusion.labels == ["nlu_fallback", "x"])
        #expect(close(try #require(m.outOfScopeRecall), 0.5))
        #expect(close(try #require(m.outOfScopePrecision), 1))
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(m)) as? [String: Any])
        #expect(Set(json.keys) == ["count", "accuracy", "macro_f1", "in_scope_accuracy", "oos_recall", "oos_precision", "per_intent", "confusion"])
        let perIntent = try #require(json["per_intent"] as? [String: [String: Any]])
        #expect(Set(try #require(perIntent["x"]).keys) == ["precision", "recall", "f1", "support", "confused_with"])
    }
}
