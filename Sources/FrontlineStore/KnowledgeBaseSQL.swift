import Foundation
import FrontlineEngine
import GRDB

/// The knowledge-base index: articles, their intent/product filters and the FTS5 table.
enum KnowledgeBaseSQL {
    static func replaceAll(_ db: Database, articles: [KBDocument]) throws {
        try db.execute(sql: "DELETE FROM kb_fts; DELETE FROM kb_articles")
        for article in articles {
            try db.execute(
                sql: """
                    INSERT INTO kb_articles (id, title, summary, body, tags, intents, products, audience, url)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [article.id, article.title, article.summary, article.body, try StoreJSON.encode(article.tags),
                            try StoreJSON.encode(article.intents), try StoreJSON.encode(article.products),
                            StoreValidation.nonEmpty(article.audience), article.url])
            let rowid = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO kb_fts (rowid, title, tags, summary, body) VALUES (?, ?, ?, ?, ?)",
                arguments: [rowid, article.title, article.tags.joined(separator: " "), article.summary, article.body])
            for intent in article.intents {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO kb_article_intents (article_id, intent) VALUES (?, ?)",
                    arguments: [article.id, intent])
            }
            for product in article.products {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO kb_article_products (article_id, product) VALUES (?, ?)",
                    arguments: [article.id, product])
            }
        }
    }

    static func search(
        _ db: Database, query: KBQuery, intents: [String], products: [String], audience: String?, limit: Int
    ) throws -> [KBHit] {
        var filters: [String] = []
        var arguments: StatementArguments = [query.anyTermExpression]
        if !intents.isEmpty {
            filters.append(declaresNoneOrOneOf(table: "kb_article_intents", column: "intent", count: intents.count))
            arguments += StatementArguments(intents)
        }
        if !products.isEmpty {
            filters.append(declaresNoneOrOneOf(table: "kb_article_products", column: "product", count: products.count))
            arguments += StatementArguments(products)
        }
        if let audience {
            filters.append("(a.audience IS NULL OR a.audience = ?)")
            arguments += [audience]
        }
        // More candidates than asked for: coverage can reorder BM25's list.
        arguments += [max(limit * 5, 25)]
        let filter = filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND ")
        // Cached statements: compiling these (FTS5, joins) cost more than running them.
        let candidates = try db.rows(
            """
                SELECT a.rowid AS rid, a.id, a.title, a.summary, a.url, a.audience, f.rank
                FROM (SELECT rowid AS rid, bm25(kb_fts, \(KBScoring.bm25Weights)) AS rank FROM kb_fts WHERE kb_fts MATCH ?) f
                JOIN kb_articles a ON a.rowid = f.rid
                \(filter)
                ORDER BY f.rank
                LIMIT ?
                """,
            arguments)
        guard !candidates.isEmpty else { return [] }

        let articleCount = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM kb_articles")) ?? 0
        let matches = try query.terms.map { term in
            KBScoring.TermMatches(
                anywhere: try rowids(db, matching: KBQuery.quoted(term)),
                titleOrTags: try rowids(db, matching: "{title tags} : " + KBQuery.quoted(term)))
        }
        var best = 0.0
        var hits: [(hit: KBHit, rank: Double)] = []
        for row in candidates {
            let reader = RowReader(row: row, what: "kb article \(RowReader.describe(row, "id"))")
            let rank: Double = try reader.value("rank")
            if hits.isEmpty { best = rank }
            let articleAudience = try reader.optional("audience", as: String.self)
            let coverage = KBScoring.coverage(of: try reader.value("rid"), terms: matches, articles: articleCount)
            let hit = KBHit(
                id: try reader.value("id"), title: try reader.value("title"), summary: try reader.value("summary"),
                url: try reader.optional("url"), score: KBScoring.score(
                    coverage: coverage, bm25: rank, best: best,
                    audienceUnknown: audience == nil && articleAudience != nil))
            hits.append((hit, rank))
        }
        hits.sort { a, b in a.hit.score != b.hit.score ? a.hit.score > b.hit.score : a.rank < b.rank }
        return hits.prefix(limit).map(\.hit)
    }

    /// "The article declares none of these, or one of the given values."
    private static func declaresNoneOrOneOf(table: String, column: String, count: Int) -> String {
        let placeholders = Array(repeating: "?", count: count).joined(separator: ", ")
        return """
            (NOT EXISTS (SELECT 1 FROM \(table) x WHERE x.article_id = a.id)
             OR EXISTS (SELECT 1 FROM \(table) x WHERE x.article_id = a.id AND x.\(column) IN (\(placeholders))))
            """
    }

    private static func rowids(_ db: Database, matching expression: String) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT rowid FROM kb_fts WHERE kb_fts MATCH ?"), arguments: [expression]))
    }
}
