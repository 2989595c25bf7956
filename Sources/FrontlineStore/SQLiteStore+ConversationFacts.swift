import Foundation
import FrontlineEngine

/// The conversation report's reads, in one read transaction (a consistent snapshot that
/// never blocks the writer), and the record of model promotions.
extension SQLiteStore: ConversationFactSource {
    public func conversationFacts(_ query: FactQuery) async throws -> ConversationFacts {
        try await read { db in try ReportSQL.facts(db, query) }
    }

    /// Records that `name` was promoted to serve at `promotedAt`, trained with the outcomes
    /// up to `lastOutcomeId`. Durable. Recording the same name again updates it.
    public func recordRelease(name: String, promotedAt: Date, lastOutcomeId: Int) async throws {
        try StoreValidation.requireId(name, "name")
        try await write { db in
            try ReportSQL.recordRelease(db, name: name, promotedAt: promotedAt, lastOutcomeId: lastOutcomeId)
        }
    }
}
