import Foundation
import FrontlineML
import Synchronization

/// Knowledge-base search that understands paraphrases: the full-text index's ranking fused
/// with the cosine between the customer's message and the articles' passages
/// (`KBPassages`), embedded by a sentence encoder.
///
/// `replaceAll` indexes the full-text side, then embeds every passage, taking the ones it
/// has already embedded from `cacheFolder` (keyed by the encoder's fingerprint and each
/// passage's text hash) and saving the set back, so a restart encodes nothing new.
/// `search` fuses both rankings with `fusion`; filters (intents, products, audience) apply
/// to both sides alike. A query without a letter or digit gets no hits, as before.
public final class SemanticKnowledgeBase: KnowledgeBaseIndex, Sendable {
    public let fullText: any KnowledgeBaseIndex
    public let embedder: any TextEmbedder
    public let cacheFolder: URL?
    public let fusion: KBFusion

    /// The indexed articles and one unit vector per passage (row-major, `dimension` wide).
    private struct Snapshot {
        var articles: [KBDocument] = []
        var passageArticle: [Int] = []
        var vectors: [Float] = []
    }

    /// The current snapshot and what the last indexing noted.
    private struct State {
        var snapshot = Snapshot()
        var notes: [String] = []
        var counts = (encoded: 0, cached: 0)
    }

    private let state = Mutex(State())

    /// How an article is cut into passages (`KBPassages.of` unless a bench compares variants).
    let passages: @Sendable (KBDocument) -> [KBPassage]

    public init(
        fullText: any KnowledgeBaseIndex, embedder: any TextEmbedder, cacheFolder: URL?, fusion: KBFusion = .default,
        passages: @escaping @Sendable (KBDocument) -> [KBPassage] = { KBPassages.of($0) }
    ) {
        self.passages = passages
        self.fullText = fullText
        self.embedder = embedder
        self.cacheFolder = cacheFolder
        self.fusion = fusion
    }

    /// Problems with the vector cache (it was unreadable and rebuilt, or couldn't be saved).
    public var warnings: [String] { state.withLock { $0.notes } }
    /// Passages encoded and passages taken from the cache by the last `replaceAll`.
    public var lastIndexing: (encoded: Int, cached: Int) { state.withLock { $0.counts } }

    public func replaceAll(articles: [KBDocument]) async throws {
        // The full-text side validates the ids; nothing is embedded for a rejected set.
        try await fullText.replaceAll(articles: articles)
        var passages: [KBPassage] = []
        var passageArticle: [Int] = []
        for (index, article) in articles.enumerated() {
            for passage in self.passages(article) {
                passages.append(passage)
                passageArticle.append(index)
            }
        }
        let vectors = embedPassages(passages.map(\.text))
        let snapshot = Snapshot(articles: articles, passageArticle: passageArticle, vectors: vectors)
        state.withLock { $0.snapshot = snapshot }
    }

