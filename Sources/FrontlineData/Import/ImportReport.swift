import Foundation

/// What an import carried over, what it changed and what has no Frontline equivalent.
///
/// Nothing from the source is dropped silently: every construct the importer does not turn
/// into Frontline data is an item here, with the file and line it came from. The counts let a
/// trainer (and the tests) check that no example and no annotated span went missing.
public struct ImportReport: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// An example skipped because its annotation is malformed; the import goes on.
        case warning
        /// Source constructs with no Frontline equivalent (stories, custom actions, …).
        case notCarried
        /// Things carried over in a changed form (renamed slots, generated questions, …).
        case adapted
    }

    public struct Item: Sendable, Equatable {
        public var kind: Kind
        /// Short heading the item is grouped under ("story", "custom action", "slot renamed").
        public var category: String
        public var file: String
        public var line: Int?
        public var detail: String

        public var location: String { line.map { "\(file):\($0)" } ?? file }
    }

    /// Examples and annotated spans, counted in the source and in what was imported.
    public struct Counts: Sendable, Equatable {
        public var examples = 0
        public var spans = 0
    }

    public var source: String
    public var format: String
    public var items: [Item] = []
    /// Every example found in the source, including skipped ones; spans of the readable ones.
    public var sourceCounts = Counts()
    public var importedCounts = Counts()
    /// Annotated spans inside skipped examples, when the source says how many (Dialogflow's
    /// parts do; a malformed Rasa annotation can't be counted, so its spans are not in `sourceCounts`).
    public var skippedSpans = 0

    public init(source: String, format: String) {
        self.source = source
        self.format = format
    }

    public mutating func add(_ kind: Kind, _ category: String, file: String, line: Int?, _ detail: String) {
        items.append(Item(kind: kind, category: category, file: file, line: line, detail: detail))
    }

    public func items(_ kind: Kind) -> [Item] { items.filter { $0.kind == kind } }

    /// Examples skipped with a warning.
    public var skippedExamples: Int { items.filter { $0.kind == .warning && $0.category == Self.skippedExample }.count }

    static let skippedExample = "example skipped"

    /// Categories of one kind with their items, in first-seen order.
    func grouped(_ kind: Kind) -> [(category: String, items: [Item])] {
        var order: [String] = []
        var groups: [String: [Item]] = [:]
        for item in items(kind) {
            if groups[item.category] == nil { order.append(item.category) }
            groups[item.category, default: []].append(item)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// `import-report.md`: the counts, then every item grouped by kind and category.
    public func markdown() -> String {
        var out = """
            # Import report

            Source: `\(source)` (\(format))

            | | examples | annotated spans |
            |---|---:|---:|
            | in the source | \(sourceCounts.examples) | \(sourceCounts.spans) |
            | imported | \(importedCounts.examples) | \(importedCounts.spans) |
            | skipped (see warnings) | \(skippedExamples) | \(skippedSpans) |

            """
        let sections: [(Kind, String, String)] = [
            (.warning, "Warnings", "Examples skipped because their annotation is malformed; fix them in the source and import again."),
            (.notCarried, "Not carried over", "These have no Frontline equivalent. Rebuild what you need of them in domain.yml (forms, actions, responses)."),
            (.adapted, "Carried over with changes", "Check these in domain.yml."),
        ]
        for (kind, title, note) in sections {
            let groups = grouped(kind)
            guard !groups.isEmpty else { continue }
            out += "\n## \(title) (\(items(kind).count))\n\n\(note)\n"
            for group in groups {
                out += "\n### \(group.category) (\(group.items.count))\n\n"
                for item in group.items {
                    out += "- `\(item.location)` \(item.detail.replacingOccurrences(of: "\n", with: " "))\n"
                }
            }
        }
        return out
    }

    /// The terminal summary: counts per category and the first few locations of each.
    public func terminalSummary(reportPath: String?, limit: Int = 5) -> String {
        var lines = [
            "examples  \(importedCounts.examples) imported of \(sourceCounts.examples) in the source (\(skippedExamples) skipped)",
            "spans     \(importedCounts.spans) imported of \(sourceCounts.spans) in the source (\(skippedSpans) in skipped examples)",
        ]
        for (kind, title) in [(Kind.warning, "warning"), (.notCarried, "not carried over"), (.adapted, "changed")] {
            for group in grouped(kind) {
                lines.append("\(title): \(group.category) (\(group.items.count))")
                // Warnings are all shown: each one is an example the trainer has to fix.
                let shown = kind == .warning ? group.items : Array(group.items.prefix(limit))
                for item in shown { lines.append("  \(item.location) \(item.detail)") }
                if shown.count < group.items.count {
                    lines.append("  … and \(group.items.count - shown.count) more" + (reportPath.map { " in \($0)" } ?? ""))
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
