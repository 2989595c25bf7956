import Foundation
import FrontlineEngine

/// The conversation report: reads a store's facts for a range, computes the measures,
/// and writes `conversations.json` and `conversations.html`.
public enum ConversationInsights {
    public static let jsonFile = "conversations.json"
    public static let htmlFile = "conversations.html"

    public static func report(from source: any ConversationFactSource, range: ReportRange) async throws -> ConversationReport {
        let facts = try await source.conversationFacts(
            FactQuery(start: range.start, end: range.end, channel: range.channel, unsureBelow: range.lowConfidence))
        return ReportBuilder(facts: facts, range: range).build()
    }

    /// The contract's bytes: pretty-printed, keys sorted, snake_case, a final newline.
    public static func json(_ report: ConversationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(report)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public static func decode(_ data: Data) throws -> ConversationReport {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ConversationReport.self, from: data)
    }

    /// Writes both files into `folder` (created when missing), each atomically.
    public static func write(_ report: ConversationReport, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try json(report).write(to: folder.appendingPathComponent(jsonFile), options: .atomic)
        try Data(ConversationsPage.render(report).utf8).write(to: folder.appendingPathComponent(htmlFile), options: .atomic)
    }
}
