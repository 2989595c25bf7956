/// Units of relative dates and times ("in 3 days", "2 hours ago").
enum TimeUnit: UInt8, Sendable {
    case minute, hour, day, week, fortnight, month, year
}

/// Function words the date, time, number and money scanners look for.
enum EntityKeyword: UInt8, Sendable {
    case none
    case a, an, and, the, of, on, at, per
    case inWord, ago, from, now, after, before
    case today, tomorrow, yesterday, tonight
    case next, last, this, coming
    case am, pm, noon, midday, midnight, oclock
    case percent, cent
    case christmas, eve, new, dayWord
    case ordinalSuffix, dozen
    case p, m
    /// Words before "second" that make it the unit of time ("wait a second").
    case each, every, split
    /// Ranges: "between 9 and 5", "from monday to wednesday", "9am till 5pm".
    case between, to, until, through
    /// Prepositions that make "the 3rd" a date ("by the 3rd") and a month name a month ("in may").
    case by, since, during, over, forWord
    case weekend
    /// Parts of the day: "tomorrow morning", "in the afternoon".
    case morning, afternoon, evening
    /// Clock words: "half past two", "a quarter to three", "ten minutes past five".
    case half, quarter, past
    /// Decimals in words: "three point five".
    case point
    /// Sub-units of money: "fifty cents", "twelve euros and fifty cents".
    case cents
    /// A number after "version" is a label ("version 4.2"), not an amount.
    case version
}

/// The tense a word suggests, for months and weekends without a year or qualifier:
/// "I ordered it in may" is the last May, "deliver it in may" the next one.
enum TenseCue: UInt8, Sendable {
    case none, past, future
}

/// What a folded word can mean to the entity scanners; one dictionary lookup per
/// word at lexing time, so the scanners compare small integers, never strings.
struct WordInfo: Sendable {
    /// 0–19, or a multiple of ten 20–90.
    var cardinal: Int16 = -1
    /// 100, 1 000 or 1 000 000 for "hundred", "thousand", "million".
    var scale: Int32 = 0
    /// 1–19, or a multiple of ten 20–90 ("twentieth").
    var ordinal: Int16 = -1
    /// 100, 1 000, 1 000 000 for "hundredth"…
    var ordinalScale: Int32 = 0
    /// 1–12.
    var month: Int8 = 0
    /// ISO weekday 1–7.
    var weekday: Int8 = 0
    /// "mon", "sat"…: too ambiguous ("I sat") to stand alone.
    var abbreviatedWeekday = false
    var unit: TimeUnit?
    /// Singular unit word ("week", not "weeks"), for "next week".
    var singularUnit = false
    /// ISO 4217 code, or "$" for the configured dollar currency.
    var currency: String?
    /// A three-letter code ("usd"), which may also come before the amount.
    var currencyIsCode = false
    var keyword: EntityKeyword = .none
    var tense: TenseCue = .none
    /// Starts or ends a clause: "please", "thanks", "and", "or", "for"; a bare hour or
    /// range may end before it ("between 9 and 5 please").
    var closesPhrase = false

    static let empty = WordInfo()
}

/// The English words the built-in recognisers know.
enum EntityLexicon {
    /// Words longer than this are never in the table, so lexing skips the lookup.
    static let longestWord = 11

    static let table: [String: WordInfo] = build()

    private static func build() -> [String: WordInfo] {
        var t: [String: WordInfo] = [:]
        func set(_ word: String, _ update: (inout WordInfo) -> Void) {
            var info = t[word] ?? WordInfo()
            update(&info)
            t[word] = info
        }

        let units = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen",
        ]
        for (v, w) in units.enumerated() { set(w) { $0.cardinal = Int16(v) } }
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        for (k, w) in tens.enumerated() { set(w) { $0.cardinal = Int16(20 + 10 * k) } }
        set("fourty") { $0.cardinal = 40 }  // common misspelling
        set("hundred") { $0.scale = 100 }
        set("thousand") { $0.scale = 1000 }
        set("million") { $0.scale = 1_000_000 }

        let ordinals = [
            "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth",
        ]
        for (k, w) in ordinals.enumerated() { set(w) { $0.ordinal = Int16(k + 1) } }
        let tenths = [
            "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
            "ninetieth",
        ]
        for (k, w) in tenths.enumerated() { set(w) { $0.ordinal = Int16(20 + 10 * k) } }
        set("hundredth") { $0.ordinalScale = 100 }
        set("thousandth") { $0.ordinalScale = 1000 }
        set("millionth") { $0.ordinalScale = 1_000_000 }

        let months: [(Int8, [String])] = [
            (1, ["january", "jan"]), (2, ["february", "feb"]), (3, ["march", "mar"]),
            (4, ["april", "apr"]), (5, ["may"]), (6, ["june", "jun"]), (7, ["july", "jul"]),
            (8, ["august", "aug"]), (9, ["september", "sep", "sept"]), (10, ["october", "oct"]),
            (11, ["november", "nov"]), (12, ["december", "dec"]),
        ]
        for (m, words) in months { for w in words { set(w) { $0.month = m } } }

