/// What an entity is: one of the built-in kinds or the name of a declared pattern.
///
/// A string wrapper rather than an enum so the domain's pattern entities
/// (`order_number`) and the built-ins share one namespace, which is what the
/// tagger uses as token features ("this token is inside a `date`").
public struct EntityKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The kind's name: "date", or a pattern entity's name.
    public var rawValue: String

    /// The kind named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The kind named `name`.
    public init(_ name: String) { self.rawValue = name }
    /// The kind named by a literal: `"order_number"`.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Decodes from a plain string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// Integers and decimals, in digits or words: value "21", "3.5" ("three point five",
    /// "one and a half" too).
    public static let number = EntityKind("number")
    /// "2nd", "third", "twenty-first": value "2", "3", "21".
    public static let ordinal = EntityKind("ordinal")
    /// An amount with a currency: value "12.50 USD" ("$12.50", "12,50 €", "twelve euros fifty").
    public static let money = EntityKind("money")
    /// "15%", "fifteen per cent": value "15%".
    public static let percentage = EntityKind("percentage")
    /// Value lower-cased.
    public static let email = EntityKind("email")
    /// Value: the digits, with a leading "+" when written.
    public static let phone = EntityKind("phone")
    /// Value: with a scheme ("https://" added when missing) and a lower-cased host.
    public static let url = EntityKind("url")
    /// Value "2026-11-24" (the first day for a week, month or year; see `EntityMatch.grain`);
    /// a span of days is "2026-12-12/2026-12-13" ("this weekend"). See `EntityMatch.range`.
    public static let date = EntityKind("date")
    /// Value "15:00"; a span "09:00/17:00" ("between 9 and 5", "in the morning").
    public static let time = EntityKind("time")
    /// Value "2026-11-24T15:00"; a span "2026-12-04T09:00/2026-12-04T17:00" ("tomorrow morning").
    public static let datetime = EntityKind("datetime")

    /// Every built-in kind, in a stable order.
    public static let builtins: [EntityKind] = [
        .number, .ordinal, .money, .percentage, .email, .phone, .url, .date, .time, .datetime,
    ]

    /// One of `builtins` rather than a pattern entity.
    public var isBuiltin: Bool { Self.builtins.contains(self) }
}
