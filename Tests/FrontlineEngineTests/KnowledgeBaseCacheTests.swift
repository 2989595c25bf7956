import Foundation
import FrontlineTestFiles
@testable import FrontlineEngine
import FrontlineStore
import Testing

@Suite("Knowledge base: passage vectors cached on disk")
struct KnowledgeBaseCacheTests {
    @Test("save then load gives the same keys and bit-identical vectors")
    func roundTrip() throws {
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        let folder = scratch.url("cache")
        let cache = KBEmbeddingCache(folder: folder, fingerprint: "fnv1a64:abc-def", dimension: 3)
        #expect(try cache.load().isEmpty)  // no file yet
        let vectors: [(key: UInt64, vector: [Float])] = [
            (1, [1, -2.5, 3e-8]), (.max, [Float.leastNonzeroMagnitude, -0.0, .greatestFiniteMagnitude]),
        ]
        try cache.save(vectors)
        let loaded = try cache.load()
        #expect(loaded.count == 2)
        for (key, vector) in vectors {
            #expect(loaded[key]?.map(\.bitPattern) == vector.map(\.bitPattern))
        }
        #expect(!cache.file.lastPathComponent.contains(":"))
    }

    @Test("a file cut short, from another encoder or of another dimension is refused, naming the file")
    func damaged() throws {
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        let folder = scratch.url("cache")
        let cache = KBEmbeddingCache(folder: folder, fingerprint: "one", dimension: 2)
        try cache.save([(7, [0.5, 0.25]), (8, [1, 0])])
        let bytes = try Data(contentsOf: cache.file)
        try bytes.dropLast(3).write(to: cache.file)
        #expect(throws: KBEmbeddingCacheError.self) { try cache.load() }
        do {
            _ = try cache.load()
        } catch {
            #expect("\(error)".contains(cache.file.path))
            #expect("\(error)".contains("expected 2 × 16"))
        }
        let other = KBEmbeddingCache(folder: folder, fingerprint: "two", dimension: 2)
        try bytes.write(to: other.file)
        #expect(throws: KBEmbeddingCacheError.self) { try other.load() }
        let wider = KBEmbeddingCache(folder: folder, fingerprint: "one", dimension: 3)
        try bytes.write(to: wider.file)
        #expect(throws: KBEmbeddingCacheError.self) { try wider.load() }
        try Data("not a cache".utf8).write(to: cache.file)
        #expect(throws: KBEmbeddingCacheError.self) { try cache.load() }
    }

    private func search(_ index: SemanticKnowledgeBase, _ query: String) async throws -> [KBHit] {
        try await index.search(query: query, intents: [], products: [], context: [:], limit: 3)
    }

    @Test("a restart encodes nothing: every passage comes from the cache and searches are identical")
    func restart() async throws {
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        let folder = scratch.url("cache")
        let store = try SQLiteStore(path: scratch.databasePath)
        defer { try? store.close() }
        let passages = SemanticFixture.articles.flatMap(KBPassages.of).count

        let first = ConceptEmbedder()
        let cold = SemanticKnowledgeBase(fullText: store, embedder: first, cacheFolder: folder)
        try await cold.replaceAll(articles: SemanticFixture.articles)
        #expect(cold.lastIndexing.encoded == passages)
        #expect(first.texts.count == passages)

        let second = ConceptEmbedder()
        let warm = SemanticKnowledgeBase(fullText: store, embedder: second, cacheFolder: folder)
        try await warm.replaceAll(articles: SemanticFixture.articles)
        #expect(warm.lastIndexing.encoded == 0)
        #expect(warm.lastIndexing.cached == passages)
        #expect(second.texts.isEmpty)
        #expect(warm.warnings.isEmpty)
        for query in ["where has my package gone", "when are the shops open", "repaid"] {
            #expect(try await search(warm, query) == search(cold, query))
        }
    }

    @Test("an edited article re-encodes only its own passages; another encoder gets its own file")
    func editedArticle() async throws {
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        let folder = scratch.url("cache")
        let store = try SQLiteStore(path: scratch.databasePath)
        defer { try? store.close() }
        try await SemanticKnowledgeBase(fullText: store, embedder: ConceptEmbedder(), cacheFolder: folder)
            .replaceAll(articles: SemanticFixture.articles)

        var edited = SemanticFixture.articles
        edited[1].summary = "Refunds take 7 days."
        let embedder = ConceptEmbedder()
        let index = SemanticKnowledgeBase(fullText: store, embedder: embedder, cacheFolder: folder)
        try await index.replaceAll(articles: edited)
        #expect(embedder.texts == ["When the money comes back. Refunds take 7 days."])

        let otherEncoder = ConceptEmbedder(fingerprint: "fake:concepts-2")
        try await SemanticKnowledgeBase(fullText: store, embedder: otherEncoder, cacheFolder: folder).replaceAll(articles: edited)
        #expect(otherEncoder.texts.count == edited.flatMap(KBPassages.of).count)
    }

    @Test("a damaged cache is noted, rebuilt from the encoder and readable afterwards")
    func rebuilt() async throws {
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        let folder = scratch.url("cache")
        let store = try SQLiteStore(path: scratch.databasePath)
        defer { try? store.close() }
        let embedder = ConceptEmbedder()
        let cache = KBEmbeddingCache(folder: folder, fingerprint: embedder.fingerprint, dimension: embedder.dimension)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("garbage".utf8).write(to: cache.file)
        let index = SemanticKnowledgeBase(fullText: store, embedder: embedder, cacheFolder: folder)
        try await index.replaceAll(articles: SemanticFixture.articles)
        #expect(index.warnings.count == 1)
        #expect(index.warnings.first?.contains(cache.file.path) == true)
        #expect(index.lastIndexing.encoded == SemanticFixture.articles.flatMap(KBPassages.of).count)
        #expect(try cache.load().count == index.lastIndexing.encoded)
        #expect(try await search(index, "where has my package gone").first?.id == "follow-shipment")
    }
}
