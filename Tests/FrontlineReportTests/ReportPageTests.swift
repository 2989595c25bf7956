import Foundation
import Testing
import FrontlineML
@testable import FrontlineReport

/// A tiny model trained in the test, with an utterance full of markup to escape.
enum ReportFixture {
    static let train: [Utterance] = [
        ("what is my balance", "check_balance"), ("how much money do I have", "check_balance"),
        ("show my account balance", "check_balance"), ("balance please", "check_balance"),
        ("I lost my card", "card_lost"), ("my card was stolen", "card_lost"),
        ("block my lost card", "card_lost"), ("I can't find my debit card", "card_lost"),
        ("send money to my friend", "transfer_money"), ("transfer 50 dollars", "transfer_money"),
        ("move money to savings", "transfer_money"), ("wire cash to my brother", "transfer_money"),
        ("what is the weather", "oos"), ("tell me a joke", "oos"), ("who won the game", "oos"), ("play some music", "oos"),
    ].map { Utterance(text: $0.0, intent: $0.1) }

    static let test: [Utterance] = [
        ("my balance please", "check_balance"), ("I lost my wallet and card", "card_lost"),
        ("transfer money to mom", "transfer_money"), (#"<script>alert("x")</script> & 'money' balance"#, "transfer_money"),
        ("sing me a song", "oos"), ("how much do I have", "check_balance"),
    ].map { Utterance(text: $0.0, intent: $0.1) }

    static func report() throws -> EvaluationReport {
        var settings = IntentTrainingSettings.recommended
        settings.algorithm = .naiveBayes
        let (model, _) = try IntentTrainer.train(train, validation: train, settings: settings)
        var report = IntentEvaluator.evaluate(model, on: test, modelName: "tiny <model>", dataName: "fixture", split: "test")
        report.slots = SlotMetrics(
            goldSlots: [[SlotSpan(slot: "amount", start: 9, end: 11)]], predictedSlots: [[SlotSpan(slot: "amount", start: 9, end: 11)]],
            goldIntents: ["transfer_money"], predictedIntents: ["transfer_money"])
        report.learningCurve = LearningCurve(evaluatedOn: "test", points: [
            .init(percent: 50, examples: 8, accuracy: 0.5, macroF1: 0.4, inScopeAccuracy: 0.5),
            .init(percent: 100, examples: 16, accuracy: 0.8, macroF1: 0.7, inScopeAccuracy: 0.8),
        ])
        return report
    }
}

@Suite struct EvaluationPageTests {
    @Test func hasEverySection() throws {
        let report = try ReportFixture.report()
        let html = EvaluationPage.render(report)
        for id in ["headline", "learning-curve", "per-intent", "confusion", "confidence", "oos-curve", "per-slot", "errors"] {
            #expect(html.contains("<section id=\"\(id)\">"), "missing section \(id)")
        }
        #expect(html.contains("id=\"intent-table\"") && html.contains("class=\"sortable\""))
        #expect(html.contains("aria-label=\"confusion matrix\""))
        #expect(html.contains("aria-label=\"confidence histogram\""))
        #expect(html.contains("aria-label=\"reliability diagram\""))
        #expect(html.contains("aria-label=\"out-of-scope precision and recall curve\""))
        #expect(html.contains("id=\"top-confusions\"") || report.metrics.accuracy == 1)
        #expect(html.contains("id=\"error-filter\""))
        #expect(html.contains(HTML.fixed(try #require(report.calibration).ece, 4)))
        for label in report.metrics.perIntent.keys { #expect(html.contains(">\(label)<"), "no row for \(label)") }
        #expect(html.contains(">amount<"))
    }

    @Test func escapesDataAndLoadsNothing() throws {
        let report = try ReportFixture.report()
        let html = EvaluationPage.render(report)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("tiny <model>"))
        #expect(html.contains("tiny &lt;model&gt;"))
        if report.errors.contains(where: { $0.text.hasPrefix("<script>") }) {
            #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;money&#39;"))
        }
        // Self-contained: the only script is the page's own, nothing is fetched.
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
    }

