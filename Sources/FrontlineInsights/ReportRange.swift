import Foundation

/// The conversations a report covers: started on or after `since` and before the end of
/// `until` (both UTC days, inclusive), on `channel` when given.
public struct ReportRange: Sendable, Hashable {
    /// "YYYY-MM-DD" as given.
    public var since: String?
    public var until: String?
    public var channel: String?
    /// Messages parsed below this confidence (in scope) count as low-confidence and go to the review queue.
    public var lowConfidence: Double

    /// The engine's default low-confidence threshold (`EscalationPolicy.lowConfidence`).
    public static let defaultLowConfidence = 0.4

    /// Checks the dates; the error says which value is wrong and what was expected.
    public init(since: String? = nil, until: String? = nil, channel: String? = nil, lowConfidence: Double = defaultLowConfidence) throws {
        func check(_ value: String?, _ name: String) throws -> Int64? {
            guard let value else { return nil }
            guard let day = ReportCalendar.day(value) else {
                throw ReportRangeError("\(name) \"\(value)\" is not a date: expected YYYY-MM-DD (a UTC day)")
            }
            return day
        }
        let from = try check(since, "since")
        let to = try check(until, "until")
        if let from, let to, to < from {
            throw ReportRangeError("until \(until ?? "") is before since \(since ?? "")")
        }
        guard lowConfidence.isFinite, (0...1).contains(lowConfidence) else {
            throw ReportRangeError("low confidence \(lowConfidence) is not between 0 and 1")
        }
        if let channel, channel.isEmpty {
            throw ReportRangeError("channel is empty: give a channel name or leave it out")
        }
        self.since = since
        self.until = until
        self.channel = channel
        self.lowConfidence = lowConfidence
    }

    var startDay: Int64? { since.flatMap(ReportCalendar.day) }
    /// The day after `until`: the end is exclusive.
    var endDay: Int64? { until.flatMap(ReportCalendar.day).map { $0 + 1 } }

    var start: Date? { startDay.map(ReportCalendar.date(ofDay:)) }
    var end: Date? { endDay.map(ReportCalendar.date(ofDay:)) }
}

public struct ReportRangeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
