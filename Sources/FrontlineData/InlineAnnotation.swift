import Foundation
import FrontlineML

/// Parses inline slot annotations: `[raw text](slot)` and `[raw text](slot:canonical value)`.
///
/// The brackets and the `(...)` part are removed from the text; each annotation becomes a
/// `SlotSpan` whose offsets are Unicode-scalar offsets into the cleaned text, the same unit
/// `Utterance` uses everywhere. `\[` and `\]` stand for literal brackets.
enum InlineAnnotation {
    struct ParseError: Error, Equatable {
        var message: String
    }

    static func parse(_ example: String) throws(ParseError) -> (text: String, slots: [SlotSpan]) {
        let scalars = Array(example.unicodeScalars)
        var text = String.UnicodeScalarView()
        var length = 0
        var slots: [SlotSpan] = []
        var i = 0

        // Quote the example in messages so the reader sees exactly what was parsed.
        func fail(_ what: String, at index: Int) -> ParseError {
            ParseError(message: "\(what) at character \(index + 1) of \"\(example)\"")
        }

        while i < scalars.count {
            let c = scalars[i]
            if c == "\\", i + 1 < scalars.count, scalars[i + 1] == "[" || scalars[i + 1] == "]" {
                text.append(scalars[i + 1])
                length += 1
                i += 2
                continue
            }
            if c == "]" {
                throw fail("unexpected ']' without a matching '[' (write \\] for a literal bracket)", at: i)
            }
            guard c == "[" else {
                text.append(c)
                length += 1
                i += 1
                continue
            }

            // Raw text up to the closing bracket.
            let open = i
            var raw = String.UnicodeScalarView()
            var j = i + 1
            var closed = false
            while j < scalars.count {
                let d = scalars[j]
                if d == "\\", j + 1 < scalars.count, scalars[j + 1] == "[" || scalars[j + 1] == "]" {
                    raw.append(scalars[j + 1])
                    j += 2
                    continue
                }
                if d == "[" {
                    throw fail("unexpected '[' inside an annotation (annotations cannot nest; write \\[ for a literal bracket)", at: j)
                }
                if d == "]" {
                    closed = true
                    break
                }
                raw.append(d)
                j += 1
            }
            guard closed else {
                throw fail("unclosed '[' in annotation: expected ']'", at: open)
            }
            let rawText = String(raw)
            guard !rawText.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("empty annotation: expected text between '[' and ']'", at: open)
            }
            guard j + 1 < scalars.count, scalars[j + 1] == "(" else {
                throw fail("expected '(slot)' or '(slot:value)' after ']' (write \\[ for a literal bracket)", at: j)
            }

            // Slot name and optional canonical value up to the closing parenthesis.
            var k = j + 2
            while k < scalars.count, scalars[k] != ")" { k += 1 }
            guard k < scalars.count else {
                throw fail("unclosed '(' in annotation: expected ')'", at: j + 1)
            }
            let inner = String(String.UnicodeScalarView(scalars[(j + 2)..<k]))
            let slot: String
            var value: String?
            if let colon = inner.firstIndex(of: ":") {
                slot = inner[..<colon].trimmingCharacters(in: .whitespaces)
                let canonical = inner[inner.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                guard !canonical.isEmpty else {
                    throw fail("empty value after ':' in annotation: expected (slot:value)", at: j + 1)
                }
                value = canonical
            } else {
                slot = inner.trimmingCharacters(in: .whitespaces)
            }
            guard !slot.isEmpty else {
                throw fail("empty slot name in annotation: expected (slot) or (slot:value)", at: j + 1)
            }
            guard slot.unicodeScalars.allSatisfy(isSlotNameScalar) else {
                throw fail("invalid slot name \"\(slot)\": expected letters, digits, '_', '-' or '.'", at: j + 2)
            }

            let start = length
            text.append(contentsOf: raw)
            length += raw.count
            slots.append(SlotSpan(slot: slot, start: start, end: length, value: value))
            i = k + 1
        }
        return (String(text), slots)
    }

    private static func isSlotNameScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s == "-" || s == "." || CharacterSet.alphanumerics.contains(s)
    }
}
