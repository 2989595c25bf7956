import Foundation
import FrontlineTestFiles
@testable import FrontlineEngine
import FrontlineStore
import Testing

@Suite("Knowledge base: fusing full-text and semantic rankings")
struct KnowledgeBaseFusionTests {
    private let fullText = [(id: "a", score: 0.8), (id: "b", score: 0.4)]
    private let semantic = [(id: "b", score: 0.9), (id: "c", score: 0.5), (id: "a", score: -0.2)]

    @Test("weighted: (1 − w)·full-text + w·max(0, cosine), an article missing from a side gets 0 from it")
    func weighted() {
        let low = KBFusion(method: .weighted, weight: 0.25).fuse(fullText: fullText, semantic: semantic)
        #expect(low.map(\.id) == ["a", "b", "c"])
        #expect(abs(low[0].score - 0.6) < 1e-12)     // 0.75·0.8 + 0.25·0 (negative cosine)
        #expect(abs(low[1].score - 0.525) < 1e-12)   // 0.75·0.4 + 0.25·0.9
        #expect(abs(low[2].score - 0.125) < 1e-12)   // 0.25·0.5
        let high = KBFusion(method: .weighted, weight: 0.75).fuse(fullText: fullText, semantic: semantic)
        #expect(high.map(\.id) == ["b", "c", "a"])
        #expect(abs(high[0].score - 0.775) < 1e-12)
    }

    @Test("reciprocal rank: (1 − w)/(k + rank) + w/(k + rank) over 1-based ranks")
    func reciprocalRank() {
        let fused = KBFusion(method: .reciprocalRank, weight: 0.5, k: 60).fuse(fullText: fullText, semantic: semantic)
        #expect(fused.map(\.id) == ["b", "a", "c"])
        #expect(abs(fused[0].score - (0.5 / 62 + 0.5 / 61)) < 1e-12)
        #expect(abs(fused[1].score - (0.5 / 61 + 0.5 / 63)) < 1e-12)
        #expect(abs(fused[2].score - 0.5 / 62) < 1e-12)
    }

    @Test("weight 0 keeps the full-text order, weight 1 the semantic order; weights are clamped to 0…1")
    func extremes() {
        #expect(KBFusion(method: .weighted, weight: 0).fuse(fullText: fullText, semantic: semantic).prefix(2).map(\.id) == ["a", "b"])
        #expect(KBFusion(method: .weighted, weight: 1).fuse(fullText: fullText, semantic: semantic).map(\.id) == ["b", "c", "a"])
        #expect(KBFusion(method: .weighted, weight: 7).weight == 1)
        #expect(KBFusion(method: .weighted, weight: -1).weight == 0)
    }

    /// The full-text side is the real SQLite FTS5 index; the semantic side a concept embedder.
    private func index(_ embedder: ConceptEmbedder = ConceptEmbedder(), in folder: TemporaryFolder) async throws -> (SemanticKnowledgeBase, SQLiteStore) {
        let store = try SQLiteStore(path: folder.databasePath)
        let index = SemanticKnowledgeBase(fullText: store, embedder: embedder, cacheFolder: nil)
        try await index.replaceAll(articles: SemanticFixture.articles)
        return (index, store)
    }

    @Test("a paraphrase without a shared word finds its article through the embeddings, scored w·cosine")
    func paraphrase() async throws {
        let embedder = ConceptEmbedder()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (index, store) = try await index(embedder, in: folder)
        defer { try? store.close() }
        let query = "where has my package gone"
        #expect(try await store.search(query: query, intents: [], products: [], context: [:], limit: 3).isEmpty)
        let hits = try await index.search(query: query, intents: [], products: [], context: [:], limit: 3)
        #expect(hits.first?.id == "follow-shipment")
        #expect(hits.first?.title == "Follow your shipment")
        let best = SemanticFixture.articles[0]
        let cosine = KBPassages.of(best).map { passage in
            zip(embedder.vector(passage.text), embedder.vector(query)).reduce(0) { $0 + Double($1.0 * $1.1) }
        }.max() ?? 0
        #expect(abs((hits.first?.score ?? 0) - KBFusion.default.weight * cosine) < 1e-5)
        #expect(hits.count == 3)
    }

    @Test("the semantic side's scores (one BLAS matrix-vector product) are each article's best passage cosine by plain loops")
    func semanticScoresMatchPlainLoops() async throws {
        let embedder = ConceptEmbedder()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (index, store) = try await index(embedder, in: folder)
        defer { try? store.close() }
        for query in ["where has my package gone", "money back on my card", "when do the shops open", "hello"] {
            let ranking = index.semanticRanking(query: query)
            let q = embedder.vector(query)
            var expected: [String: Double] = [:]
            for article in SemanticFixture.articles {
                expected[article.id] = KBPassages.of(article).map { passage in
                    var dot: Double = 0
                    for (a, b) in zip(embedder.vector(passage.text), q) { dot += Double(a) * Double(b) }
                    return dot
                }.max()
            }
            #expect(ranking.count == SemanticFixture.articles.count)
            for (id, score) in ranking { #expect(abs(score - (expected[id] ?? .nan)) < 1e-5, "\(query): \(id)") }
            #expect(ranking.map(\.score) == ranking.map(\.score).sorted(by: >))
        }
    }

    @Test("words and meaning together: a full-text match is kept first when the meaning agrees")
    func agreement() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (index, store) = try await index(in: folder)
        defer { try? store.close() }
        let hits = try await index.search(query: "refunds for my card", intents: [], products: [], context: [:], limit: 2)
        #expect(hits.first?.id == "refund-timing")
        #expect(hits.count == 2)
        #expect((hits.first?.score ?? 0) > (hits.last?.score ?? 1))
    }

