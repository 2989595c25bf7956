import Foundation

/// Finds entities in a message without training: numbers, ordinals, money,
/// percentages, e-mail addresses, phone numbers, URLs, dates, times, datetimes,
/// and the domain's own pattern entities.
///
/// Matches never overlap: the leftmost wins, then the longest ("tomorrow at 3pm" is
/// one datetime, not a date and a time), then on the very same text a pattern entity
/// over a built-in and a more specific kind over a number. The built-ins are
/// hand-written scanners over one tokenisation of the text (a few microseconds for
/// a short message); only pattern entities use regular expressions, compiled once.
///
/// ```swift
/// let recognizer = try BuiltinEntityRecognizer(patterns: [
///     PatternEntity(name: "order_number", pattern: #"[A-Z]-?\d{4,6}"#),
/// ])
/// let reference = ReferenceTime(date: CalendarDate(year: 2026, month: 11, day: 23),
///                               time: ClockTime(hour: 9))
/// recognizer.recognize("where is A-48213? deliver tomorrow at 3pm", reference: reference)
/// // order_number "A-48213"; datetime "tomorrow at 3pm" = "2026-11-24T15:00"
/// ```
public struct BuiltinEntityRecognizer: Sendable {
    /// How ambiguous text is read, and which built-in kinds are reported.
    public let settings: EntitySettings
    private let compiled: [CompiledPattern]
    /// Indexed by `EntityCandidate.Kind.rawValue`.
    private let enabled: [Bool]
    /// How long the pattern entities may run on one message.
    public let budget: PatternBudget

    /// Compiles the pattern entities; throws for an empty, duplicate or built-in name,
    /// or an expression that does not compile, matches empty text or can backtrack
    /// catastrophically (`PatternSafety`).
    public init(
        patterns: [PatternEntity] = [], settings: EntitySettings = EntitySettings(),
        budget: PatternBudget = PatternBudget()
    ) throws(PatternEntityError) {
        self.budget = budget
        var seen: Set<String> = []
        var compiled: [CompiledPattern] = []
        for pattern in patterns {
            guard seen.insert(pattern.name).inserted else {
                throw PatternEntityError(name: pattern.name, pattern: pattern.pattern, reason: .duplicateName)
            }
            compiled.append(try CompiledPattern(pattern))
        }
        self.compiled = compiled
        self.settings = settings
        var enabled = [Bool](repeating: false, count: EntityCandidate.Kind.number.rawValue + 1)
        enabled[EntityCandidate.Kind.pattern.rawValue] = true
        for kind in [
            EntityCandidate.Kind.datetime, .date, .time, .money, .percentage, .phone, .email, .url, .ordinal,
            .number,
        ] {
            enabled[kind.rawValue] = settings.kinds.contains(kind.entityKind)
        }
        self.enabled = enabled
    }

    /// The declared pattern entities.
    public var patterns: [PatternEntity] { compiled.map(\.entity) }

    /// Every kind this recognizer can report: the enabled built-ins in
    /// `EntityKind.builtins` order, then the pattern entities in declaration order.
    public var kinds: [EntityKind] {
        EntityKind.builtins.filter { settings.kinds.contains($0) } + compiled.map { EntityKind($0.entity.name) }
    }

    /// Whether `recognize` can report `kind` (an enabled built-in or a declared pattern).
    public func isEnabled(_ kind: EntityKind) -> Bool {
        kind.isBuiltin ? settings.kinds.contains(kind) : compiled.contains { $0.entity.name == kind.rawValue }
    }

    /// The entities in `text`, in text order, dates resolved against `reference`.
    /// With an invalid reference, dates and datetimes are not reported.
    public func recognize(_ text: String, reference: ReferenceTime) -> [EntityMatch] {
        let scalars = Array(text.unicodeScalars)
        var scan = EntityScan(scalars: scalars, settings: settings, reference: reference)
        if on(.number) || on(.ordinal) || on(.money) || on(.percentage) { scan.scanNumeric() }
        if on(.phone) { scan.scanPhones() }
        if on(.email) { scan.scanEmails() }
        if on(.url) { scan.scanURLs() }
        let dates = on(.date) || on(.datetime)
        let times = on(.time) || on(.datetime)
        if dates || times { scan.scanDatesAndTimes(dates: dates, times: times) }
        if !compiled.isEmpty { addPatternMatches(text, scalars.count, to: &scan.candidates) }
        return resolve(scan.candidates, scalars)
    }

    /// The entities in `text`, dates resolved against the wall clock of `now` in `timeZone`.
    public func recognize(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) -> [EntityMatch] {
        recognize(text, reference: ReferenceTime(now, timeZone: timeZone))
    }

    @inline(__always)
    private func on(_ kind: EntityCandidate.Kind) -> Bool { enabled[kind.rawValue] }

