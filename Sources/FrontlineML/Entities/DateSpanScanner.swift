/// Dates that stand for more than a day, and how tense resolves them.
///
/// Rules (each has a test):
/// - "this weekend" is the coming Saturday–Sunday (the current one on a Saturday or
///   Sunday), "next weekend" the one after it, "last weekend" the one before; "the
///   weekend" is this weekend, or the last one when the sentence is in the past tense.
/// - A month name without a day is a month only where it can't be the verb "may" or
///   "march": after "in", "during", "since", "by", "until", "of", "for", "from",
///   "before", "after", "to", "over", or before a year ("may 2026"). Without a year it
///   is resolved by tense: the last such month (this one included) for the past ("I
///   ordered it in may"), else the next one (this one included: "deliver it in december").
///   "last may" is strictly before this month, "next may" strictly after, "this may" this year's.
/// - A year alone ("in 2025") needs one of those prepositions too.
/// - The tense is the nearest cue word before the date (then after it): "ordered", "was",
///   "paid"… for the past; "will", "deliver", "can"… for the future.
extension EntityScan {
    /// "the weekend", "on the weekend", "over the weekend" (token `i` is "weekend").
    mutating func scanWeekend(at i: Int, into parts: inout [DatePart]) {
        guard keyword(i - 1) == .the, !gluedWord(after: i) else { return }
        // In the past tense "the weekend" is the last one, or the one under way.
        let underWay = reference.date.weekday >= 6
        let step = tense(near: i - 1) == .past && !underWay ? -1 : 0
        appendWeekend(&parts, i - 1, i + 1, step: step)
    }

    /// This weekend moved by `step` weeks; "last weekend" (-1) is the last one that is over
    /// or under way.
    func appendWeekend(_ parts: inout [DatePart], _ first: Int, _ end: Int, step: Int) {
        let today = reference.date
        // Saturday of the weekend under way (Saturday or Sunday) or coming.
        let saturday: CalendarDate?
        switch today.weekday {
        case 6: saturday = today
        case 7: saturday = today.adding(days: -1)
        default: saturday = today.adding(days: 6 - today.weekday)
        }
        guard let start = saturday?.adding(days: 7 * step) else { return }
        append(&parts, first, end, start, last: start.adding(days: 1))
    }

    /// "in may", "since march", "may 2026", "in may 2025".
    mutating func scanMonthAlone(at i: Int, into parts: inout [DatePart]) {
        let month = Int(info(i).month)
        guard month > 0, !gluedWord(after: i), !adjacent(i - 1, i) || !isWord(i - 1) else { return }
        // "29 feb 2027", "the 5th of may": a day that was there (even an impossible one) is not dropped.
        let d = keyword(i - 1) == .of ? i - 2 : i - 1
        if isDigits(d) || info(d).ordinal > 0 || keyword(d) == .ordinalSuffix { return }
        if let (year, end) = parseYear(at: i + 1) {
            append(&parts, i, end, CalendarDate(year: year, month: month, day: 1), grain: .month)
            return
        }
        guard opensMonth(i - 1), !beginsClause(i + 1) else { return }
        let today = reference.date
        let year: Int
        if tense(near: i) == .past {
            year = month <= today.month ? today.year : today.year - 1
        } else {
            year = month >= today.month ? today.year : today.year + 1
        }
        append(&parts, i, i + 1, CalendarDate(year: year, month: month, day: 1), grain: .month)
    }

    /// "next may", "last march", "this june".
    func appendQualifiedMonth(_ parts: inout [DatePart], _ i: Int, _ month: Int, qualifier: EntityKeyword) {
        guard !gluedWord(after: i + 1), !beginsClause(i + 2) || qualifier != .this else { return }
        let today = reference.date
        let year: Int
        switch qualifier {
        case .last: year = month < today.month ? today.year : today.year - 1
        case .next: year = month > today.month ? today.year : today.year + 1
        default: year = today.year
        }
        append(&parts, i, i + 2, CalendarDate(year: year, month: month, day: 1), grain: .month)
    }

