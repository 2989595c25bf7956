/// A span of clock times at tokens `first..<end`: "between 9 and 5", "in the morning".
struct TimeSpan {
    var first: Int
    var end: Int
    var from: ClockTime
    var to: ClockTime
    /// A part of the day written alone ("morning" in "tomorrow morning"): only a span
    /// next to a date.
    var needsDate = false
}

/// The parts of the day and the hours they stand for.
enum PartOfDay {
    case morning, afternoon, evening

    init?(_ keyword: EntityKeyword) {
        switch keyword {
        case .morning: self = .morning
        case .afternoon: self = .afternoon
        case .evening: self = .evening
        default: return nil
        }
    }

    /// Morning 08:00–12:00, afternoon 12:00–18:00, evening 18:00–22:00.
    var hours: (ClockTime, ClockTime) {
        switch self {
        case .morning: return (ClockTime(hour: 8), ClockTime(hour: 12))
        case .afternoon: return (ClockTime(hour: 12), ClockTime(hour: 18))
        case .evening: return (ClockTime(hour: 18), ClockTime(hour: 22))
        }
    }
}

/// Clock words, parts of the day and ranges of times.
///
/// Rules (each has a test):
/// - "half past two", "a quarter to three", "quarter past 10", "ten past five",
///   "20 minutes to 6": the hour is read like a bare hour ("half past two" is 14:30 with
///   business hours, 02:30 as written; am/pm or "in the morning" decide).
/// - A part of the day is a span with "in the"/"during the" ("in the morning", 08:00–12:00),
///   with "this" (today), or right after a date ("tomorrow morning", "monday evening").
///   "good morning" is nothing. "at 9 in the evening" is 21:00.
/// - "between 9 and 5", "from 9 to 5", "from 10 till 2": bare hours need "between"/"from"
///   and nothing after them that could be counted ("between 2 and 3 days" is not a time).
///   Without them one end needs am/pm ("9am-5pm", "9 to 5pm") or both minutes ("9:00-17:00").
///   An end earlier than the start moves to the afternoon when written 1–12 without am/pm.
extension EntityScan {
    /// "half past two", "a quarter to three", "ten past five", "20 minutes to 6".
    func parseClockWords(at i: Int) -> TimePart? {
        var j: Int
        let minutes: Int
        var countedInMinutes = false
        switch keyword(i) {
        case .a where keyword(i + 1) == .quarter:
            minutes = 15
            j = i + 2
        case .quarter:
            minutes = 15
            j = i + 1
        case .half:
            minutes = 30
            j = i + 1
        default:
            guard let n = parseNumber(at: i), let v = n.amount.intValue, (1...59).contains(v) else { return nil }
            minutes = v
            j = n.next
            if info(j).unit == .minute {
                j += 1
                countedInMinutes = true
            }
        }
        let before: Bool
        switch keyword(j) {
        case .past: before = false
        // "five to nine" is too often a range ("from five to nine"); minutes must say so.
        case .to where minutes == 15 || countedInMinutes: before = true
        default: return nil
        }
        guard var part = rangeEnd(at: j + 1, allowMinutes: false) else { return nil }
        let total = part.time.hour * 60 + part.time.minute + (before ? -minutes : minutes)
        let wrapped = (total + 1440) % 1440
        part.time = ClockTime(hour: wrapped / 60, minute: wrapped % 60)
        part.ambiguous = part.twelveHour && part.time.hour < 12
        part.first = i
        part.explicit = true
        return part
    }

    /// One end of a time range, or the hour of a clock phrase: "9", "9am", "17:00",
    /// "five", "5 o'clock", "noon". Digits glued to a separator are fine here ("9-5").
    func rangeEnd(at i: Int, allowMinutes: Bool = true) -> TimePart? {
        switch keyword(i) {
        case .noon, .midday:
            return TimePart(first: i, end: i + 1, time: ClockTime(hour: 12), ambiguous: false, explicit: true)
        case .midnight:
            return TimePart(first: i, end: i + 1, time: ClockTime(hour: 0), ambiguous: false, explicit: true)
        default: break
        }
        var hour: Int
        var j = i + 1
        var leadingZero = false
        if isDigits(i) {
            let text = tokens[i].text
            guard text.utf8.count <= 2 else { return nil }
            hour = tokens[i].value
            leadingZero = text.utf8.count == 2 && text.utf8.first == UInt8(ascii: "0")
        } else if isWord(i), (1...12).contains(info(i).cardinal) {
            hour = Int(info(i).cardinal)
        } else {
            return nil
        }
        var minute: Int?
        var dotted = false
        if allowMinutes, isDigits(i), isSymbol(j, ":") || isSymbol(j, "."), adjacent(i, j), adjacent(j, j + 1),
            isDigits(j + 1), tokens[j + 1].text.utf8.count == 2, tokens[j + 1].value <= 59
        {
            dotted = isSymbol(j, ".")
            minute = tokens[j + 1].value
            j += 2
        }
        if let (pm, end) = meridiem(at: j) {
            guard (1...12).contains(hour) else { return nil }
            return TimePart(
                first: i, end: end, time: ClockTime(hour: hour % 12 + (pm ? 12 : 0), minute: minute ?? 0),
                ambiguous: false, explicit: true)
        }
        // "2.50" may well be a price: a dotted time needs am/pm.
        if isDigits(i) {
            guard !dotted, !gluedWord(after: j - 1), !continuesAsNumber(j - 1) else { return nil }
        }
        if keyword(j) == .oclock { j += 1 }
        guard hour <= 23 else { return nil }
        let twelveHour = (1...12).contains(hour) && !leadingZero
        if twelveHour && settings.hourReading == .businessHours && hour <= 6 { hour += 12 }
        return TimePart(
            first: i, end: j, time: ClockTime(hour: hour, minute: minute ?? 0), ambiguous: twelveHour && hour < 12,
            twelveHour: twelveHour, explicit: minute != nil)
    }

