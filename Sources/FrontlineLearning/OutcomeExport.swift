import FrontlineEngine
import FrontlineML

/// Writes accepted outcome examples as Frontline NLU YAML, grouped by intent, with slot
/// annotations where the agent gave offsets, so a trainer can review them and move them
/// into TrainingData/nlu/.
public enum OutcomeExport {
    public static func yaml(_ examples: [OutcomeExample]) -> String {
        var out = "# Examples from agents' outcomes (frontline outcomes export). Review before training on them.\nversion: \"1\"\nnlu:\n"
        let byIntent = Dictionary(grouping: examples, by: \.intent)
        for intent in byIntent.keys.sorted() {
            out += "  - intent: \(intent)\n    examples: |\n"
            for example in byIntent[intent]! {
                out += "      - \(annotated(example))\n"
            }
        }
        return out
    }

    /// The text with `[raw](slot:value)` around each slot with offsets; plain when a slot's
    /// offsets don't fit the text or the text has brackets of its own (they would misparse).
    static func annotated(_ example: OutcomeExample) -> String {
        let flat = example.text.replacingOccurrences(of: "\n", with: " ")
        let spans = (example.slots ?? []).compactMap { slot -> (Int, Int, SlotCorrection)? in
            guard let start = slot.start, let end = slot.end else { return nil }
            return (start, end, slot)
        }.sorted { $0.0 < $1.0 }
        let scalars = Array(flat.unicodeScalars)
        guard !spans.isEmpty, !flat.contains(where: { "[]()".contains($0) }),
              spans.allSatisfy({ $0.0 >= 0 && $0.0 < $0.1 && $0.1 <= scalars.count }),
              zip(spans, spans.dropFirst()).allSatisfy({ $0.1 <= $1.0 }) else { return flat }
        var out = ""
        var position = 0
        for (start, end, slot) in spans {
            out.unicodeScalars.append(contentsOf: scalars[position..<start])
            let raw = String(String.UnicodeScalarView(scalars[start..<end]))
            out += "[\(raw)](\(slot.slot)\(raw == slot.value ? "" : ":" + slot.value))"
            position = end
        }
        out.unicodeScalars.append(contentsOf: scalars[position...])
        return out
    }
}
