/// Dates, times and the datetimes they make together: "tomorrow at 3pm",
/// "next friday 10am", "5pm on monday", "at 5 tomorrow", "tonight at 8" (20:00),
/// "tomorrow between 9 and 5", "the day after tomorrow in the morning".
/// Without a valid reference only times are recognised.
extension EntityScan {
    mutating func scanDatesAndTimes(dates wantDates: Bool, times wantTimes: Bool) {
        var dates: [DatePart] = []
        var times: [TimePart] = []
        var spans: [TimeSpan] = []
        if wantDates && reference.isValid { scanDateParts(into: &dates) }
        if wantTimes || !dates.isEmpty {
            scanTimeParts(into: &times)
            scanPartsOfDay(into: &spans, dates: wantDates)
            scanTimeRanges(into: &spans)
            times += timesWithPartOfDay(spans)
        }
        for d in dates {
            if let last = d.last {
                add(.date, tokens: d.first, d.end, .dateRange(d.date, last))
            } else {
                add(.date, tokens: d.first, d.end, .date(d.date, d.grain))
            }
        }
        addDateRanges(dates)
        for t in times {
            add(.time, tokens: t.first, t.end, .time(t.time))
        }
        for s in spans where !s.needsDate {
            add(.time, tokens: s.first, s.end, .timeRange(s.from, s.to))
        }
        for d in dates where d.grain == .day && d.last == nil {
            for t in times {
                var time = t.time
                if d.evening && t.ambiguous { time.hour += 12 }
                if joined(date: d, t.first, t.end) {
                    add(.datetime, tokens: min(d.first, t.first), max(d.end, t.end), .datetime(d.date, time))
                }
            }
            for s in spans {
                // "tomorrow morning" but not "morning tomorrow"; "tomorrow in the morning" both ways.
                let after = s.first == d.end
                guard after || (!s.needsDate && joined(date: d, s.first, s.end)) else { continue }
                add(.datetime, tokens: min(d.first, s.first), max(d.end, s.end), .datetimeRange(d.date, s.from, d.date, s.to))
            }
        }
    }

    /// Tokens `first..<end` sit right before or after the date, or are joined to it:
    /// "tomorrow at 3pm", "tomorrow, 3pm", "friday @ 10"; "3pm on friday", "3pm, friday".
    private func joined(date d: DatePart, _ first: Int, _ end: Int) -> Bool {
        first == d.end || (first == d.end + 1 && isDateTimeJoiner(d.end, before: true))
            || d.first == end || (d.first == end + 1 && isDateTimeJoiner(end, before: false))
    }

    private func isDateTimeJoiner(_ i: Int, before: Bool) -> Bool {
        if isSymbol(i, ",") { return true }
        return before ? keyword(i) == .at || isSymbol(i, "@") : keyword(i) == .on
    }
}
