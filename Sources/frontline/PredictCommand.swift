import ArgumentParser
import Foundation
import FrontlineData
import FrontlineML

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Parse texts with a trained model: intent, slots and entities, one JSON object per input.",
        discussion: """
            Texts come from the arguments, or one per line on standard input when there are none. \
            Each output line is {"text", "intent": {"name", "confidence"}, "ranking": [top 5], "out_of_scope", \
            "slots": [{"slot", "value", "raw", "start", "end", "confidence", "source"}], \
            "entities": [{"kind", "value", "raw", "start", "end", "range"}]}; "range" = {"from", "to", "grain"} \
            for dates, times and datetimes that span more than a point. Offsets count Unicode scalars \
            (as Python's str does), half-open. Relative dates ("tomorrow") are resolved against --now;             with --domain, an undated month ("in may") without a tense word points the way the recognised             intent's `dates:` says (past for an order placed, future for a delivery).
            """)

    @Option(name: .long, help: "The model folder (e.g. Models/default).")
    var model: String

    @Option(name: .long, help: "How many intents to rank.")
    var top: Int = 5

    @Option(name: .long, help: "Reference time for relative dates, as YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now).")
    var now: String?

    @Option(name: .long, help: "Time zone of the reference time, e.g. Europe/London (default: the system's).")
    var timeZone: String?

    @Option(name: .long, help: "The assistant's folder or domain.yml, for its intents' date directions (optional).")
    var domain: String?

    @Argument(help: "Texts to parse (default: lines on standard input).")
    var texts: [String] = []

    struct Output: Encodable {
        var text: String
        var intent: IntentScore
        var ranking: [IntentScore]
        var outOfScope: Bool
        var outOfScopeReason: String?
        var slots: [ParsedSlot]
        var entities: [Entity]

        struct Entity: Encodable {
            var kind: String
            var value: String
            var raw: String
            var start: Int
            var end: Int
            /// Dates, times and datetimes that span more than a point: {"from", "to", "grain"}.
            var range: EntityRange?
        }

        enum CodingKeys: String, CodingKey {
            case text, intent, ranking, slots, entities
            case outOfScope = "out_of_scope"
            case outOfScopeReason = "out_of_scope_reason"
        }
    }

    func run() throws {
        let nlu: NLUModel
        do {
            nlu = try NLUModelFile.load(from: URL(fileURLWithPath: model)).0
        } catch let error as ModelError {
            throw ValidationError(error.description)
        }
        let reference = try referenceTime(now: now, timeZone: timeZone)
        let dateDirections = try domain.map { try DomainLoader.load(path: $0).dateDirections } ?? [:]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func emit(_ text: String) throws {
            let p = nlu.parse(text, reference: reference, top: top, dateDirections: dateDirections)
            let out = Output(
                text: text, intent: p.intent, ranking: p.ranking, outOfScope: p.outOfScope,
                outOfScopeReason: p.outOfScopeReason?.rawValue, slots: p.slots,
                entities: p.entities.map {
                    .init(kind: $0.kind.rawValue, value: $0.value, raw: $0.raw, start: $0.start, end: $0.end, range: $0.range)
                })
            print(String(decoding: try encoder.encode(out), as: UTF8.self))
        }
        if texts.isEmpty {
            while let line = readLine() {
                let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { try emit(text) }
            }
        } else {
            for text in texts { try emit(text) }
        }
    }
}

/// The reference time for relative dates from `--now` / `--time-zone`.
func referenceTime(now: String?, timeZone: String?) throws -> ReferenceTime {
    var zone = TimeZone.current
    if let timeZone {
        guard let z = TimeZone(identifier: timeZone) else {
            throw ValidationError("--time-zone: unknown time zone \(timeZone) (expected an IANA name such as Europe/London)")
        }
        zone = z
    }
    guard let now else { return ReferenceTime(Date(), timeZone: zone) }
    let parts = now.split(separator: "T", maxSplits: 1)
    let day = parts[0].split(separator: "-").compactMap { Int($0) }
    var time = ClockTime(hour: 0)
    if parts.count == 2 {
        let hm = parts[1].split(separator: ":").compactMap { Int($0) }
        guard hm.count == 2 else { throw ValidationError("--now: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, found \(now)") }
        time = ClockTime(hour: hm[0], minute: hm[1])
    }
    guard day.count == 3 else { throw ValidationError("--now: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, found \(now)") }
    let reference = ReferenceTime(date: CalendarDate(year: day[0], month: day[1], day: day[2]), time: time)
    guard reference.isValid else { throw ValidationError("--now: \(now) is not a real date and time") }
    return reference
}