    /// "in 2025", "since 2024", "during 2027": a year after a preposition, not an amount
    /// ("in 2025 euros", "for 2000 units" are refused by what follows).
    mutating func scanYearAlone(at i: Int, into parts: inout [DatePart]) {
        guard opensMonth(i - 1), let (year, end) = parseYear(at: i), end == i + 1, startsCleanly(i) else { return }
        let next = info(end)
        guard next.currency == nil, next.unit == nil, next.keyword != .percent, !isSymbol(end, "%"),
            !(isWord(end) && next.keyword == .none && !next.closesPhrase && next.tense == .none
                && next.month == 0 && next.weekday == 0)
        else { return }
        append(&parts, i, end, CalendarDate(year: year, month: 1, day: 1), grain: .year)
    }

    /// A word after which a month name is a month ("in may") rather than a verb.
    private func opensMonth(_ i: Int) -> Bool {
        switch keyword(i) {
        case .inWord, .during, .since, .by, .until, .of, .forWord, .from, .before, .after, .to, .over, .through:
            return true
        default:
            return false
        }
    }

    /// "may I", "may we", "may be": the month name is the verb.
    private func beginsClause(_ i: Int) -> Bool {
        guard isWord(i) else { return false }
        switch tokens[i].text {
        case "i", "we", "you", "he", "she", "they", "it", "be", "have", "not", "also", "still", "need", "ask":
            return true
        default:
            return false
        }
    }

    /// The tense of the clause around token `i`: the nearest cue word before it (up to
    /// eight tokens), else after it; without a cue, the reference's direction (the
    /// intent's), else `.none`.
    func tense(near i: Int) -> TenseCue {
        var j = i - 1
        while j >= 0 && j >= i - 8 {
            if tokens[j].info.tense != .none { return tokens[j].info.tense }
            if tokens[j].kind == .symbol && (tokens[j].symbol == "." || tokens[j].symbol == "?") { break }
            j -= 1
        }
        j = i + 1
        while j < count && j <= i + 8 {
            if tokens[j].info.tense != .none { return tokens[j].info.tense }
            if tokens[j].kind == .symbol && (tokens[j].symbol == "." || tokens[j].symbol == "?") { break }
            j += 1
        }
        return reference.direction?.tense ?? .none
    }

    /// Nothing at token `i` continues the phrase before it: the end of the text,
    /// punctuation, a clause word ("please", "and"), or another date or time word.
    func endsPhrase(_ i: Int) -> Bool {
        guard i < count else { return true }
        let t = tokens[i]
        switch t.kind {
        case .digits: return false
        case .symbol:
            switch t.symbol {
            case ".", ",", "!", "?", ";", ")", ":": return true
            default: return false
            }
        case .word:
            let info = t.info
            if info.closesPhrase || info.weekday > 0 || info.month > 0 { return true }
            switch info.keyword {
            case .today, .tomorrow, .tonight, .on, .next, .this, .at, .inWord, .to, .until, .through, .by,
                .morning, .afternoon, .evening, .am, .pm, .before, .after, .the, .weekend:
                return true
            default:
                return false
            }
        }
    }

    /// "from monday to wednesday", "between the 3rd and the 5th", "monday - friday",
    /// "friday to monday" (the end moves past the start). Both ends are single days.
    mutating func addDateRanges(_ parts: [DatePart]) {
        for a in parts where a.grain == .day && a.last == nil {
            let opener = keyword(a.first - 1)
            let hasOpener = opener == .from || opener == .between
            let c = a.end
            let joins: Bool
            switch keyword(c) {
            case .to, .until, .through: joins = true
            case .and: joins = opener == .between
            default: joins = isSymbol(c, "-") || isSymbol(c, "–")
            }
            guard joins, hasOpener || a.weekdayOnly || isSymbol(c, "-") || isSymbol(c, "–") else { continue }
            for b in parts where b.first == c + 1 && b.grain == .day && b.last == nil {
                var end = b.date
                if b.weekdayOnly {
                    while end < a.date, let later = end.adding(days: 7) { end = later }
                    // "from monday to monday" is a week, not a day.
                    if end == a.date, let later = end.adding(days: 7) { end = later }
                }
                guard a.date < end else { continue }
                add(.date, tokens: hasOpener ? a.first - 1 : a.first, b.end, .dateRange(a.date, end))
            }
        }
    }
}
