import Foundation

/// Small helpers for writing YAML by hand: every string is double-quoted, so no text can
/// turn into a number, a boolean, a mapping or a comment.
enum YAMLWriting {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `["a", "b"]` on one line.
    static func flowList(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }

    /// An utterance in Frontline's inline annotation syntax: `[raw](slot)` or `[raw](slot:value)`,
    /// with literal brackets escaped. Line breaks become spaces (an example is one line).
    static func annotated(_ text: String, spans: [(slot: String, start: Int, end: Int, value: String?)]) -> String {
        let scalars = Array(text.unicodeScalars)
        func escaped(_ range: Range<Int>) -> String {
            var out = ""
            for scalar in scalars[range] {
                switch scalar {
                case "[", "]": out += "\\"; out.unicodeScalars.append(scalar)
                case "\n", "\r", "\t": out += " "
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        var out = ""
        var cursor = 0
        for span in spans.sorted(by: { $0.start < $1.start }) where span.start >= cursor && span.end <= scalars.count && span.start < span.end {
            out += escaped(cursor..<span.start)
            out += "[" + escaped(span.start..<span.end) + "](" + span.slot + (span.value.map { ":" + $0 } ?? "") + ")"
            cursor = span.end
        }
        out += escaped(cursor..<scalars.count)
        return out
    }
}
