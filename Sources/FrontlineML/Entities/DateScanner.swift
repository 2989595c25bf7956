/// A date found at tokens `first..<end`, before it is paired with a time.
struct DatePart {
    var first: Int
    var end: Int
    var date: CalendarDate
    var grain: DateGrain
    /// "tonight": an hour without am/pm after it is in the evening.
    var evening = false
    /// The last day of a span of days ("this weekend"); nil for one day or a calendar unit.
    var last: CalendarDate? = nil
    /// A bare weekday ("monday"): as the end of a range it moves to the first such day
    /// on or after the range's start ("from friday to monday").
    var weekdayOnly = false
}

/// Dates, resolved against the reference date.
///
/// Rules (each has a test):
/// - A weekday on its own ("monday", "on friday") and "next"/"coming" + weekday are the
///   first such day strictly after today: "monday" said on a Monday is a week later.
///   "this" + weekday includes today; "last" + weekday is strictly before today.
/// - A month name is a date only next to a day number ("may 5", "5th of may",
///   "the 5th of may"), so "may I return it" and "we march on" are not dates.
/// - A day and month without a year are their next occurrence on or after today
///   ("29 feb" waits for the next leap year); so is "on the 5th" for a day alone.
/// - "next week" is the Monday of next week (grain week); "next month" / "next year"
///   their first day (grain month / year).
/// - "5/3" follows `EntitySettings.numericDateOrder`, falling back to the other order
///   when the preferred one is impossible ("12/25"). Fractions read as dates too
///   ("1/2" is 1 February); only "24/7" is excluded.
extension EntityScan {
    mutating func scanDateParts(into parts: inout [DatePart]) {
        let today = reference.date
        for i in 0..<count {
            let token = tokens[i]
            if token.kind == .digits {
                scanYearAlone(at: i, into: &parts)
                scanNumericDate(at: i, into: &parts)
                scanDayMonth(at: i, first: i, into: &parts)
                scanRelative(at: i, into: &parts)
                continue
            }
            guard token.kind == .word else { continue }
            let info = token.info
            switch info.keyword {
            case .today: append(&parts, i, i + 1, today)
            case .tonight: append(&parts, i, i + 1, today, evening: true)
            case .tomorrow: append(&parts, i, i + 1, today.adding(days: 1))
            case .yesterday: append(&parts, i, i + 1, today.adding(days: -1))
            case .the, .dayWord: scanDayAfterTomorrow(at: i, into: &parts)
            case .next, .last, .this, .coming: scanQualified(at: i, into: &parts)
            case .inWord: scanRelative(at: i, into: &parts)
            case .on: scanDayOnly(at: i + 1, weekday: nil, first: i + 1, into: &parts)
            case .by, .until, .before, .after, .since, .from, .to, .forWord, .through, .between:
                // "by the 3rd", "from the 3rd to the 5th"; "to the 3rd floor" is not a date.
                var found: [DatePart] = []
                scanDayOnly(at: i + 1, weekday: nil, first: i + 1, into: &found)
                if let part = found.first, endsPhrase(part.end) || keyword(part.end) == .of { parts.append(part) }
            case .weekend: scanWeekend(at: i, into: &parts)
            case .christmas:
                if keyword(i + 1) == .eve {
                    append(&parts, i, i + 2, upcoming(month: 12, day: 24))
                } else {
                    let end = keyword(i + 1) == .dayWord ? i + 2 : i + 1
                    append(&parts, i, end, upcoming(month: 12, day: 25))
                }
            case .new:
                let next = i + 1 < count ? tokens[i + 1].text : ""
                if next == "years" || next == "year" {
                    if keyword(i + 2) == .eve { append(&parts, i, i + 3, upcoming(month: 12, day: 31)) }
                    if keyword(i + 2) == .dayWord { append(&parts, i, i + 3, upcoming(month: 1, day: 1)) }
                }
            default: break
            }
            if info.weekday > 0 {
                // "mon", "sat", "sun" alone are too often words ("I sat").
                if !info.abbreviatedWeekday || keyword(i - 1) == .on {
                    append(&parts, i, i + 1, nextWeekday(Int(info.weekday), includingToday: false))
                    parts[parts.count - 1].weekdayOnly = true
                }
                // "monday 5 march", "friday, march 5th".
                let k = isSymbol(i + 1, ",") ? i + 2 : i + 1
                scanDayMonth(at: k, first: i, into: &parts)
                scanMonthDay(at: k, first: i, into: &parts)
                scanDayOnly(at: k, weekday: Int(info.weekday), first: i, into: &parts)
            }
            if info.month > 0 {
                scanMonthDay(at: i, first: i, into: &parts)
                scanMonthAlone(at: i, into: &parts)
            }
            if info.cardinal >= 0 || info.ordinal > 0 || info.keyword == .the {
                scanDayMonth(at: i, first: i, into: &parts)
            }
            if info.cardinal >= 0 || info.keyword == .a || info.keyword == .an {
                scanRelative(at: i, into: &parts)
            }
        }
    }

