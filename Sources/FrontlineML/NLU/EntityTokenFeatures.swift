/// Built-in entities and declared slot values as tagger features: a token inside a
/// date gets "ent:date", one inside a declared product name gets "val:product".
///
/// Entity kinds don't depend on the reference date, so a fixed one is used and
/// training and tagging see the same features.
struct EntityTokenFeatures: TokenFeatureSource {
    let recognizer: BuiltinEntityRecognizer
    let valueSets: [(slot: String, set: SlotValueSet)]
    static let reference = ReferenceTime(date: CalendarDate(year: 2000, month: 1, day: 3), time: ClockTime(hour: 12))

    func features(for tokens: [TagToken], in text: String) -> [[String]] {
        var out = [[String]](repeating: [], count: tokens.count)
        guard !tokens.isEmpty else { return out }
        func mark(_ start: Int, _ end: Int, _ name: String) {
            var first = true
            for (i, t) in tokens.enumerated() where t.start < end && start < t.end {
                out[i].append((first ? "B:" : "I:") + name)
                first = false
            }
        }
        for e in recognizer.recognize(text, reference: Self.reference) { mark(e.start, e.end, "ent:" + e.kind.rawValue) }
        for (slot, set) in valueSets {
            for m in set.matches(in: text) { mark(m.start, m.end, "val:" + slot) }
        }
        return out
    }
}