    @Test func errorListEscapesTextAndLabelsAndSortsByConfidence() throws {
        let html = ReportTables.errors([
            .init(text: "low", gold: "a", predicted: "b", confidence: 0.2),
            .init(text: #"<img onerror="x"> & 'q'"#, gold: "a&b", predicted: "c\"d", confidence: 0.9),
        ])
        #expect(html.contains("&lt;img onerror=&quot;x&quot;&gt; &amp; &#39;q&#39;"))
        #expect(!html.contains("<img"))
        #expect(html.contains("data-gold=\"a&amp;b\" data-predicted=\"c&quot;d\""))
        #expect(html.contains("<option value=\"a&amp;b\">a&amp;b</option>"))
        // Most confident first.
        let first = try #require(html.range(of: "&lt;img"))
        let second = try #require(html.range(of: ">low<"))
        #expect(first.lowerBound < second.lowerBound)
    }

    @Test func sameReportSameBytesAndNoTimings() throws {
        var report = try ReportFixture.report()
        let first = EvaluationPage.render(report)
        report.timing.predictMicrosecondsPerUtterance = 12345.678
        report.timing.trainSeconds = 98.765
        #expect(EvaluationPage.render(report) == first)
        #expect(!first.contains("12345") && !first.contains("98.765"))
    }

    @Test func comparisonPageShowsTestAndFlips() {
        let c = ModelComparison(
            texts: ["a <b>", "c", "d"], gold: ["x", "y", "y"], predictedA: ["x", "x", "y"], predictedB: ["y", "y", "y"])
        let html = ComparisonPage.render(c, modelA: "A", modelB: "B", data: "d", split: "test")
        for id in ["headline", "mcnemar", "per-intent", "flips"] { #expect(html.contains("<section id=\"\(id)\">")) }
        // 1 against 1 discordant: exact p = 1.
        #expect(html.contains(">1.0000<"))
        #expect(html.contains("a &lt;b&gt;") && !html.contains("a <b>"))
    }
}

@Suite struct ConfusionLayoutTests {
    @Test func clusteringPutsConfusedLabelsSideBySide() {
        // a↔d are confused 9 times, b↔c 4 times; in label order they would sit apart.
        let labels = ["a", "b", "c", "d", "e"]
        let m = [
            [10, 0, 0, 5, 0],
            [0, 10, 3, 0, 0],
            [0, 1, 10, 0, 0],
            [4, 0, 0, 10, 0],
            [0, 0, 0, 0, 10],
        ]
        let order = ConfusionClustering.order(labels: labels, matrix: m).map { labels[$0] }
        #expect(order.sorted() == labels)
        #expect(order == ["a", "d", "b", "c", "e"])
    }

    @Test func topConfusionsLargestFirst() {
        let confusion = IntentMetrics.ConfusionMatrix(labels: ["a", "b", "c"], matrix: [[5, 2, 3], [1, 4, 0], [0, 3, 2]])
        let top = ConfusionHeatmap.topConfusions(confusion, limit: 3)
        #expect(top.map { "\($0.gold)>\($0.predicted)" } == ["a>c", "c>b", "a>b"])
        #expect(abs(top[0].share - 0.3) < 1e-12)
    }

    @Test func heatmapDrawsOnlyNonEmptyCellsWithTooltips() {
        let labels = (0..<150).map { "intent_\($0)" }
        var m = [[Int]](repeating: [Int](repeating: 0, count: 150), count: 150)
        for i in 0..<150 { m[i][i] = 20 }
        m[3][7] = 6
        let svg = ConfusionHeatmap.svg(.init(labels: labels, matrix: m))
        // 150 diagonal cells and one mistake, each with a tooltip.
        #expect(svg.components(separatedBy: "<title>").count - 1 == 151)
        #expect(svg.contains("gold intent_3 → predicted intent_7: 6"))
    }
}
