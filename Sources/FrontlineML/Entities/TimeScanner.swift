/// A time of day found at tokens `first..<end`, before it is paired with a date.
struct TimePart {
    var first: Int
    var end: Int
    var time: ClockTime
    /// Written 1–11 without am/pm and without a leading zero: "tonight" makes it pm.
    var ambiguous: Bool
    /// Written 1–12 without am/pm and without a leading zero, whatever `HourReading` made
    /// of it: "in the morning" / "in the afternoon" can still decide.
    var twelveHour = false
    /// Written with am/pm, or with minutes: a range end that needs no other context.
    var explicit = false
}

/// Times of day: "5pm", "5 p.m.", "5:30", "9.30am", "17:45", "noon", "midnight", "at 5",
/// "5 o'clock". A bare hour is a time only after "at" and before the end of the
/// sentence, punctuation or a date word ("at 5 tomorrow"), so "look at 5 items" is not.
/// Seconds ("10:30:15") are covered by the match but dropped from the value.
extension EntityScan {
    func scanTimeParts(into parts: inout [TimePart]) {
        for i in 0..<count {
            switch tokens[i].kind {
            case .digits:
                if let part = parseClock(at: i, afterT: false) { parts.append(part) }
                if let part = parseClockWords(at: i) { parts.append(part) }
            case .word:
                if let part = parseClockWords(at: i) { parts.append(part) }
                switch tokens[i].info.keyword {
                case .noon, .midday:
                    parts.append(TimePart(first: i, end: i + 1, time: ClockTime(hour: 12), ambiguous: false, explicit: true))
                case .midnight:
                    parts.append(TimePart(first: i, end: i + 1, time: ClockTime(hour: 0), ambiguous: false, explicit: true))
                default: break
                }
            case .symbol:
                break
            }
        }
    }

    /// A clock time starting at digits token `i`. `afterT` is the time part of
    /// "2026-12-01T15:00", which needs minutes and is glued to the "T".
    func parseClock(at i: Int, afterT: Bool) -> TimePart? {
        guard isDigits(i), afterT || startsCleanly(i) else { return nil }
        let hourText = tokens[i].text
        guard hourText.utf8.count <= 2 else { return nil }
        let hour = tokens[i].value
        var j = i + 1
        var minute: Int?
        // "9.30am" is a time; "at 2.50" may well be a price, so a dot needs am/pm.
        var dotted = false
        if isSymbol(j, ":") || (!afterT && isSymbol(j, ".")), adjacent(i, j), adjacent(j, j + 1), isDigits(j + 1),
            tokens[j + 1].text.utf8.count == 2, tokens[j + 1].value <= 59
        {
            dotted = isSymbol(j, ".")
            minute = tokens[j + 1].value
            j += 2
            if isSymbol(j, ":"), adjacent(j - 1, j), adjacent(j, j + 1), isDigits(j + 1),
                tokens[j + 1].text.utf8.count == 2, tokens[j + 1].value <= 59
            {
                j += 2
            }
        }
        if afterT {
            guard let minute, hour <= 23, !gluedWord(after: j - 1) else { return nil }
            return TimePart(first: i, end: j, time: ClockTime(hour: hour, minute: minute), ambiguous: false)
        }
        if let (pm, end) = meridiem(at: j) {
            guard (1...12).contains(hour) else { return nil }
            let h = hour % 12 + (pm ? 12 : 0)
            return TimePart(
                first: i, end: end, time: ClockTime(hour: h, minute: minute ?? 0), ambiguous: false, explicit: true)
        }
        guard !dotted, !gluedWord(after: j - 1), hour <= 23 else { return nil }
        // Written like a 12-hour clock: no leading zero, 1–12.
        let twelveHour = (1...12).contains(hour) && hourText.utf8.first != UInt8(ascii: "0")
        func part(_ end: Int) -> TimePart {
            var h = hour
            if twelveHour && settings.hourReading == .businessHours && hour <= 6 { h += 12 }
            return TimePart(
                first: i, end: end, time: ClockTime(hour: h, minute: minute ?? 0),
                ambiguous: twelveHour && h < 12, twelveHour: twelveHour, explicit: minute != nil)
        }
        if minute != nil {
            guard !continuesAsNumber(j - 1) else { return nil }
            return part(j)
        }
        if keyword(j) == .oclock, hour <= 12 { return part(j + 1) }
        guard keyword(i - 1) == .at || isSymbol(i - 1, "@") else { return nil }
        guard j < count else { return part(j) }
        let next = tokens[j]
        switch next.kind {
        case .digits:
            return nil
        case .symbol:
            switch next.symbol {
            case ".", ",", "!", "?", ";", ")": return continuesAsNumber(j - 1) ? nil : part(j)
            default: return nil
            }
        case .word:
            switch next.info.keyword {
            case .today, .tomorrow, .tonight, .on, .next, .this: return part(j)
            default: return next.info.weekday > 0 && !next.info.abbreviatedWeekday ? part(j) : nil
            }
        }
    }

    /// "pm", "am" (spaced or glued), "p.m.", "a.m.": (is pm, token after).
    func meridiem(at j: Int) -> (Bool, Int)? {
        guard isWord(j), near(j - 1, j) else { return nil }
        switch keyword(j) {
        case .am: return (false, j + 1)
        case .pm: return (true, j + 1)
        case .a, .p:
            guard isSymbol(j + 1, "."), adjacent(j, j + 1), adjacent(j + 1, j + 2), keyword(j + 2) == .m else {
                return nil
            }
            let end = isSymbol(j + 3, ".") && adjacent(j + 2, j + 3) ? j + 4 : j + 3
            return (keyword(j) == .p, end)
        default: return nil
        }
    }

    /// "5.30", "5,5", "12/3": the digits go on through a separator.
    func continuesAsNumber(_ i: Int) -> Bool {
        guard adjacent(i, i + 1), tokens[i + 1].kind == .symbol, adjacent(i + 1, i + 2), isDigits(i + 2)
        else { return false }
        return true
    }
}
