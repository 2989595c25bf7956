import ArgumentParser
import Foundation
import FrontlineData
import FrontlineEngine
import FrontlineML
import FrontlineStore

/// Knowledge-base retrieval on the labelled question set (hidden from --help;
/// Scripts/bench/kb.sh runs it): hit@1 and hit@3 of the full-text ranking (SQLite FTS5, as
/// shipped), of the sentence-encoder ranking and of their fusion. The fusion's method and
/// weight are chosen on the validation half (even positions) and reported on the test half
/// (odd positions) and the full set, next to the shipped `KBFusion.default`.
struct BenchKBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-kb",
        abstract: "Benchmark knowledge-base retrieval (full-text, embeddings, fused) on labelled questions.",
        shouldDisplay: false)

    @Option(name: .long, help: "The assistant folder whose kb/ articles are searched.")
    var data: String = "TrainingData"

    @Option(name: .long, help: "The labelled questions (article id → questions).")
    var questions: String = "Tests/Fixtures/kb-questions.yml"

    @Option(name: .long, help: "The encoder folder (default: found as the assistant finds it).")
    var encoder: String?

    @Option(name: .long, help: "Words per section passage (to compare chunk sizes; default: the product's).")
    var chunkWords: Int = KBPassages.maxWords

    @Flag(name: .long, help: "List the questions each ranker gets wrong (standard error).")
    var misses = false

    func run() async throws {
        let domain = try DomainLoader.load(path: data)
        let documents = KnowledgeBaseSearch.documents(of: domain)
        let set = try KBQuestionSet.read(file: questions)
        let known = Set(documents.map(\.id))
        for question in set.questions where !known.contains(question.articleId) {
            throw ValidationError("\(questions):\(question.line): no article \(question.articleId) in \(data)/kb")
        }
        let folder = encoder.map { URL(fileURLWithPath: $0) } ?? SentenceEncoder.locate(from: URL(fileURLWithPath: data))
        guard let folder else {
            throw ValidationError("no encoder found: run Scripts/setup (it fetches all-MiniLM-L6-v2 into .cache/encoders) or pass --encoder")
        }
        let embedder = try SentenceEncoder(folder: folder)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-bench-kb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try SQLiteStore(path: scratch.appendingPathComponent("kb.db").path)
        defer { try? store.close() }
        let words = chunkWords
        let index = SemanticKnowledgeBase(
            fullText: store, embedder: embedder, cacheFolder: scratch.appendingPathComponent("vectors"),
            passages: { KBPassages.of($0, maxWords: words) })

        let clock = ContinuousClock()
        let cold = try await clock.measure { try await index.replaceAll(articles: documents) }
        let passages = index.lastIndexing.encoded
        let warm = try await clock.measure { try await index.replaceAll(articles: documents) }
        printError("\(documents.count) articles, \(passages) passages; indexing \(seconds(cold)) s from a cold cache, \(seconds(warm)) s warm (\(index.lastIndexing.encoded) encoded)")

        let evaluation = try await KBRetrievalEvaluation.run(set, index: index)
        let inValidation: (KBQuestionSet.Question) -> Bool = { $0.position % 2 == 0 }
        let inTest: (KBQuestionSet.Question) -> Bool = { $0.position % 2 == 1 }
        let chosen = evaluation.bestFusion(where: inValidation)

        print("Knowledge-base retrieval: \(set.questions.count) labelled questions (\(set.validation.count) validation, \(set.test.count) test), \(documents.count) articles, encoder \(embedder.name)")
        print("")
        print("| ranking | validation hit@1 | hit@3 | test hit@1 | hit@3 | all hit@1 | hit@3 |")
        print("|---|---|---|---|---|---|---|")
        var rankers: [KBRetrievalEvaluation.Ranker] = [.fullText, .semantic, .fused(chosen.fusion)]
        if chosen.fusion != .default { rankers.append(.fused(.default)) }
        for ranker in rankers {
            var label = ranker.description
            if case .fused(let fusion) = ranker {
                label += fusion == chosen.fusion ? ", chosen on validation" : ""
                label += fusion == .default ? ", shipped default" : ""
            }
            let cells = [evaluation.score(ranker, where: inValidation), evaluation.score(ranker, where: inTest), evaluation.score(ranker)]
                .map { "\(percent($0.hitAt1)) | \(percent($0.hitAt3))" }
            print("| \(label) | \(cells.joined(separator: " | ")) |")
        }
        print("")
        print("Best of each method on validation:")
        for method in KBFusion.Method.allCases {
            let best = evaluation.bestFusion(where: { inValidation($0) }, methods: [method])
            print("  \(best.fusion): validation hit@1 \(percent(best.score.hitAt1)), test hit@1 \(percent(evaluation.score(.fused(best.fusion), where: inTest).hitAt1))")
        }

        // The engine searches with the predicted intent as a filter: with the labelled
        // article's own intents (a classifier that is always right), this is the ceiling.
        let intentsOf = Dictionary(documents.map { ($0.id, $0.intents) }, uniquingKeysWith: { first, _ in first })
        let filtered = try await KBRetrievalEvaluation.run(set, index: index, intents: { intentsOf[$0.articleId] ?? [] })
        print("")
        print("Filtered by the labelled article's intents (as the engine filters by the predicted intent), all questions:")
        print("| ranking | hit@1 | hit@3 |")
        print("|---|---|---|")
        for ranker in rankers {
            let score = filtered.score(ranker)
            print("| \(ranker) | \(percent(score.hitAt1)) | \(percent(score.hitAt3)) |")
        }

        // What a conversation pays per knowledge-base search (query embedding included).
        let sample = set.questions.map(\.text)
        var fullTextTimes: [Duration] = [], fusedTimes: [Duration] = []
        for text in sample {
            fullTextTimes.append(try await clock.measure { _ = try await store.search(query: text, intents: [], products: [], context: [:], limit: 3) })
            fusedTimes.append(try await clock.measure { _ = try await index.search(query: text, intents: [], products: [], context: [:], limit: 3) })
        }
        print("")
        print("Median search time per question: full-text \(milliseconds(median(fullTextTimes))) ms, fused \(milliseconds(median(fusedTimes))) ms (query embedding included)")

        // The engine answers only when the best hit reaches `knowledge_base.min_score`: how often
        // that gives the right article, the wrong one, or answers an out-of-scope message.
        if let minScore = domain.knowledgeBase?.minScore {
            let outOfScope = ((try? DatasetLoader.load(path: data).train) ?? []).filter { $0.intent == "oos" }.map(\.text)
            print("")
            print("With min_score \(minScore) (unfiltered search; the engine also filters by intent):")
            print("| search | labelled: right article answered | wrong article answered | out-of-scope messages answered (\(outOfScope.count)) |")
            print("|---|---|---|---|")
            for (label, search) in [("full-text only", store as any KnowledgeBaseIndex), ("fused (shipped)", index as any KnowledgeBaseIndex)] {
                var right = 0, wrong = 0, answeredOutOfScope = 0
                for question in set.questions {
                    guard let top = try await search.search(query: question.text, intents: [], products: [], context: [:], limit: 1).first,
                          top.score >= minScore else { continue }
                    if top.id == question.articleId { right += 1 } else { wrong += 1 }
                }
                for text in outOfScope {
                    if let top = try await search.search(query: text, intents: [], products: [], context: [:], limit: 1).first,
                       top.score >= minScore { answeredOutOfScope += 1 }
                }
                let n = Double(set.questions.count)
                print("| \(label) | \(percent(Double(right) / n)) | \(percent(Double(wrong) / n)) | \(percent(Double(answeredOutOfScope) / Double(max(1, outOfScope.count)))) |")
            }
        }

        if misses {
            for ranker in rankers {
                printError("\nmissed at hit@1 by \(ranker):")
                for miss in evaluation.misses(ranker) {
                    printError("  [\(miss.question.articleId) ← got \(miss.got ?? "nothing")] \(miss.question.text)")
                }
            }
        }
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    private func seconds(_ d: Duration) -> String { String(format: "%.2f", Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) }
    private func milliseconds(_ d: Duration) -> String { String(format: "%.2f", (Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18) * 1000) }
    private func median(_ values: [Duration]) -> Duration { values.isEmpty ? .zero : values.sorted()[values.count / 2] }
    private func printError(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