    // MARK: Relative

    /// "the day after tomorrow", "day after tomorrow", "the day before yesterday".
    private func scanDayAfterTomorrow(at i: Int, into parts: inout [DatePart]) {
        let k = keyword(i) == .the ? i + 1 : i
        guard keyword(k) == .dayWord else { return }
        if keyword(k + 1) == .after && keyword(k + 2) == .tomorrow {
            append(&parts, i, k + 3, reference.date.adding(days: 2))
        } else if keyword(k + 1) == .before && keyword(k + 2) == .yesterday {
            append(&parts, i, k + 3, reference.date.adding(days: -2))
        }
    }

    /// "next monday", "last tuesday", "this friday", "next week", "last month", "this year".
    private func scanQualified(at i: Int, into parts: inout [DatePart]) {
        let q = keyword(i)
        let target = info(i + 1)
        let today = reference.date
        if target.keyword == .weekend {
            let step = q == .next ? 1 : q == .last ? -1 : 0
            appendWeekend(&parts, i, i + 2, step: step)
            return
        }
        if target.month > 0, q != .coming {
            appendQualifiedMonth(&parts, i, Int(target.month), qualifier: q)
            return
        }
        if target.weekday > 0 {
            let w = Int(target.weekday)
            let date: CalendarDate?
            switch q {
            case .last: date = previousWeekday(w)
            case .this: date = nextWeekday(w, includingToday: true)
            default: date = nextWeekday(w, includingToday: false)
            }
            append(&parts, i, i + 2, date)
            return
        }
        guard target.singularUnit, let unit = target.unit else { return }
        let step = q == .next || q == .coming ? 1 : q == .last ? -1 : 0
        switch unit {
        case .week:
            let monday = today.adding(days: 1 - today.weekday)
            append(&parts, i, i + 2, monday?.adding(days: 7 * step), grain: .week)
        case .month:
            let first = CalendarDate(year: today.year, month: today.month, day: 1)
            append(&parts, i, i + 2, first.adding(months: step), grain: .month)
        case .year:
            append(&parts, i, i + 2, CalendarDate(year: today.year + step, month: 1, day: 1), grain: .year)
        default:
            break
        }
    }

    /// "in 3 days", "in two weeks", "in a month", "3 days ago", "a week from today",
    /// "in 2 hours" (a datetime, added directly).
    private mutating func scanRelative(at i: Int, into parts: inout [DatePart]) {
        let isIn = keyword(i) == .inWord
        guard let (amount, k) = parseQuantity(at: isIn ? i + 1 : i), let unit = info(k).unit else { return }
        let sign: Int
        let end: Int
        if isIn {
            sign = 1
            end = k + 1
        } else if keyword(k + 1) == .ago {
            sign = -1
            end = k + 2
        } else if keyword(k + 1) == .from && (keyword(k + 2) == .now || keyword(k + 2) == .today) {
            sign = 1
            end = k + 3
        } else {
            return
        }
        let n = amount * sign
        let today = reference.date
        switch unit {
        case .day: append(&parts, i, end, today.adding(days: n))
        case .week: append(&parts, i, end, today.adding(days: 7 * n))
        case .fortnight: append(&parts, i, end, today.adding(days: 14 * n))
        case .month: append(&parts, i, end, today.adding(months: n))
        case .year: append(&parts, i, end, today.adding(months: 12 * n))
        case .hour, .minute:
            let minutes = reference.time.hour * 60 + reference.time.minute + n * (unit == .hour ? 60 : 1)
            let days = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
            let rest = minutes - days * 1440
            if let date = today.adding(days: days) {
                add(.datetime, tokens: i, end, .datetime(date, ClockTime(hour: rest / 60, minute: rest % 60)))
            }
        }
    }