    /// Parts of the day: spans, and "this morning" as a datetime span of today.
    mutating func scanPartsOfDay(into spans: inout [TimeSpan], dates wantDates: Bool) {
        for i in 0..<count where tokens[i].kind == .word {
            guard let part = PartOfDay(tokens[i].info.keyword), !gluedWord(after: i) else { continue }
            let (from, to) = part.hours
            let before = keyword(i - 1)
            if before == .the && (keyword(i - 2) == .inWord || keyword(i - 2) == .during) {
                spans.append(TimeSpan(first: i - 2, end: i + 1, from: from, to: to))
            } else if before == .this {
                if wantDates && reference.isValid {
                    add(.datetime, tokens: i - 1, i + 1, .datetimeRange(reference.date, from, reference.date, to))
                }
            } else {
                spans.append(TimeSpan(first: i, end: i + 1, from: from, to: to, needsDate: true))
            }
        }
    }

    /// "at 9 in the evening" (21:00), "5 in the morning" (05:00): a time just before a
    /// part of the day, the hour moved to its half of the day.
    func timesWithPartOfDay(_ spans: [TimeSpan]) -> [TimePart] {
        var found: [TimePart] = []
        for span in spans where !span.needsDate {
            guard let part = PartOfDay(keyword(span.end - 1)) else { continue }
            for start in max(0, span.first - 6)..<span.first {
                let clockWords = parseClockWords(at: start)
                guard var t = clockWords ?? rangeEnd(at: start), t.end == span.first,
                    t.explicit || keyword(start - 1) == .at || isSymbol(start - 1, "@") || keyword(start + 1) == .oclock
                else { continue }
                if t.twelveHour {
                    let written = t.time.hour % 12
                    t.time.hour = part == .morning ? written : written + 12
                } else if (part == .morning) != (t.time.hour < 12) {
                    // "17:00 in the morning" contradicts itself; "9am in the morning" agrees.
                    continue
                }
                t.end = span.end
                t.ambiguous = false
                t.explicit = true
                found.append(t)
            }
        }
        return found
    }

    /// "between 9 and 5", "from 9am to 5pm", "9:00-17:00", "9am till noon".
    func scanTimeRanges(into spans: inout [TimeSpan]) {
        for i in 0..<count {
            let opener = keyword(i)
            let opened = opener == .between || opener == .from
            let startAt = opened ? i + 1 : i
            if !opened {
                // Without an opener the start must begin a phrase of its own.
                if keyword(i - 1) == .between || keyword(i - 1) == .from { continue }
                if !(isDigits(i) && startsCleanly(i)) && !(isWord(i) && info(i).cardinal > 0) { continue }
            }
            guard var a = rangeEnd(at: startAt) else { continue }
            if opened, isDigits(startAt), !startsCleanly(startAt) { continue }
            let c = a.end
            switch keyword(c) {
            case .to, .until, .through: break
            case .and where opener == .between: break
            default:
                guard isSymbol(c, "-") || isSymbol(c, "–") else { continue }
            }
            guard var b = rangeEnd(at: c + 1) else { continue }
            if !opened {
                // "9am to 5", "9 to 5pm", "9:00-17:00"; never "9 to 5" or "nine to five" alone.
                guard a.explicit || b.explicit, isDigits(startAt) || a.explicit else { continue }
            }
            if !b.explicit && !endsPhrase(b.end) { continue }
            // "between 1 and 3pm" as written: the start follows the end into the afternoon.
            if a.twelveHour && a.time.hour < 12 && !b.twelveHour && b.time.hour >= 12 && a.time.hour + 12 < b.time.hour {
                a.time.hour += 12
            }
            if b.twelveHour && b.time <= a.time && b.time.hour < 12 { b.time.hour += 12 }
            guard a.time < b.time else { continue }
            spans.append(TimeSpan(first: i, end: b.end, from: a.time, to: b.time))
        }
    }
}
