/// What a scanner found, before overlaps are resolved. Kept cheap: the raw text and
/// the value string are only built for the matches that survive.
struct EntityCandidate {
    /// Ordered by priority when two candidates cover exactly the same text: a
    /// domain's pattern beats a built-in, a datetime beats its parts, money and
    /// percentages beat a bare number.
    enum Kind: Int {
        case pattern, datetime, date, time, money, percentage, phone, email, url, ordinal, number

        var entityKind: EntityKind {
            switch self {
            case .pattern: return EntityKind("pattern")
            case .datetime: return .datetime
            case .date: return .date
            case .time: return .time
            case .money: return .money
            case .percentage: return .percentage
            case .phone: return .phone
            case .email: return .email
            case .url: return .url
            case .ordinal: return .ordinal
            case .number: return .number
            }
        }
    }

    enum Payload {
        case amount(DecimalAmount)
        case ordinal(Int)
        case money(DecimalAmount, currency: String)
        case text(String)
        case date(CalendarDate, DateGrain)
        case time(ClockTime)
        case datetime(CalendarDate, ClockTime)
        /// Days `from`…`to`, both included ("this weekend", "from monday to wednesday").
        case dateRange(CalendarDate, CalendarDate)
        /// "between 9 and 5", "in the morning".
        case timeRange(ClockTime, ClockTime)
        /// "tomorrow between 9 and 5", "the day after tomorrow in the morning".
        case datetimeRange(CalendarDate, ClockTime, CalendarDate, ClockTime)
        /// Index of the pattern entity.
        case pattern(Int)
    }

    var kind: Kind
    /// Half-open Unicode-scalar offsets.
    var start: Int
    var end: Int
    var payload: Payload
}
