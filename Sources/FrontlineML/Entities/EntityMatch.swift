/// One recognised entity in a text.
///
/// Offsets are Unicode-scalar offsets into the original text, half-open
/// (`text[start..<end]`), the same convention as `Utterance` and `SlotSpan`.
public struct EntityMatch: Sendable, Hashable, Codable {
    /// A built-in kind or the name of the pattern entity that matched.
    public var kind: EntityKind
    /// The original text the match covers.
    public var raw: String
    /// Half-open Unicode-scalar offsets.
    public var start: Int
    public var end: Int
    /// The canonical value: "21", "12.50 USD", "15%", "+442079460958", "2026-11-24T15:00"…
    public var value: String
    /// The amount of a number, ordinal, money or percentage.
    public var number: Double?
    /// ISO 4217 code of a money amount.
    public var currency: String?
    /// The day of a date or datetime (the first day of the week/month/year for coarser grains).
    public var date: CalendarDate?
    /// The time of a time or datetime.
    public var time: ClockTime?
    /// The grain of a date; nil for other kinds.
    public var grain: DateGrain?
    /// Where a date, time or datetime that is more than a point starts and ends
    /// ("next weekend", "between 9 and 5"); nil for points and other kinds.
    public var range: EntityRange?

    /// A match with the given fields; the structured ones default to nil.
    public init(
        kind: EntityKind, raw: String, start: Int, end: Int, value: String,
        number: Double? = nil, currency: String? = nil, date: CalendarDate? = nil,
        time: ClockTime? = nil, grain: DateGrain? = nil, range: EntityRange? = nil
    ) {
        self.kind = kind
        self.raw = raw
        self.start = start
        self.end = end
        self.value = value
        self.number = number
        self.currency = currency
        self.date = date
        self.time = time
        self.grain = grain
        self.range = range
    }
}
