/// `conversations.json`: the conversation report's contract. Keys are snake_case and
/// always present (a rate with nothing to divide is `null`, never missing), lists are
/// sorted, so the same data gives the same bytes. Add keys only at the end of a struct
/// and bump `formatVersion` when a key's meaning changes.
public struct ConversationReport: Codable, Sendable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var range: RangeInfo
    /// What the reader should know about the data (e.g. facts recorded only since schema v4).
    public var notes: [String]
    public var overall: Summary
    /// One entry per UTC day from the first conversation's day to the last's (days without conversations included).
    public var byDay: [PeriodSummary]
    /// One entry per ISO week (keyed by its Monday), likewise.
    public var byWeek: [PeriodSummary]
    public var byChannel: [ChannelSummary]
    public var handoffs: HandoffMeasures
    public var intents: [IntentMeasures]
    public var reviewQueue: [ReviewGroup]
    public var articles: [ArticleMeasures]
    public var forms: [FormFunnel]
    public var outcomes: OutcomeMeasures
    public var releases: [ReleaseMeasures]

    public struct RangeInfo: Codable, Sendable, Equatable {
        public var since: String?
        public var until: String?
        public var channel: String?
        public var lowConfidence: Double
        public var timezone: String

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(since, forKey: .since)
            try c.encode(until, forKey: .until)
            try c.encode(channel, forKey: .channel)
            try c.encode(lowConfidence, forKey: .lowConfidence)
            try c.encode(timezone, forKey: .timezone)
        }
    }

    /// The headline measures of a set of conversations.
    public struct Summary: Codable, Sendable, Equatable {
        public var conversations: Int
        /// No handoff at all.
        public var contained: Int
        /// At least one handoff (handed back to the bot or not).
        public var handedOff: Int
        /// Handed off, then handed back to the bot by people.
        public var returnedToBot: Int
        public var containmentRate: Ratio
        public var handoffRate: Ratio
        /// Customer messages the bot answered (read with the NLU).
        public var customerMessages: Int
        public var fallbackMessages: Int
        public var fallbackRate: Ratio
        public var lowConfidenceMessages: Int
        public var lowConfidenceRate: Ratio
        /// Handed-off conversations by the reason of their first handoff, every known reason listed.
        public var handoffsByReason: [Count]
    }

    public struct PeriodSummary: Codable, Sendable, Equatable {
        /// "YYYY-MM-DD": the day, or the Monday of the week.
        public var period: String
        public var summary: Summary
    }

    public struct ChannelSummary: Codable, Sendable, Equatable {
        public var channel: String
        public var summary: Summary
        public var byDay: [PeriodSummary]
        public var byWeek: [PeriodSummary]
    }

    /// A named count with its share of a whole.
    public struct Count: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int
        public var share: Ratio
    }

    public struct HandoffMeasures: Codable, Sendable, Equatable {
        public var handedOff: Int
        public var byReason: [Count]
        public var byQueue: [Count]
        /// Seconds from the conversation's first customer message to its first handoff.
        public var timeToHandoff: Distribution
    }

    public struct Distribution: Codable, Sendable, Equatable {
        public var count: Int
        public var meanSeconds: Ratio
        public var medianSeconds: Ratio
        public var p90Seconds: Ratio
    }

    public struct IntentMeasures: Codable, Sendable, Equatable {
        public var intent: String
        /// Customer messages read as this intent.
        public var messages: Int
        /// Conversations whose topic (first placed intent) it is.
        public var conversations: Int
        public var contained: Int
        public var containmentRate: Ratio
        /// Customer messages read as this intent that an agent corrected.
        public var corrections: Int
        /// Messages per week, aligned with `by_week`.
        public var messagesByWeek: [Int]
    }

    public struct ReviewGroup: Codable, Sendable, Equatable {
        /// The first text of the group as the customer wrote it.
        public var example: String
        /// The normalised text shared by the group.
        public var key: String
        public var count: Int
        /// The bot's most frequent guess.
        public var intent: String
        public var meanConfidence: Double
    }

    public struct ArticleMeasures: Codable, Sendable, Equatable {
        public var articleId: String
        public var title: String
        public var shown: Int
        public var helpful: Int
        public var notHelpful: Int
        /// helpful / (helpful + not helpful).
        public var helpfulRate: Ratio
        /// Conversations handed off after the article was shown in them.
        public var ledToHandoff: Int
    }

    public struct FormFunnel: Codable, Sendable, Equatable {
        public var form: String
        public var started: Int
        public var completed: Int
        public var cancelled: Int
        /// Topic changed, or the form gave up with a response.
        public var left: Int
        public var handedOff: Int
        /// Started and never finished any other way: the customer stopped answering.
        public var abandoned: Int
        public var completionRate: Ratio
        /// Most filled first.
        public var slots: [SlotFunnel]
    }

    public struct SlotFunnel: Codable, Sendable, Equatable {
        public var slot: String
        public var filled: Int
        public var reasked: Int
    }

    public struct OutcomeMeasures: Codable, Sendable, Equatable {
        public var outcomes: Int
        /// Handed-off conversations with at least one outcome.
        public var handedOffWithOutcome: Int
        /// Outcomes with a verdict on the bot's handling.
        public var withVerdict: Int
        public var botWasRight: Int
        /// bot_was_right / with_verdict.
        public var botWasRightShare: Ratio
        /// Corrected customer messages by the bot's intent, most first.
        public var correctionsByIntent: [Count]
        /// All outcomes saved after the newest release took its training data, whatever the range.
        public var waitingForRetrain: Int
    }

    public struct ReleaseMeasures: Codable, Sendable, Equatable {
        public var name: String
        /// UTC, "YYYY-MM-DDTHH:MM:SSZ".
        public var promotedAt: String
        public var before: ReleaseWindow
        public var after: ReleaseWindow
    }

    /// Conversations started in the window (up to 7 days, not crossing another release,
    /// within the report's range).
    public struct ReleaseWindow: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        public var conversations: Int
        public var containmentRate: Ratio
        public var fallbackRate: Ratio
    }
}

/// A share: `part / whole` rounded to 6 decimals, or `null` when the whole is zero.
public struct Ratio: Codable, Sendable, Equatable {
    public var value: Double?

    public init(_ part: Int, of whole: Int) {
        value = whole == 0 ? nil : Self.rounded(Double(part) / Double(whole))
    }

    public init(_ value: Double?) {
        self.value = value.map(Self.rounded)
    }

    static func rounded(_ v: Double) -> Double { (v * 1_000_000).rounded() / 1_000_000 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        value = c.decodeNil() ? nil : try c.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}