        let weekdays: [(Int8, String, [String])] = [
            (1, "monday", ["mon"]), (2, "tuesday", ["tue", "tues"]), (3, "wednesday", ["wed"]),
            (4, "thursday", ["thu", "thur", "thurs"]), (5, "friday", ["fri"]),
            (6, "saturday", ["sat"]), (7, "sunday", ["sun"]),
        ]
        for (d, full, short) in weekdays {
            set(full) { $0.weekday = d }
            for w in short {
                set(w) {
                    $0.weekday = d
                    $0.abbreviatedWeekday = true
                }
            }
        }

        let unitWords: [(TimeUnit, String, String)] = [
            (.minute, "minute", "minutes"), (.minute, "min", "mins"), (.hour, "hour", "hours"),
            (.day, "day", "days"), (.week, "week", "weeks"), (.fortnight, "fortnight", "fortnights"),
            (.month, "month", "months"), (.year, "year", "years"),
        ]
        for (u, one, many) in unitWords {
            set(one) {
                $0.unit = u
                $0.singularUnit = true
            }
            set(many) { $0.unit = u }
        }

        let currencies: [(String, [String])] = [
            ("$", ["dollar", "dollars", "buck", "bucks"]), ("EUR", ["euro", "euros"]),
            ("GBP", ["pound", "pounds", "quid"]), ("JPY", ["yen"]), ("INR", ["rupee", "rupees"]),
            ("CNY", ["yuan"]), ("CHF", ["franc", "francs"]),
        ]
        for (code, words) in currencies { for w in words { set(w) { $0.currency = code } } }
        let codes = [
            "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "INR", "SEK", "NOK", "DKK",
            "NZD", "MXN", "BRL", "PLN", "ZAR", "SGD", "HKD",
        ]
        for code in codes {
            set(code.lowercased()) {
                $0.currency = code
                $0.currencyIsCode = true
            }
        }

        let keywords: [(String, EntityKeyword)] = [
            ("a", .a), ("an", .an), ("and", .and), ("the", .the), ("of", .of), ("on", .on),
            ("at", .at), ("per", .per), ("in", .inWord), ("ago", .ago), ("from", .from),
            ("now", .now), ("after", .after), ("before", .before), ("today", .today),
            ("tomorrow", .tomorrow), ("tmrw", .tomorrow), ("yesterday", .yesterday),
            ("tonight", .tonight), ("next", .next), ("last", .last), ("this", .this),
            ("coming", .coming), ("am", .am), ("pm", .pm), ("noon", .noon), ("midday", .midday),
            ("midnight", .midnight), ("oclock", .oclock), ("percent", .percent),
            ("pct", .percent), ("cent", .cent), ("christmas", .christmas), ("xmas", .christmas),
            ("eve", .eve), ("new", .new), ("st", .ordinalSuffix), ("nd", .ordinalSuffix),
            ("rd", .ordinalSuffix), ("th", .ordinalSuffix), ("dozen", .dozen), ("p", .p),
            ("m", .m), ("each", .each), ("every", .every), ("split", .split),
        ]
        for (w, k) in keywords { set(w) { $0.keyword = k } }
        let rangeWords: [(String, EntityKeyword)] = [
            ("between", .between), ("to", .to), ("until", .until), ("till", .until), ("til", .until),
            ("through", .through), ("thru", .through), ("by", .by), ("since", .since), ("during", .during),
            ("over", .over), ("for", .forWord), ("weekend", .weekend), ("morning", .morning),
            ("afternoon", .afternoon), ("evening", .evening), ("half", .half), ("quarter", .quarter),
            ("past", .past), ("point", .point), ("cents", .cents), ("pence", .cents), ("version", .version),
        ]
        for (w, k) in rangeWords { set(w) { $0.keyword = k } }
        let past = [
            "ordered", "bought", "purchased", "paid", "placed", "received", "got", "was", "were", "did", "had",
            "returned", "arrived", "came", "charged", "billed", "sent", "shipped", "delivered", "happened",
            "booked", "made", "ago",
        ]
        for w in past { set(w) { $0.tense = .past } }
        let future = [
            "will", "deliver", "ship", "arrive", "come", "book", "schedule", "reschedule", "plan", "planning",
            "going", "gonna", "want", "wants", "need", "needs", "can", "could", "would", "should", "like",
            "expect", "expecting", "upcoming", "soon",
        ]
        for w in future { set(w) { $0.tense = .future } }
        for w in ["please", "pls", "thanks", "thank", "and", "or", "if", "but", "because", "so", "for", "then"] {
            set(w) { $0.closesPhrase = true }
        }
        // "day" is both a unit and part of "the day after tomorrow", "christmas day".
        set("day") { $0.keyword = .dayWord }
        return t
    }
}