    private func addPatternMatches(_ text: String, _ scalarCount: Int, to candidates: inout [EntityCandidate]) {
        let utf16Count = text.utf16.count
        // NSRegularExpression reports UTF-16 offsets; they equal scalar offsets
        // unless the text has scalars outside the Basic Multilingual Plane.
        var scalarOffset: [Int] = []
        if utf16Count != scalarCount {
            scalarOffset.reserveCapacity(utf16Count + 1)
            for (index, scalar) in text.unicodeScalars.enumerated() {
                scalarOffset.append(index)
                if scalar.value > 0xFFFF { scalarOffset.append(index) }
            }
            scalarOffset.append(scalarCount)
        }
        func offset(_ utf16: Int) -> Int {
            scalarOffset.isEmpty ? utf16 : scalarOffset[min(max(utf16, 0), scalarOffset.count - 1)]
        }
        let range = NSRange(location: 0, length: utf16Count)
        // ICU calls back now and then while it searches (`.reportProgress`), which is where
        // a pattern that got past `PatternSafety` but is slow on this text gets stopped.
        let deadline = budget.now() &+ budget.nanoseconds
        let budget = self.budget
        // The block is escaping in swift-corelibs-foundation, so it fills a box, not `candidates`.
        final class Found {
            var spans: [(Int, Int)] = []
            var exhausted = false
        }
        let found = Found()
        for (index, pattern) in compiled.enumerated() where !found.exhausted {
            found.spans.removeAll(keepingCapacity: true)
            pattern.regex.enumerateMatches(in: text, options: [.reportProgress], range: range) { match, _, stop in
                if let match, match.range.length > 0 {
                    found.spans.append((match.range.location, match.range.location + match.range.length))
                }
                if budget.now() >= deadline {
                    found.exhausted = true
                    stop.pointee = true
                }
            }
            for (lower, upper) in found.spans {
                let start = offset(lower)
                let end = offset(upper)
                guard start < end else { continue }
                candidates.append(EntityCandidate(kind: .pattern, start: start, end: end, payload: .pattern(index)))
            }
        }
    }

    /// Leftmost, then longest, then by kind priority; overlaps dropped.
    private func resolve(_ candidates: [EntityCandidate], _ scalars: [Unicode.Scalar]) -> [EntityMatch] {
        var kept = candidates.filter { on($0.kind) && $0.start < $0.end }
        guard !kept.isEmpty else { return [] }
        kept.sort {
            if $0.start != $1.start { return $0.start < $1.start }
            if $0.end != $1.end { return $0.end > $1.end }
            return $0.kind.rawValue < $1.kind.rawValue
        }
        var matches: [EntityMatch] = []
        var covered = 0
        for candidate in kept where candidate.start >= covered {
            matches.append(match(for: candidate, scalars))
            covered = candidate.end
        }
        return matches
    }

    private func match(for c: EntityCandidate, _ scalars: [Unicode.Scalar]) -> EntityMatch {
        var rawView = String.UnicodeScalarView()
        rawView.append(contentsOf: scalars[c.start..<c.end])
        let raw = String(rawView)
        var m = EntityMatch(kind: c.kind.entityKind, raw: raw, start: c.start, end: c.end, value: raw)
        switch c.payload {
        case .amount(let amount):
            m.value = c.kind == .percentage ? amount.canonical + "%" : amount.canonical
            m.number = amount.doubleValue
        case .ordinal(let n):
            m.value = String(n)
            m.number = Double(n)
        case .money(let amount, let currency):
            m.value = amount.moneyString + " " + currency
            m.number = amount.doubleValue
            m.currency = currency
        case .text(let value):
            m.value = value
        case .date(let date, let grain):
            m.value = date.iso8601
            m.date = date
            m.grain = grain
            m.range = EntityRange.calendarUnit(date, grain)
        case .dateRange(let from, let to):
            let range = EntityRange(from: from.iso8601, to: to.iso8601, grain: .day)
            m.value = range.interval
            m.date = from
            m.grain = .day
            m.range = range
        case .timeRange(let from, let to):
            let range = EntityRange(from: from.iso8601, to: to.iso8601, grain: EntityRange.timeGrain(from, to))
            m.value = range.interval
            m.time = from
            m.range = range
        case .datetimeRange(let fromDay, let fromTime, let toDay, let toTime):
            let range = EntityRange(
                from: fromDay.iso8601 + "T" + fromTime.iso8601, to: toDay.iso8601 + "T" + toTime.iso8601,
                grain: EntityRange.timeGrain(fromTime, toTime))
            m.value = range.interval
            m.date = fromDay
            m.time = fromTime
            m.range = range
        case .time(let time):
            m.value = time.iso8601
            m.time = time
        case .datetime(let date, let time):
            m.value = date.iso8601 + "T" + time.iso8601
            m.date = date
            m.time = time
        case .pattern(let index):
            m.kind = EntityKind(compiled[index].entity.name)
        }
        return m
    }
}
