import Foundation
import FrontlineML

/// Which CSV columns hold the text, the label and (optionally) the split.
/// A nil column is found by name: `text`; `intent`, `label` or `category`; `split`.
/// Names match case-insensitively.
public struct CSVColumns: Sendable, Equatable {
    public var text: String?
    public var label: String?
    public var split: String?

    public init(text: String? = nil, label: String? = nil, split: String? = nil) {
        self.text = text
        self.label = label
        self.split = split
    }

    /// Find every column by its conventional name.
    public static let auto = CSVColumns()

    static let textNames = ["text"]
    /// Checked in this order; the first present wins.
    static let labelNames = ["intent", "label", "category"]
    static let splitNames = ["split"]
}

/// Reads CSV with a header row into utterances. Rows go to the split named in the split
/// column (train, val/valid/dev/validation, test), or to "train" when there is no such column.
/// Text is taken as written (no slot annotations); surrounding whitespace is trimmed.
enum CSVReader {
    static func read(path: String, columns: CSVColumns = .auto) throws -> Dataset {
        let records: [CSVParser.Record]
        do {
            records = try CSVParser.parse(FileAccess.readText(path))
        } catch let error as CSVParser.ParseError {
            throw DataError(file: path, line: error.line, message: error.message)
        }
        guard let header = records.first else {
            throw DataError(file: path, message: "empty file: expected a header row with text and label columns")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let available = names.map { "\"\($0)\"" }.joined(separator: ", ")

        /// Index of the column named `explicit`, or of the first conventional name present.
        func findColumn(_ explicit: String?, _ conventional: [String], role: String) throws -> Int? {
            for candidate in explicit.map({ [$0] }) ?? conventional {
                let matches = names.indices.filter { names[$0].caseInsensitiveCompare(candidate) == .orderedSame }
                if matches.count > 1 {
                    throw DataError(file: path, line: header.line,
                                    message: "ambiguous \(role) column: \(matches.count) columns are named \"\(candidate)\"")
                }
                if let index = matches.first { return index }
            }
            return nil
        }
        func missing(_ explicit: String?, _ conventional: [String], role: String) -> DataError {
            let wanted = (explicit.map { [$0] } ?? conventional).map { "\"\($0)\"" }.joined(separator: " or ")
            return DataError(file: path, line: header.line,
                             message: "missing \(role) column: expected a column named \(wanted) but found \(available)"
                                 + (role == "split" ? "" : " (choose another with --\(role)-column)"))
        }

        guard let textColumn = try findColumn(columns.text, CSVColumns.textNames, role: "text") else {
            throw missing(columns.text, CSVColumns.textNames, role: "text")
        }
        guard let labelColumn = try findColumn(columns.label, CSVColumns.labelNames, role: "label") else {
            throw missing(columns.label, CSVColumns.labelNames, role: "label")
        }
        guard textColumn != labelColumn else {
            throw DataError(file: path, line: header.line,
                            message: "column \"\(names[textColumn])\" is named as both text and label: expected two different columns")
        }
        let splitColumn = try findColumn(columns.split, CSVColumns.splitNames, role: "split")
        if columns.split != nil && splitColumn == nil {
            throw missing(columns.split, CSVColumns.splitNames, role: "split")
        }

        var splits: [String: [Utterance]] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw DataError(file: path, line: record.line,
                                message: "expected \(names.count) fields (as in the header) but found \(record.fields.count)")
            }
            let text = record.fields[textColumn].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                throw DataError(file: path, line: record.line, message: "empty text in column \"\(names[textColumn])\": expected an utterance")
            }
            let label = record.fields[labelColumn].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !label.isEmpty else {
                throw DataError(file: path, line: record.line, message: "empty label in column \"\(names[labelColumn])\": expected an intent name")
            }
            var split = Dataset.trainSplit
            if let splitColumn {
                let name = record.fields[splitColumn]
                guard let canonical = Dataset.canonicalSplitName(name) else {
                    throw DataError(file: path, line: record.line, message: Dataset.unknownSplitMessage(name))
                }
                split = canonical
            }
            splits[split, default: []].append(Utterance(text: text, intent: label))
        }
        guard !splits.isEmpty else {
            throw DataError(file: path, message: "no training examples found: expected data rows after the header")
        }
        return try Dataset(source: path, format: .csv, splits: splits)
    }
}