    /// A small whole count: "3", "two", "twenty one", "a"/"an" (one).
    private func parseQuantity(at i: Int) -> (Int, Int)? {
        if (keyword(i) == .a || keyword(i) == .an) && info(i + 1).unit != nil { return (1, i + 1) }
        guard let n = parseNumber(at: i), let v = n.amount.intValue,
            v <= 100_000, n.isWords || !gluedWord(after: n.next - 1)
        else { return nil }
        return (v, n.next)
    }

    // MARK: Absolute

    /// "5 march", "5th of march", "the 5th of march", "5 march 2027".
    private func scanDayMonth(at i: Int, first: Int, into parts: inout [DatePart]) {
        let k = keyword(i) == .the ? i + 1 : i
        guard let (day, afterDay) = parseDayNumber(at: k) else { return }
        let m = keyword(afterDay) == .of ? afterDay + 1 : afterDay
        let month = Int(info(m).month)
        guard month > 0 else { return }
        if let (year, end) = parseYear(at: m + 1) {
            append(&parts, first, end, dated(day: day, month: month, year: year))
        } else {
            append(&parts, first, m + 1, dated(day: day, month: month, year: nil))
        }
    }

    /// "march 5", "march 5th", "march the 5th", "march 5, 2027".
    private func scanMonthDay(at i: Int, first: Int, into parts: inout [DatePart]) {
        let month = Int(info(i).month)
        guard month > 0 else { return }
        let k = keyword(i + 1) == .the ? i + 2 : i + 1
        guard let (day, afterDay) = parseDayNumber(at: k) else { return }
        if let (year, end) = parseYear(at: afterDay) {
            append(&parts, first, end, dated(day: day, month: month, year: year))
        } else {
            append(&parts, first, afterDay, dated(day: day, month: month, year: nil))
        }
    }

