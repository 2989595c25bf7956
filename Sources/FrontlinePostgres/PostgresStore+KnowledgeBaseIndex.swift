import Foundation
import FrontlineEngine
import PostgresNIO

/// `KnowledgeBaseIndex` on PostgreSQL full-text search, scored like the SQLite index
/// (`KBScoring`: mostly idf-weighted coverage of the query's words, plus the engine's
/// own rank relative to the best hit), so the engine's thresholds mean the same on both.
///
/// Text is folded (case and accents) in Swift before PostgreSQL sees it, on both the
/// articles and the query, and stemmed with the `english` configuration (Snowball, as
/// FTS5's porter). The weights title A, tags B, summary C, body D are FTS5's 10/5/3/1.
extension PostgresStore: KnowledgeBaseIndex {
    static let rankWeights = "'{0.1, 0.3, 0.5, 1.0}'"

    public func replaceAll(articles: [KBDocument]) async throws {
        var seen: Set<String> = []
        for article in articles {
            try StoreValidation.requireId(article.id, "article id")
            guard seen.insert(article.id).inserted else {
                throw StoreError.invalidArgument("article id \(article.id) appears twice")
            }
        }
        let logger = logger
        try await transaction { connection in
            // Replicas starting together index the same articles: one at a time.
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.knowledgeBaseLock))", logger: logger)
            try await connection.query("DELETE FROM kb_articles", logger: logger)
            for article in articles {
                let title = Self.fold(article.title), tags = Self.fold(article.tags.joined(separator: " "))
                let summary = Self.fold(article.summary), body = Self.fold(article.body)
                try await connection.query("""
                    INSERT INTO kb_articles (id, title, summary, body, tags, intents, products, audience, url, document, title_tags)
                    VALUES (\(article.id), \(article.title), \(article.summary), \(article.body), \(article.tags), \(article.intents),
                            \(article.products), \(StoreValidation.nonEmpty(article.audience)), \(article.url),
                            setweight(to_tsvector('english', \(title)), 'A') || setweight(to_tsvector('english', \(tags)), 'B')
                              || setweight(to_tsvector('english', \(summary)), 'C') || setweight(to_tsvector('english', \(body)), 'D'),
                            to_tsvector('english', \(title + " " + tags)))
                    """, logger: logger)
            }
        }
    }

    public func search(
        query: String, intents: [String], products: [String], context: [String: String], limit: Int
    ) async throws -> [KBHit] {
        let parsed = KBQuery(query)
        let limit = StoreValidation.limit(limit)
        guard !parsed.isEmpty, limit > 0 else { return [] }
        let audience = StoreValidation.nonEmpty(context["audience"])
        let terms = parsed.terms.map(Self.fold)
        // websearch syntax, but the terms hold only letters, digits and marks (KBQuery),
        // so "or" between them is the only operator it can see.
        let expression = terms.joined(separator: " or ")
        let logger = logger
        return try await connection { connection in
            // One round trip: the candidates ('c' rows, best first), then, when there are
            // any, each term's articles (anywhere / in title or tags) and the article count
            // ('t' rows) that KBScoring's coverage needs.
            let rows = try await connection.query("""
                WITH candidates AS (
                    SELECT a.rid, a.id, a.title, a.summary, a.url, a.audience, ts_rank(\(unescaped: Self.rankWeights), a.document, q) AS rank
                    FROM kb_articles a, websearch_to_tsquery('english', \(expression)) q
                    WHERE a.document @@ q
                      AND (cardinality(\(intents)::text[]) = 0 OR cardinality(a.intents) = 0 OR a.intents && \(intents)::text[])
                      AND (cardinality(\(products)::text[]) = 0 OR cardinality(a.products) = 0 OR a.products && \(products)::text[])
                      AND (\(audience)::text IS NULL OR a.audience IS NULL OR a.audience = \(audience))
                    ORDER BY rank DESC, a.rid
                    LIMIT \(max(limit * 5, 25))
                ), terms AS (
                    SELECT t.i,
                           COALESCE(array_agg(a.rid) FILTER (WHERE a.document @@ q), '{}') AS anywhere,
                           COALESCE(array_agg(a.rid) FILTER (WHERE a.title_tags @@ q), '{}') AS title_tags
                    FROM unnest(\(terms)::text[]) WITH ORDINALITY AS t(term, i)
                    CROSS JOIN LATERAL plainto_tsquery('english', t.term) AS q
                    CROSS JOIN kb_articles a
                    WHERE EXISTS (SELECT 1 FROM candidates)
                    GROUP BY t.i
                )
                SELECT 'c' AS kind, rid, id, title, summary, url, audience, rank,
                       NULL::bigint AS i, NULL::bigint[] AS anywhere, NULL::bigint[] AS title_tags, NULL::bigint AS articles
                FROM candidates
                UNION ALL
                SELECT 't', NULL, NULL, NULL, NULL, NULL, NULL, NULL, i, anywhere, title_tags, (SELECT count(*) FROM kb_articles)
                FROM terms
                ORDER BY kind, rank DESC, rid, i
                """, logger: logger).collect()
            var candidates: [PostgresRow] = []
            var matches = Array(repeating: KBScoring.TermMatches(anywhere: [], titleOrTags: []), count: terms.count)
            var articleCount = 0
            for row in rows {
                let r = PGRow(row, "kb search")
                guard try r.value("kind", as: String.self) == "t" else {
                    candidates.append(row)
                    continue
                }
                articleCount = try r.int("articles")
                let index = try r.int("i") - 1
                guard matches.indices.contains(index) else { continue }
                matches[index] = KBScoring.TermMatches(
                    anywhere: Set(try r.value("anywhere", as: [Int64].self)), titleOrTags: Set(try r.value("title_tags", as: [Int64].self)))
            }
            guard !candidates.isEmpty else { return [] }
            var best = 0.0
            var hits: [(hit: KBHit, rank: Double)] = []
            for row in candidates {
                let r = PGRow(row, "kb article")
                // ts_rank is higher-is-better; KBScoring takes FTS5's lower-is-better values.
                let rank = -Double(try r.value("rank", as: Float.self))
                if hits.isEmpty { best = rank }
                let articleAudience = try r.optional("audience", as: String.self)
                let coverage = KBScoring.coverage(of: try r.value("rid", as: Int64.self), terms: matches, articles: articleCount)
                let hit = KBHit(
                    id: try r.value("id"), title: try r.value("title"), summary: try r.value("summary"), url: try r.optional("url"),
                    score: KBScoring.score(
                        coverage: coverage, bm25: rank, best: best,
                        audienceUnknown: audience == nil && articleAudience != nil))
                hits.append((hit, rank))
            }
            hits.sort { a, b in a.hit.score != b.hit.score ? a.hit.score > b.hit.score : a.rank < b.rank }
            return hits.prefix(limit).map(\.hit)
        }
    }

    /// Lowercased, accents removed (composed or combining), as FTS5's
    /// `unicode61 remove_diacritics 2`.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
