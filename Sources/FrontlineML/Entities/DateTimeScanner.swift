/// Dates, times and the datetimes they make together: "tomorrow at 3pm",
/// "next friday 10am", "5pm on monday", "at 5 tomorrow", "tonight at 8" (20:00).
/// Without a valid reference only times are recognised.
extension EntityScan {
    mutating func scanDatesAndTimes(dates wantDates: Bool, times wantTimes: Bool) {
        var dates: [DatePart] = []
        var times: [TimePart] = []
        if wantDates && reference.isValid { scanDateParts(into: &dates) }
        if wantTimes || !dates.isEmpty { scanTimeParts(into: &times) }
        for d in dates {
            add(.date, tokens: d.first, d.end, .date(d.date, d.grain))
        }
        for t in times {
            add(.time, tokens: t.first, t.end, .time(t.time))
        }
        for d in dates where d.grain == .day {
            for t in times {
                var time = t.time
                if d.evening && t.ambiguous { time.hour += 12 }
                if t.first == d.end || (t.first == d.end + 1 && isDateTimeJoiner(d.end, before: true)) {
                    add(.datetime, tokens: d.first, t.end, .datetime(d.date, time))
                } else if d.first == t.end || (d.first == t.end + 1 && isDateTimeJoiner(t.end, before: false)) {
                    add(.datetime, tokens: t.first, d.end, .datetime(d.date, time))
                }
            }
        }
    }

    /// "tomorrow at 3pm", "tomorrow, 3pm", "friday @ 10"; "3pm on friday", "3pm, friday".
    private func isDateTimeJoiner(_ i: Int, before: Bool) -> Bool {
        if isSymbol(i, ",") { return true }
        return before ? keyword(i) == .at || isSymbol(i, "@") : keyword(i) == .on
    }
}