    /// "on the 5th" (the next 5th, today included), "by the 3rd", "friday the 13th" (the next
    /// Friday that is a 13th). Only ordinals: "on the 5" is too likely something else.
    func scanDayOnly(at i: Int, weekday: Int?, first: Int, into parts: inout [DatePart]) {
        guard keyword(i) == .the else { return }
        let k = i + 1
        let ordinalForm =
            isDigits(k)
            ? adjacent(k, k + 1) && keyword(k + 1) == .ordinalSuffix : info(k).ordinal > 0 || info(k).cardinal >= 20
        guard ordinalForm, let (day, end) = parseDayNumber(at: k) else { return }
        let today = reference.date
        var year = today.year
        var month = today.month
        // A weekday falls on a given day of the month at least every 14 months; 31sts take longer.
        for _ in 0..<120 {
            let date = CalendarDate(year: year, month: month, day: day)
            if date.isValid && date >= today && (weekday == nil || date.weekday == weekday) {
                append(&parts, first, end, date)
                return
            }
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
    }

    /// "2026-12-01", "2026/12/01", "5/3", "5/3/2026", "05/03/26".
    private mutating func scanNumericDate(at i: Int, into parts: inout [DatePart]) {
        guard startsCleanly(i) else { return }
        let t = tokens
        let sep = i + 1
        guard isSymbol(sep, "/") || isSymbol(sep, "-"), adjacent(i, sep), adjacent(sep, sep + 1),
            isDigits(sep + 1), t[sep + 1].text.utf8.count <= 2
        else { return }
        let separator = t[sep].symbol
        if t[i].text.utf8.count == 4 {
            // ISO order: year, month, day.
            guard isSymbol(sep + 2, separator), adjacent(sep + 1, sep + 2), adjacent(sep + 2, sep + 3),
                isDigits(sep + 3), t[sep + 3].text.utf8.count <= 2
            else { return }
            let end = sep + 4
            let date = CalendarDate(year: t[i].value, month: t[sep + 1].value, day: t[sep + 3].value)
            guard date.isValid, !continuesNumerically(end - 1) else { return }
            // "2026-12-01T15:00".
            if gluedWord(after: end - 1), t[end].text == "t", adjacent(end, end + 1),
                let time = parseClock(at: end + 1, afterT: true)
            {
                add(.datetime, tokens: i, time.end, .datetime(date, time.time))
                return
            }
            guard !gluedWord(after: end - 1) else { return }
            append(&parts, i, end, date)
            return
        }
        guard separator == "/", t[i].text.utf8.count <= 2 else { return }
        var end = sep + 2
        var year: Int?
        if isSymbol(end, "/"), adjacent(end - 1, end), adjacent(end, end + 1), isDigits(end + 1) {
            let digits = t[end + 1].text.utf8.count
            guard digits == 2 || digits == 4 else { return }
            year = digits == 2 ? 2000 + t[end + 1].value : t[end + 1].value
            end += 2
        }
        guard !continuesNumerically(end - 1), !gluedWord(after: end - 1) else { return }
        let a = t[i].value
        let b = t[sep + 1].value
        // "24/7" is round the clock, not 24 July.
        if a == 24 && b == 7 && year == nil { return }
        let (day, month) = settings.numericDateOrder == .dayFirst ? (a, b) : (b, a)
        if let date = dated(day: day, month: month, year: year) {
            append(&parts, i, end, date)
        } else {
            append(&parts, i, end, dated(day: month, month: day, year: year))
        }
    }

    /// Token `i` is followed by more digits through a separator ("1/2/3/4", "2026-12-01-5").
    private func continuesNumerically(_ i: Int) -> Bool {
        guard adjacent(i, i + 1), tokens[i + 1].kind == .symbol, adjacent(i + 1, i + 2) else { return false }
        switch tokens[i + 1].symbol {
        case "/", "-", ".", ":", ",": return isDigits(i + 2)
        default: return false
        }
    }

    /// A day of the month: "5", "05", "5th", "fifth", "twenty-first".
    private func parseDayNumber(at i: Int) -> (Int, Int)? {
        if isDigits(i) {
            let t = tokens[i]
            guard startsCleanly(i), t.text.utf8.count <= 2, (1...31).contains(t.value) else { return nil }
            if adjacent(i, i + 1) && keyword(i + 1) == .ordinalSuffix { return (t.value, i + 2) }
            guard !gluedWord(after: i), !continuesNumerically(i) else { return nil }
            return (t.value, i + 1)
        }
        guard let (v, next) = parseOrdinal(at: i), (1...31).contains(v) else { return nil }
        return (v, next)
    }

    /// ", 2027" or " 2027" (1900–2199, so "march 5 3000 units" keeps its number).
    func parseYear(at i: Int) -> (Int, Int)? {
        let k = isSymbol(i, ",") ? i + 1 : i
        guard isDigits(k), tokens[k].text.utf8.count == 4, (1900...2199).contains(tokens[k].value),
            !gluedWord(after: k), !continuesNumerically(k)
        else { return nil }
        return (tokens[k].value, k + 1)
    }

    // MARK: Calendar helpers

    /// The date, or with no year its next occurrence on or after today; nil when impossible.
    private func dated(day: Int, month: Int, year: Int?) -> CalendarDate? {
        if let year {
            let date = CalendarDate(year: year, month: month, day: day)
            return date.isValid ? date : nil
        }
        return upcoming(month: month, day: day)
    }

    private func upcoming(month: Int, day: Int) -> CalendarDate? {
        let today = reference.date
        // Eight years always include a leap year, for 29 February.
        for year in today.year...(today.year + 8) {
            let date = CalendarDate(year: year, month: month, day: day)
            if date.isValid && date >= today { return date }
        }
        return nil
    }

    private func nextWeekday(_ weekday: Int, includingToday: Bool) -> CalendarDate? {
        var delta = (weekday - reference.date.weekday + 7) % 7
        if delta == 0 && !includingToday { delta = 7 }
        return reference.date.adding(days: delta)
    }

    private func previousWeekday(_ weekday: Int) -> CalendarDate? {
        var delta = (reference.date.weekday - weekday + 7) % 7
        if delta == 0 { delta = 7 }
        return reference.date.adding(days: -delta)
    }

    func append(
        _ parts: inout [DatePart], _ first: Int, _ end: Int, _ date: CalendarDate?,
        grain: DateGrain = .day, evening: Bool = false, last: CalendarDate? = nil
    ) {
        guard let date, date.isValid, first < end, end <= count else { return }
        if let last, !(last.isValid && date < last) { return }
        parts.append(DatePart(first: first, end: end, date: date, grain: grain, evening: evening, last: last))
    }
}
