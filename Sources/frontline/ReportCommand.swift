import ArgumentParser
import Foundation
import FrontlineInsights
import FrontlinePostgres
import FrontlineStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports from what customers and the bot actually said.",
        subcommands: [Conversations.self])

    struct Conversations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conversations",
            abstract: "Containment, handoffs, understanding, knowledge base, forms, outcomes and releases, from the store.",
            discussion: """
                Writes DIR/conversations.json (the documented contract; GET /v1/admin/report returns the \
                same bytes) and DIR/conversations.html (self-contained, no network). Conversations count \
                on the UTC day they started; --since and --until are UTC days, both included.
                """)

        @Option(name: .long, help: "The SQLite database the server or chat wrote.")
        var db = "frontline.db"

        @Option(name: .long, help: "First day (YYYY-MM-DD, UTC) of conversations to include.")
        var since: String?

        @Option(name: .long, help: "Last day (YYYY-MM-DD, UTC) of conversations to include.")
        var until: String?

        @Option(name: .long, help: "Only conversations on this channel.")
        var channel: String?

        @Option(name: .long, help: "In-scope messages parsed below this confidence count as low-confidence (the engine's default threshold).")
        var lowConfidence = ReportRange.defaultLowConfidence

        @Option(name: .long, help: "Folder to write conversations.json and conversations.html into.")
        var out: String

        func run() async throws {
            if db.contains("://") && !PostgresLocation.isURL(db) {
                throw ValidationError("--db \(db): a SQLite file or a postgres:// URL")
            }
            guard DatabaseOption.exists(db) else { throw ValidationError("no database at \(db)") }
            let range: ReportRange
            do {
                range = try ReportRange(since: since, until: until, channel: channel, lowConfidence: lowConfidence)
            } catch let error as ReportRangeError {
                throw ValidationError(error.description)
            }
            let clock = ContinuousClock()
            let started = clock.now
            let report = try await DatabaseOption.withStore(db) { try await ConversationInsights.report(from: $0, range: range) }
            let folder = URL(fileURLWithPath: out)
            try ConversationInsights.write(report, to: folder)
            let elapsed = clock.now - started
            let o = report.overall
            print("conversations \(o.conversations), contained \(o.contained), handed off \(o.handedOff), customer messages \(o.customerMessages)")
            print("wrote \(folder.appendingPathComponent(ConversationInsights.jsonFile).path) and \(ConversationInsights.htmlFile)")
            note(String(format: "report took %.2f s", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
    }
}
