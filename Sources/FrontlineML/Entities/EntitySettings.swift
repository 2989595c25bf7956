/// How the built-in entity recognisers read ambiguous text.
public struct EntitySettings: Sendable, Hashable, Codable {
    /// Built-in kinds to report (pattern entities are always reported).
    /// Disabling a kind lets shorter matches of other kinds through ("5 march" → number 5).
    public var kinds: Set<EntityKind>
    /// How "5/3" is read; see `NumericDateOrder`.
    public var numericDateOrder: NumericDateOrder
    /// ISO code for "$", "dollars" and "bucks".
    public var dollarCurrency: String
    /// How an hour written without am/pm is read; see `HourReading`.
    public var hourReading: HourReading

    /// The defaults: every built-in kind, day-first dates, US dollars, business hours.
    public init(
        kinds: Set<EntityKind> = Set(EntityKind.builtins),
        numericDateOrder: NumericDateOrder = .dayFirst,
        dollarCurrency: String = "USD",
        hourReading: HourReading = .businessHours
    ) {
        self.kinds = kinds
        self.numericDateOrder = numericDateOrder
        self.dollarCurrency = dollarCurrency
        self.hourReading = hourReading
    }
}

/// The order of day and month in all-digit dates such as "5/3".
///
/// When the preferred order gives an impossible date and the other one does not
/// ("12/25" with `.dayFirst`), the other order is used.
public enum NumericDateOrder: String, Sendable, Hashable, Codable {
    /// "5/3" is 5 March (most of the world, the default).
    case dayFirst
    /// "5/3" is May 3 (United States).
    case monthFirst
}

/// How an hour from 1 to 12 written without am/pm and without a leading zero is read
/// ("at 5", "5:30"). Hours with a leading zero ("05:30") or above 12 are always 24-hour.
public enum HourReading: String, Sendable, Hashable, Codable {
    /// As a 24-hour clock: "at 5" is 05:00.
    case asWritten
    /// Customer-service hours: 1–6 are afternoon ("at 5" is 17:00), 7–12 as written.
    case businessHours
}
