import Foundation
import Yams

/// Reads the `nlu:` section of Rasa 2.x/3.x training data: `intent` items with `examples`
/// (a `|` block of "- " lines, a list of strings, or a list of `{text, metadata}`),
/// `synonym`, `lookup` (examples inline or a `.txt` file, one element per line) and `regex`.
///
/// A malformed example is skipped with a warning in the report; the rest of the file goes on.
struct RasaNLUReader {
    struct Example {
        var intent: String
        var text: String
        var entities: [RasaAnnotation.Entity]
        var file: String
        var line: Int?
    }

    struct Located {
        var text: String
        var file: String
        var line: Int?
    }

    var examples: [Example] = []
    /// Synonym value → the texts that mean it.
    var synonyms: [(value: String, texts: [Located])] = []
    /// Lookup table name (usually an entity) → elements.
    var lookups: [(name: String, elements: [Located])] = []
    /// Regex name → patterns.
    var regexes: [(name: String, patterns: [Located])] = []
    /// Number of examples seen, skipped ones included.
    var sourceExamples = 0

    mutating func read(_ nlu: Node, file: String, root: String, report: inout ImportReport) {
        guard let items = nlu.sequence else {
            report.add(.warning, "nlu section skipped", file: file, line: nlu.mark?.line, "expected 'nlu' to be a list of items")
            return
        }
        for item in items {
            guard let mapping = item.mapping else {
                report.add(.warning, "nlu item skipped", file: file, line: item.mark?.line,
                           "expected an item with 'intent', 'synonym', 'lookup' or 'regex' and 'examples'")
                continue
            }
            let line = item.mark?.line
            if let metadata = mapping["metadata"] {
                report.add(.notCarried, "metadata", file: file, line: metadata.mark?.line,
                           "metadata of an nlu item (Frontline examples carry no metadata)")
            }
            let examplesNode = mapping["examples"] ?? mapping["elements"]
            if let intent = Self.text(mapping["intent"]) {
                guard let examplesNode else {
                    report.add(.warning, "nlu item skipped", file: file, line: line, "expected 'examples' for intent '\(intent)'")
                    continue
                }
                readExamples(examplesNode, intent: intent, file: file, report: &report)
            } else if let value = Self.text(mapping["synonym"]) {
                synonyms.append((value, elements(examplesNode, file: file, root: root, what: "synonym '\(value)'", report: &report)))
            } else if let name = Self.text(mapping["lookup"]) {
                lookups.append((name, elements(examplesNode, file: file, root: root, what: "lookup '\(name)'", report: &report)))
            } else if let name = Self.text(mapping["regex"]) {
                regexes.append((name, elements(examplesNode, file: file, root: root, what: "regex '\(name)'", report: &report)))
            } else {
                let keys = mapping.keys.compactMap(\.string).joined(separator: ", ")
                report.add(.notCarried, "unknown nlu item", file: file, line: line,
                           "an nlu item with keys \(keys): expected 'intent', 'synonym', 'lookup' or 'regex'")
            }
        }
    }