    @Test("intent and product filters apply to the semantic side too")
    func filters() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (index, store) = try await index(in: folder)
        defer { try? store.close() }
        let hits = try await index.search(query: "where has my package gone", intents: ["refund"], products: [], context: [:], limit: 3)
        #expect(hits.map(\.id) == ["refund-timing"])
        let products = [KBDocument(id: "buds", title: "Buds", summary: "Earbuds parcel", products: ["buds"]),
                        KBDocument(id: "tv", title: "TV", summary: "Television parcel", products: ["tv"])]
        try await index.replaceAll(articles: products)
        let forTV = try await index.search(query: "package", intents: [], products: ["tv"], context: [:], limit: 3)
        #expect(forTV.map(\.id) == ["tv"])
        let audience = [KBDocument(id: "pro", title: "Pro parcel", audience: "business"), KBDocument(id: "all", title: "All parcel")]
        try await index.replaceAll(articles: audience)
        #expect(try await index.search(query: "package", intents: [], products: [], context: ["audience": "consumer"], limit: 3).map(\.id) == ["all"])
        #expect(try await index.search(query: "package", intents: [], products: [], context: [:], limit: 3).map(\.id) == ["all", "pro"])
    }

    @Test("text without a letter or digit gets no hits; limit 0 gets none")
    func noWords() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (index, store) = try await index(in: folder)
        defer { try? store.close() }
        #expect(try await index.search(query: "?!  …", intents: [], products: [], context: [:], limit: 3).isEmpty)
        #expect(try await index.search(query: "package", intents: [], products: [], context: [:], limit: 0).isEmpty)
    }

    @Test("a rejected article set (repeated id) is not embedded and leaves the index as it was")
    func rejected() async throws {
        let embedder = ConceptEmbedder()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (index, store) = try await index(embedder, in: folder)
        defer { try? store.close() }
        let before = embedder.texts.count
        await #expect(throws: (any Error).self) {
            try await index.replaceAll(articles: [SemanticFixture.articles[0], SemanticFixture.articles[0]])
        }
        #expect(embedder.texts.count == before)
        #expect(try await index.search(query: "where has my package gone", intents: [], products: [], context: [:], limit: 1).first?.id == "follow-shipment")
    }

    @Test("without an encoder, or switched off, the assistant's search is the full-text index itself")
    func noEncoder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(path: folder.databasePath)
        defer { try? store.close() }
        let off = KnowledgeBaseSearch.assemble(
            fullText: store, near: folder.url("off"), embedder: ConceptEmbedder(), environment: ["FRONTLINE_KB_SEMANTIC": "off"])
        #expect(off.index as? SQLiteStore === store)
        #expect(off.semantic == nil)
        // A folder with no .cache/encoders in or above it (unless the environment names one).
        if ProcessInfo.processInfo.environment["FRONTLINE_ENCODERS"] == nil {
            let absent = KnowledgeBaseSearch.assemble(fullText: store, near: folder.url("absent"), environment: [:])
            #expect(absent.index as? SQLiteStore === store)
            #expect(absent.warnings.isEmpty)
        }
        let on = KnowledgeBaseSearch.assemble(fullText: store, near: folder.url("on"), embedder: ConceptEmbedder(), environment: [:])
        #expect(on.semantic != nil)
    }
}

@Suite("Knowledge base: article passages")
struct KnowledgeBasePassageTests {
    @Test("one passage of title and summary, then section chunks prefixed by title and heading, markdown removed")
    func sections() {
        let body = """
            # Store opening hours

            Intro words here.

            ## 1. Regular hours
            | Day | Hours |
            |---|---|
            | **Monday** | 9–5 |
            - Closed on *Sundays*

            ## Holidays
            Shorter hours.
            """
        let passages = KBPassages.of(KBDocument(id: "h", title: "Store opening hours", summary: "Open 9 to 5.", body: body))
        #expect(passages.map(\.text) == [
            "Store opening hours. Open 9 to 5.",
            "Store opening hours: Intro words here.",
            "Store opening hours — Regular hours: Day Hours Monday 9–5 Closed on Sundays",
            "Store opening hours — Holidays: Shorter hours.",
        ])
        #expect(passages.allSatisfy { $0.articleId == "h" })
    }

    @Test("a long section is cut into chunks of at most maxWords words (a longer single line stays whole)")
    func chunks() {
        let line = Array(repeating: "word", count: 30).joined(separator: " ")
        let body = "## Long\n" + Array(repeating: line, count: 5).joined(separator: "\n")
        let passages = KBPassages.of(KBDocument(id: "l", title: "T", summary: "S", body: body), maxWords: 70)
        #expect(passages.count == 1 + 3)  // 30+30, 30+30, 30
        for passage in passages.dropFirst() {
            #expect(passage.text.hasPrefix("T — Long: "))
            #expect(passage.text.split(separator: " ").count - 3 <= 70)
        }
        #expect(KBPassages.of(KBDocument(id: "l", title: "T", summary: "S", body: body), maxWords: 100).count == 1 + 2)  // 90, 60
    }
}