    public func search(
        query: String, intents: [String], products: [String], context: [String: String], limit: Int
    ) async throws -> [KBHit] {
        guard limit > 0, query.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) else {
            return []
        }
        // Three array references copied out: the search runs on this snapshot outside the lock (it awaits the full-text side).
        let snapshot = state.withLock { $0.snapshot }
        let audience = context["audience"].flatMap { $0.isEmpty ? nil : $0 }
        let fullTextHits = try await fullText.search(
            query: query, intents: intents, products: products, context: context, limit: max(limit, snapshot.articles.count))
        let semantic = Self.semanticScores(
            snapshot, query: embedder.embed([query]).first ?? [], dimension: embedder.dimension,
            intents: intents, products: products, audience: audience)
        let byId = Dictionary(snapshot.articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let fullTextById = Dictionary(fullTextHits.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return fusion.fuse(fullText: fullTextHits.map { ($0.id, $0.score) }, semantic: semantic)
            .prefix(limit)
            .compactMap { fused in
                if let article = byId[fused.id] {
                    return KBHit(id: article.id, title: article.title, summary: article.summary, url: article.url, score: min(1, fused.score))
                }
                // Indexed by the full-text side after our last replaceAll: keep its own fields.
                return fullTextById[fused.id].map { KBHit(id: $0.id, title: $0.title, summary: $0.summary, url: $0.url, score: min(1, fused.score)) }
            }
    }

    /// Each allowed article's best passage cosine with the query, best first (for the bench
    /// and tests: the semantic side alone).
    public func semanticRanking(query: String, intents: [String] = [], products: [String] = [], audience: String? = nil) -> [(id: String, score: Double)] {
        let snapshot = state.withLock { $0.snapshot }
        return Self.semanticScores(
            snapshot, query: embedder.embed([query]).first ?? [], dimension: embedder.dimension,
            intents: intents, products: products, audience: audience)
    }

    private static func semanticScores(
        _ state: Snapshot, query: [Float], dimension: Int, intents: [String], products: [String], audience: String?
    ) -> [(id: String, score: Double)] {
        guard query.count == dimension, dimension > 0 else { return [] }
        let rows = state.passageArticle.count
        guard rows > 0, state.vectors.count == rows * dimension else { return [] }
        // Every passage's cosine in one matrix-vector product: a Swift loop's running sum
        // can't be vectorised (float addition isn't reassociated), and this ran per message.
        var cosines = [Float](repeating: 0, count: rows)
        state.vectors.withUnsafeBufferPointer { vectors in
            query.withUnsafeBufferPointer { query in
                cosines.withUnsafeMutableBufferPointer { cosines in
                    CBLASMath().gemm(
                        transA: false, transB: false, m: rows, n: 1, k: dimension,
                        alpha: 1, a: vectors.baseAddress!, lda: dimension, b: query.baseAddress!, ldb: 1,
                        beta: 0, c: cosines.baseAddress!, ldc: 1)
                }
            }
        }
        var best = [Double](repeating: -1, count: state.articles.count)
        for (row, article) in state.passageArticle.enumerated() {
            best[article] = max(best[article], Double(cosines[row]))
        }
        var ranking: [(id: String, score: Double)] = []
        for (index, article) in state.articles.enumerated() where best[index] > -1 {
            guard KBFilter.allows(article, intents: intents, products: products, audience: audience) else { continue }
            let specific = audience == nil && !(article.audience ?? "").isEmpty
            ranking.append((article.id, specific ? best[index] * KBFilter.unknownAudiencePenalty : best[index]))
        }
        return ranking.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }

    /// Vectors for `texts`, from the cache where it has them; the cache is then rewritten
    /// with exactly these texts. A damaged cache is rebuilt (and noted), never trusted.
    private func embedPassages(_ texts: [String]) -> [Float] {
        let dimension = embedder.dimension
        let cache = cacheFolder.map { KBEmbeddingCache(folder: $0, fingerprint: embedder.fingerprint, dimension: dimension) }
        var stored: [UInt64: [Float]] = [:]
        var problems: [String] = []
        if let cache {
            do {
                stored = try cache.load()
            } catch {
                problems.append("\(error); encoding the knowledge base again")
            }
        }
        let keys = texts.map(KBEmbeddingCache.key)
        var missing: [Int] = []
        for (i, key) in keys.enumerated() where stored[key] == nil { missing.append(i) }
        if !missing.isEmpty {
            for (i, vector) in zip(missing, embedder.embed(missing.map { texts[$0] })) { stored[keys[i]] = vector }
        }
        var matrix: [Float] = []
        matrix.reserveCapacity(texts.count * dimension)
        var records: [(key: UInt64, vector: [Float])] = []
        var written: Set<UInt64> = []
        for key in keys {
            let vector = stored[key] ?? []
            // A wrong-sized vector from the embedder can't be compared: it scores as zero.
            matrix.append(contentsOf: vector.count == dimension ? vector : [Float](repeating: 0, count: dimension))
            if vector.count == dimension, written.insert(key).inserted { records.append((key, vector)) }
        }
        if let cache, !missing.isEmpty || stored.count != records.count {
            do {
                try cache.save(records)
            } catch {
                problems.append("\(error)")
            }
        }
        let counts = (encoded: missing.count, cached: texts.count - missing.count)
        state.withLock { state in
            state.notes = problems
            state.counts = counts
        }
        return matrix
    }
}