    static func text(_ node: Node?) -> String? {
        guard let string = node?.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines), !string.isEmpty else { return nil }
        return string
    }

    private mutating func readExamples(_ node: Node, intent: String, file: String, report: inout ImportReport) {
        var metadataCount = 0
        for raw in Self.lines(node, file: file, report: &report, metadataCount: &metadataCount) {
            sourceExamples += 1
            guard let text = raw.text else {
                report.add(.warning, ImportReport.skippedExample, file: file, line: raw.line, raw.problem ?? "unreadable example")
                continue
            }
            do throws(RasaAnnotation.Malformed) {
                let parsed = try RasaAnnotation.parse(text)
                guard !parsed.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    report.add(.warning, ImportReport.skippedExample, file: file, line: raw.line,
                               "empty example for intent '\(intent)': expected text after '- '")
                    continue
                }
                examples.append(Example(intent: intent, text: parsed.text, entities: parsed.entities, file: file, line: raw.line))
            } catch {
                report.add(.warning, ImportReport.skippedExample, file: file, line: raw.line,
                           "intent '\(intent)': \(error.message)")
            }
        }
        if metadataCount > 0 {
            report.add(.notCarried, "metadata", file: file, line: node.mark?.line,
                       "metadata on \(metadataCount) example(s) of intent '\(intent)'")
        }
    }

    /// One example: its text, or nil with what was wrong.
    struct RawLine {
        var text: String?
        var line: Int?
        var problem: String?
    }

    /// The examples of a `|` block, a list of strings or a list of `{text, metadata}`.
    static func lines(_ node: Node, file: String, report: inout ImportReport, metadataCount: inout Int) -> [RawLine] {
        switch node {
        case .scalar(let scalar):
            // A literal block's content starts on the line after its '|' indicator.
            let first = scalar.mark.map { $0.line + (scalar.style == .literal || scalar.style == .folded ? 1 : 0) }
            var result: [RawLine] = []
            for (offset, rawLine) in scalar.string.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = first.map { $0 + offset }
                let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard trimmed.hasPrefix("- ") || trimmed == "-" else {
                    result.append(RawLine(text: nil, line: line, problem: "expected an example line starting with '- ' but found \"\(trimmed)\""))
                    continue
                }
                result.append(RawLine(text: trimmed.dropFirst().trimmingCharacters(in: .whitespaces), line: line))
            }
            return result
        case .sequence(let sequence):
            return sequence.map { entry in
                if let scalar = entry.scalar {
                    return RawLine(text: scalar.string.trimmingCharacters(in: .whitespacesAndNewlines), line: entry.mark?.line)
                }
                if let mapping = entry.mapping, let text = mapping["text"]?.scalar?.string {
                    if mapping["metadata"] != nil { metadataCount += 1 }
                    // Multi-line texts are one message; Frontline examples are one line.
                    let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
                    return RawLine(text: oneLine, line: mapping["text"]?.mark?.line ?? entry.mark?.line)
                }
                return RawLine(text: nil, line: entry.mark?.line, problem: "expected an example string or {text: …, metadata: …}")
            }
        default:
            return [RawLine(text: nil, line: node.mark?.line, problem: "expected 'examples' to be a '|' block of '- ' lines or a list")]
        }
    }

    /// Elements of a synonym, lookup or regex: a block, a list, or (lookup tables) a text file.
    private func elements(_ node: Node?, file: String, root: String, what: String, report: inout ImportReport) -> [Located] {
        guard let node else {
            report.add(.warning, "nlu item skipped", file: file, line: nil, "expected 'examples' for \(what)")
            return []
        }
        if let scalar = node.scalar, !scalar.string.contains("\n"), !scalar.string.hasPrefix("-") {
            let name = scalar.string.trimmingCharacters(in: .whitespaces)
            let folder = (file as NSString).deletingLastPathComponent
            let candidates = [FileAccess.join(folder, name), FileAccess.join(root, name), name]
            guard let path = candidates.first(where: { FileAccess.kind(of: $0) == .file }),
                  let contents = try? FileAccess.readText(path) else {
                report.add(.warning, "nlu item skipped", file: file, line: node.mark?.line,
                           "\(what) names file \"\(name)\", which cannot be read: expected a text file with one element per line")
                return []
            }
            return contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
                let text = line.trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : Located(text: text, file: path, line: index + 1)
            }
        }
        var metadata = 0
        return Self.lines(node, file: file, report: &report, metadataCount: &metadata).compactMap { raw in
            guard let text = raw.text, !text.isEmpty else {
                report.add(.warning, "element skipped", file: file, line: raw.line, "\(what): \(raw.problem ?? "empty element")")
                return nil
            }
            return Located(text: text, file: file, line: raw.line)
        }
    }
}
