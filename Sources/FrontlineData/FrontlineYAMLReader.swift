import Foundation
import FrontlineML
import Yams

/// Reads Frontline's own NLU YAML: training examples for the intent classifier and slot
/// tagger, written by people.
///
///     version: "1"                 # optional; "1" is the only version so far
///     nlu:
///       - intent: order_status
///         examples: |
///           - where is my order [A12345](order_number)
///           - has my order shipped yet
///       - intent: product_info
///         examples:
///           - tell me about the [15 pro](product:iphone 15 pro)
///
/// - `nlu` is a list of items, each with exactly two keys: `intent` (the label) and `examples`.
///   The same intent may appear in several items or files; its examples are combined.
/// - `examples` is either a literal block string (`|`) whose non-blank lines each start with
///   "- ", or a YAML list of strings. Every example must be non-empty; an intent needs at
///   least one.
/// - Slots are annotated inline: `[raw text](slot)` or `[raw text](slot:canonical value)`.
///   The stored text drops the brackets; spans are Unicode-scalar offsets into that text,
///   half-open. Slot names use letters, digits, `_`, `-` and `.`. Write `\[` and `\]` for
///   literal brackets.
/// - A path may be one file or a folder: every `*.yml` / `*.yaml` under it is read,
///   recursively, in sorted order of relative path; hidden files and folders (".git") are
///   skipped. A file named `domain.yml` / `domain.yaml` is the assistant's domain and is
///   skipped unless it has an `nlu` key; every other file must have one.
/// - An assistant folder, one holding both a domain file and an `nlu/` folder (like
///   `TrainingData`), is read as its domain file plus `nlu/`: its other folders hold other
///   models' data (`frustration/`) or none (`kb/`).
/// - Other top-level keys are left to other readers (the domain reader, for instance).
/// - All examples go to the "train" split.
enum FrontlineYAMLReader {
    static let supportedVersions: Set<String> = ["1"]
    static let itemKeys = ["intent", "examples"]

    static func read(path: String) throws -> Dataset {
        var utterances: [Utterance] = []
        switch FileAccess.kind(of: path) {
        case .directory:
            let files = try intentFiles(in: path)
            for file in files {
                let isDomain = ["domain.yml", "domain.yaml"].contains(FileAccess.fileName(file).lowercased())
                if let examples = try readFile(file, mayLackNLU: isDomain) {
                    utterances.append(contentsOf: examples)
                }
            }
            guard !utterances.isEmpty else {
                throw DataError(file: path, message: files.isEmpty
                    ? "no .yml or .yaml files found: expected Frontline NLU YAML"
                    : "no training examples found in \(files.count) YAML file(s): expected an 'nlu' list with examples")
            }
        case .file:
            utterances = try readFile(path, mayLackNLU: false) ?? []
        case nil:
            throw DataError(file: path, message: "no such file or directory")
        }
        return try Dataset(source: path, format: .frontline, splits: [Dataset.trainSplit: utterances])
    }

    /// The YAML files holding intent examples: all under `folder`, or only the domain file and
    /// `nlu/` in an assistant folder.
    static func intentFiles(in folder: String) throws -> [String] {
        let domainFiles = ["domain.yml", "domain.yaml"].map { FileAccess.join(folder, $0) }.filter { FileAccess.kind(of: $0) == .file }
        let nlu = FileAccess.join(folder, "nlu")
        guard !domainFiles.isEmpty, FileAccess.kind(of: nlu) == .directory else {
            return try FileAccess.files(under: folder, extensions: ["yml", "yaml"])
        }
        return try domainFiles + FileAccess.files(under: nlu, extensions: ["yml", "yaml"])
    }

    /// Examples in one file; nil when it is a domain file without an `nlu` key.
    static func readFile(_ file: String, mayLackNLU: Bool) throws -> [Utterance]? {
        try parse(yaml: FileAccess.readText(file), file: file, mayLackNLU: mayLackNLU)
    }

