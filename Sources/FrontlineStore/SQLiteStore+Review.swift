import FrontlineEngine
import GRDB

extension SQLiteStore {
    /// Customer messages the bot was unsure of: parsed below `maxConfidence`, or out of
    /// scope. For trainers' review queue; newest first.
    public func unsureMessages(maxConfidence: Double, limit: Int) async throws -> [Message] {
        try await read { db in
            try db.rows(
                """
                SELECT \(Columns.message) FROM messages
                WHERE role = 'customer' AND parse IS NOT NULL
                  AND (json_extract(parse, '$.confidence') < ? OR json_extract(parse, '$.outOfScope') = 1)
                ORDER BY created_at DESC LIMIT ?
                """,
                [maxConfidence, limit]
            ).map(Message.init(row:))
        }
    }
}
