import Foundation
import FrontlineEngine
import GRDB

/// The conversation report's reads: the conversations that started in the range (index
/// `conversations_by_start`), then their messages (primary key), handoffs
/// (`handoffs_by_conversation`), turn events and outcomes, joined on the conversation.
/// The parse and reply documents are read with SQLite's json_extract, so no JSON is
/// decoded in Swift except outcomes' corrections.
enum ReportSQL {
    static func facts(_ db: Database, _ query: FactQuery) throws -> ConversationFacts {
        let range = Range(query)
        var conversations: [ConversationFact] = []
        var index: [String: Int] = [:]
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT id, channel, created_at, status FROM conversations c
                WHERE \(range.condition) ORDER BY created_at, id
                """),
            arguments: range.arguments)
        while let row = try cursor.next() {
            let id: String = try column(row, 0, "conversation")
            let what = "conversation \(id)"
            let raw: String = try column(row, 3, what)
            guard let status = ConversationStatus(rawValue: raw) else {
                throw StoreError.corrupt("\(what): column status: unknown value \(raw)")
            }
            index[id] = conversations.count
            conversations.append(ConversationFact(
                id: id, channel: try column(row, 1, what), startedAt: date(try column(row, 2, what)), status: status))
        }
        guard !conversations.isEmpty else {
            return ConversationFacts(
                conversations: [], releases: try releases(db), outcomesWaitingForRetrain: try waiting(db),
                schemaVersion: Schema.version)
        }
        try readMessages(db, range: range, unsureBelow: query.unsureBelow, into: &conversations, index: index)
        try readHandoffs(db, range: range, into: &conversations, index: index)
        try readEvents(db, range: range, into: &conversations, index: index)
        try readOutcomes(db, range: range, into: &conversations, index: index)
        return ConversationFacts(
            conversations: conversations, releases: try releases(db), outcomesWaitingForRetrain: try waiting(db),
            schemaVersion: Schema.version)
    }

    static func recordRelease(_ db: Database, name: String, promotedAt: Date, lastOutcomeId: Int) throws {
        try EventSQL.recordRelease(db, name: name, promotedAt: promotedAt, lastOutcomeId: lastOutcomeId)
    }

    /// The WHERE clause on `conversations c` and its arguments.
    private struct Range {
        var condition: String
        var arguments: StatementArguments

        init(_ query: FactQuery) {
            var parts: [String] = []
            var arguments: StatementArguments = []
            parts.append("c.created_at >= ?")
            arguments += [query.start.map(StoreClock.milliseconds) ?? Int64.min]
            parts.append("c.created_at < ?")
            arguments += [query.end.map(StoreClock.milliseconds) ?? Int64.max]
            if let channel = query.channel {
                parts.append("c.channel = ?")
                arguments += [channel]
            }
            condition = parts.joined(separator: " AND ")
            self.arguments = arguments
        }
    }

    private static func readMessages(
        _ db: Database, range: Range, unsureBelow: Double, into conversations: inout [ConversationFact], index: [String: Int]
    ) throws {
        let statement = try db.cachedStatement(sql: """
            SELECT m.conversation_id, m.sequence, m.role, m.created_at, m.reply_to,
                json_extract(m.parse, '$.intent'), json_extract(m.parse, '$.confidence'),
                json_extract(m.parse, '$.outOfScope'),
                json_extract(m.details, '$.kind'), json_extract(m.details, '$.article.id'),
                json_extract(m.details, '$.article.title'), m.text
            FROM conversations c JOIN messages m ON m.conversation_id = c.id
            WHERE \(range.condition) AND m.role IN ('customer', 'bot')
            """)
        let cursor = try Row.fetchCursor(statement, arguments: range.arguments)
        let column = StatementColumns(statement)
        // Rows come conversation by conversation: look the id up only when it changes.
        var currentId = ""
        var at: Int?
        while try cursor.next() != nil {
            if !column.equals(0, &currentId) {
                currentId = try column.requiredText(0, "message")
                at = index[currentId]
            }
            guard let at else { continue }
            let sequence = Int(try column.requiredInt(1, "message \(currentId)"))
            let time = date(try column.requiredInt(3, "message \(currentId)#\(sequence)"))
            if column.equals(2, "customer") {
                let intent = column.text(5)
                let confidence = column.double(6)
                let outOfScope = (column.int(7) ?? 0) != 0
                // The text only for what the review queue lists: most messages never become a String.
                let unsure = intent != nil && (outOfScope || (confidence ?? 0) < unsureBelow)
                conversations[at].messages.append(CustomerMessageFact(
                    sequence: sequence, at: time, intent: intent, confidence: confidence, outOfScope: outOfScope,
                    fallback: false, unsureText: unsure ? column.text(11) : nil))
            } else if column.equals(8, "fallback") {
                if let replyTo = column.int(4),
                   let customer = conversations[at].messages.lastIndex(where: { $0.sequence == Int(replyTo) }) {
                    conversations[at].messages[customer].fallback = true
                }
            } else if column.equals(8, "article"), let article = column.text(9) {
                conversations[at].articles.append(ArticleShownFact(
                    sequence: sequence, at: time, articleId: article, title: column.text(10) ?? article))
            }
        }
        // The join's order is the index's; a planner that chose another would still give these.
        for i in conversations.indices {
            if !conversations[i].messages.isSorted(by: \.sequence) { conversations[i].messages.sort { $0.sequence < $1.sequence } }
            if !conversations[i].articles.isSorted(by: \.sequence) { conversations[i].articles.sort { $0.sequence < $1.sequence } }
        }
    }

    private static func readHandoffs(
        _ db: Database, range: Range, into conversations: inout [ConversationFact], index: [String: Int]
    ) throws {
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT h.conversation_id, h.reason, h.queue, h.status, h.created_at
                FROM conversations c JOIN handoffs h ON h.conversation_id = c.id
                WHERE \(range.condition) ORDER BY h.created_at, h.rowid
                """),
            arguments: range.arguments)
        while let row = try cursor.next() {
            let id: String = try column(row, 0, "handoff")
            guard let at = index[id] else { continue }
            let what = "handoff of conversation \(id)"
            let raw: String = try column(row, 3, what)
            guard let status = HandoffStatus(rawValue: raw) else {
                throw StoreError.corrupt("\(what): column status: unknown value \(raw)")
            }
            conversations[at].handoffs.append(HandoffFact(
                reason: try column(row, 1, what), queue: try column(row, 2, what), status: status,
                createdAt: date(try column(row, 4, what))))
        }
    }

    private static func readEvents(
        _ db: Database, range: Range, into conversations: inout [ConversationFact], index: [String: Int]
    ) throws {
        let statement = try db.cachedStatement(sql: """
            SELECT e.conversation_id, e.sequence, e.kind, e.subject, e.slot
            FROM conversations c JOIN turn_events e ON e.conversation_id = c.id
            WHERE \(range.condition) ORDER BY e.id
            """)
        let cursor = try Row.fetchCursor(statement, arguments: range.arguments)
        let column = StatementColumns(statement)
        var currentId = ""
        var at: Int?
        while try cursor.next() != nil {
            if !column.equals(0, &currentId) {
                currentId = try column.requiredText(0, "turn event")
                at = index[currentId]
            }
            guard let at else { continue }
            // An event kind from a newer build is skipped rather than failing the report.
            guard let kind = TurnEventKind(rawValue: try column.requiredText(2, "turn event of conversation \(currentId)")) else { continue }
            conversations[at].events.append(EventFact(
                sequence: column.int(1).map(Int.init),
                event: TurnEvent(kind, try column.requiredText(3, "turn event of conversation \(currentId)"), slot: column.text(4))))
        }
    }

    private static func readOutcomes(
        _ db: Database, range: Range, into conversations: inout [ConversationFact], index: [String: Int]
    ) throws {
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT o.conversation_id, o.id, o.bot_was_right, o.corrections
                FROM conversations c JOIN outcomes o ON o.conversation_id = c.id
                WHERE \(range.condition) ORDER BY o.id
                """),
            arguments: range.arguments)
        while let row = try cursor.next() {
            let id: String = try column(row, 0, "outcome")
            guard let at = index[id] else { continue }
            let outcomeId: Int = try column(row, 1, "outcome of conversation \(id)")
            let what = "outcome \(outcomeId)"
            let corrections = try StoreJSON.decode(
                [TurnCorrection].self, from: try column(row, 3, what), what: "\(what): column corrections")
            conversations[at].outcomes.append(OutcomeFact(
                id: outcomeId, botWasRight: (try optional(row, 2, what) as Int?).map { $0 != 0 },
                correctedSequences: corrections.filter { $0.intent != nil || $0.slots != nil }.map(\.sequence)))
        }
    }

    private static func releases(_ db: Database) throws -> [ReleaseFact] {
        try db.rows("SELECT name, promoted_at, last_outcome_id FROM model_releases ORDER BY promoted_at, name").map { row in
            let name: String = try column(row, 0, "model release")
            return ReleaseFact(
                name: name, promotedAt: date(try column(row, 1, "release \(name)")),
                lastOutcomeId: try column(row, 2, "release \(name)"))
        }
    }

    private static func waiting(_ db: Database) throws -> Int {
        let row = try db.row("""
            SELECT COUNT(*) FROM outcomes WHERE id > COALESCE(
                (SELECT last_outcome_id FROM model_releases ORDER BY promoted_at DESC, name DESC LIMIT 1), 0)
            """)
        return try row.map { try column($0, 0, "outcome count") } ?? 0
    }

    private static func date(_ milliseconds: Int64) -> Date { StoreClock.date(milliseconds: milliseconds) }

    /// A non-NULL column by position; a NULL or mistyped value is a corrupt-row error, never a trap.
    private static func column<T: DatabaseValueConvertible>(_ row: Row, _ index: Int, _ what: String) throws -> T {
        do {
            return try row.decode(T.self, atIndex: index)
        } catch {
            throw StoreError.corrupt("\(what): column \(index): \(error)")
        }
    }

    private static func optional<T: DatabaseValueConvertible>(_ row: Row, _ index: Int, _ what: String) throws -> T? {
        do {
            return try row.decode(T?.self, atIndex: index)
        } catch {
            throw StoreError.corrupt("\(what): column \(index): \(error)")
        }
    }
}