    static func parse(yaml: String, file: String, mayLackNLU: Bool = false) throws -> [Utterance]? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw dataError(from: error, file: file)
        }
        guard let root else {
            if mayLackNLU { return nil }
            throw DataError(file: file, line: 1, message: "empty file: expected a top-level 'nlu' list")
        }
        guard let top = root.mapping else {
            throw DataError(file: file, line: root.mark?.line,
                            message: "expected a mapping with an 'nlu' key but found \(describe(root))")
        }
        if let version = top["version"] {
            let text = version.scalar?.string ?? ""
            guard supportedVersions.contains(text) else {
                throw DataError(file: file, line: version.mark?.line,
                                message: "unsupported version \"\(text)\": expected \"1\"")
            }
        }
        guard let nlu = top["nlu"] else {
            if mayLackNLU { return nil }
            throw DataError(file: file, line: root.mark?.line, message: "expected a top-level 'nlu' key")
        }
        guard let items = nlu.sequence else {
            throw DataError(file: file, line: nlu.mark?.line,
                            message: "expected 'nlu' to be a list of intents but found \(describe(nlu))")
        }
        var utterances: [Utterance] = []
        for item in items {
            try utterances.append(contentsOf: parseItem(item, file: file))
        }
        return utterances
    }

    private static func parseItem(_ item: Node, file: String) throws -> [Utterance] {
        guard let mapping = item.mapping else {
            throw DataError(file: file, line: item.mark?.line,
                            message: "expected an 'nlu' item with 'intent' and 'examples' but found \(describe(item))")
        }
        for key in mapping.keys {
            let name = key.scalar?.string ?? describe(key)
            guard itemKeys.contains(name) else {
                throw DataError(file: file, line: key.mark?.line,
                                message: "unexpected key '\(name)' in 'nlu' item: expected 'intent' and 'examples'")
            }
        }
        guard let intentNode = mapping["intent"] else {
            throw DataError(file: file, line: item.mark?.line, message: "expected an 'intent' key in 'nlu' item")
        }
        let intent = intentNode.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        guard !intent.isEmpty else {
            throw DataError(file: file, line: intentNode.mark?.line,
                            message: "expected an intent name but found \(describe(intentNode))")
        }
        guard let examplesNode = mapping["examples"] else {
            throw DataError(file: file, line: item.mark?.line, message: "expected an 'examples' key for intent '\(intent)'")
        }
        let lines = try exampleLines(examplesNode, intent: intent, file: file)
        guard !lines.isEmpty else {
            throw DataError(file: file, line: examplesNode.mark?.line,
                            message: "expected at least one example for intent '\(intent)'")
        }
        return try lines.map { example in
            let parsed: (text: String, slots: [SlotSpan])
            do throws(InlineAnnotation.ParseError) {
                parsed = try InlineAnnotation.parse(example.text)
            } catch {
                throw DataError(file: file, line: example.line, message: error.message)
            }
            guard !parsed.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DataError(file: file, line: example.line,
                                message: "empty example for intent '\(intent)': expected text after '- '")
            }
            return Utterance(text: parsed.text, intent: intent, slots: parsed.slots)
        }
    }

    /// The raw example strings with the line each came from.
    private static func exampleLines(_ node: Node, intent: String, file: String) throws -> [(text: String, line: Int?)] {
        switch node {
        case .sequence(let sequence):
            return try sequence.map { entry in
                guard let scalar = entry.scalar else {
                    throw DataError(file: file, line: entry.mark?.line,
                                    message: "expected an example string for intent '\(intent)' but found \(describe(entry))")
                }
                let text = scalar.string.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else {
                    throw DataError(file: file, line: entry.mark?.line,
                                    message: "empty example for intent '\(intent)': expected text after '- '")
                }
                return (text, entry.mark?.line)
            }
        case .scalar(let scalar):
            // Folding joins the lines, so "- a\n- b" would silently become one example.
            guard scalar.style != .folded else {
                throw DataError(file: file, line: scalar.mark?.line,
                                message: "expected a literal block ('|') of examples but found a folded block ('>')")
            }
            // A literal block's content starts on the line after its '|' indicator.
            let firstLine = scalar.mark.map { $0.line + (scalar.style == .literal ? 1 : 0) }
            var result: [(text: String, line: Int?)] = []
            for (offset, rawLine) in scalar.string.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = firstLine.map { $0 + offset }
                let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard trimmed.hasPrefix("-") else {
                    throw DataError(file: file, line: line,
                                    message: "expected an example line starting with '- ' but found \"\(trimmed)\"")
                }
                let text = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else {
                    throw DataError(file: file, line: line,
                                    message: "empty example for intent '\(intent)': expected text after '- '")
                }
                // "-foo" is more likely a typo than an example that starts with a dash.
                guard trimmed.dropFirst().first?.isWhitespace == true else {
                    throw DataError(file: file, line: line,
                                    message: "expected '- ' (dash and space) before the example but found \"\(trimmed)\"")
                }
                result.append((text, line))
            }
            return result
        case .mapping, .alias:
            throw DataError(file: file, line: node.mark?.line,
                            message: "expected 'examples' to be a '|' block of '- ' lines or a list of strings but found \(describe(node))")
        }
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func dataError(from error: YamlError, file: String) -> DataError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let while_ = context.map { "\($0.text) (line \($0.mark.line)): " } ?? ""
            return DataError(file: file, line: mark.line, message: "invalid YAML: \(while_)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return DataError(file: file, line: context.mark.line,
                             message: "invalid YAML: duplicate key(s) \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in one mapping")
        default:
            return DataError(file: file, message: "invalid YAML: \(error)")
        }
    }
}
