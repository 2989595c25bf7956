import Foundation
import FrontlineEngine
import GRDB

/// `KnowledgeBaseIndex` on SQLite FTS5; scoring is documented on `KBScoring`.
extension SQLiteStore: KnowledgeBaseIndex {
    public func replaceAll(articles: [KBDocument]) async throws {
        var seen: Set<String> = []
        for article in articles {
            try StoreValidation.requireId(article.id, "article id")
            guard seen.insert(article.id).inserted else {
                throw StoreError.invalidArgument("article id \(article.id) appears twice")
            }
        }
        try await write { db in try KnowledgeBaseSQL.replaceAll(db, articles: articles) }
    }

    public func search(
        query: String, intents: [String], products: [String], context: [String: String], limit: Int
    ) async throws -> [KBHit] {
        let parsed = KBQuery(query)
        let limit = StoreValidation.limit(limit)
        guard !parsed.isEmpty, limit > 0 else { return [] }
        let audience = StoreValidation.nonEmpty(context["audience"])
        return try await read { db in
            try KnowledgeBaseSQL.search(db, query: parsed, intents: intents, products: products, audience: audience, limit: limit)
        }
    }
}
