/// How the full-text ranking and the semantic ranking of articles become one.
///
/// - `weighted`: `(1 − w) · fullText + w · max(0, cosine)`. Both parts are in 0…1 and
///   comparable across queries (the full-text score is `KBScoring`'s coverage score, 0 when
///   the article has no query word; the cosine of unit vectors), so the fused score can be
///   thresholded like today's (`knowledge_base.min_score`).
/// - `reciprocalRank`: `(1 − w) / (k + rank_fullText) + w / (k + rank_semantic)` over the
///   1-based ranks (an article missing from a list adds nothing for it). It ignores the
///   scores' scales, which helps when they differ, but its value can't be thresholded, so the
///   bench reports it next to the weighted fusion and the product uses the weighted one.
///
/// `default` is chosen on the validation half of `Tests/Fixtures/kb-questions.yml` by
/// `frontline bench-kb` (Scripts/bench/kb.sh).
public struct KBFusion: Sendable, Hashable, CustomStringConvertible {
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case weighted
        case reciprocalRank = "rrf"
    }

    public var method: Method
    /// The semantic side's share, 0…1: 0 is full-text only, 1 embeddings only.
    public var weight: Double
    /// Reciprocal-rank fusion's constant (60 in the original paper).
    public var k: Double

    public init(method: Method, weight: Double, k: Double = 60) {
        self.method = method
        self.weight = min(1, max(0, weight))
        self.k = k
    }

    /// Chosen on the validation half by `frontline bench-kb` (see the README's table).
    public static let `default` = KBFusion(method: .weighted, weight: 0.85)

    public var description: String {
        switch method {
        case .weighted: "weighted w=\(weight)"
        case .reciprocalRank: "rrf w=\(weight) k=\(Int(k))"
        }
    }

    /// Article ids with their fused scores, best first (ties: full-text order, then id).
    /// `fullText` and `semantic` are each best first; ids may be missing from either.
    public func fuse(fullText: [(id: String, score: Double)], semantic: [(id: String, score: Double)]) -> [(id: String, score: Double)] {
        var fused: [String: Double] = [:]
        var order: [String: Int] = [:]
        for (rank, hit) in fullText.enumerated() {
            order[hit.id] = order[hit.id] ?? rank
            fused[hit.id, default: 0] += method == .weighted ? (1 - weight) * hit.score : (1 - weight) / (k + Double(rank + 1))
        }
        for (rank, hit) in semantic.enumerated() {
            order[hit.id] = order[hit.id] ?? fullText.count + rank
            fused[hit.id, default: 0] += method == .weighted ? weight * max(0, hit.score) : weight / (k + Double(rank + 1))
        }
        return fused.map { (id: $0.key, score: $0.value) }.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let ra = order[a.id] ?? .max, rb = order[b.id] ?? .max
            return ra != rb ? ra < rb : a.id < b.id
        }
    }
}

/// The index's filters, applied to the semantic side exactly as the full-text side does.
enum KBFilter {
    /// See `KnowledgeBaseIndex.search`: an empty filter list doesn't filter; an article that
    /// declares no intents (products) passes any; with an audience, articles for another
    /// audience are left out.
    static func allows(_ article: KBDocument, intents: [String], products: [String], audience: String?) -> Bool {
        if !intents.isEmpty, !article.intents.isEmpty, Set(article.intents).isDisjoint(with: intents) { return false }
        if !products.isEmpty, !article.products.isEmpty, Set(article.products).isDisjoint(with: products) { return false }
        if let audience, let own = article.audience, !own.isEmpty, own != audience { return false }
        return true
    }

    /// When the caller gives no audience, an audience-specific article ranks below a general
    /// one (the same factor as the full-text score's).
    static let unknownAudiencePenalty = 0.85
}
