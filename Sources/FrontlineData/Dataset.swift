import Foundation
import FrontlineML

/// Labelled utterances grouped into named splits, as read from one training-data source.
///
/// Split names are normalised on the way in, so callers only ever see `train`, `val` and `test`
/// whatever the files called them (`valid`, `dev`, `validation` all mean `val`).
public struct Dataset: Sendable, Equatable {
    public static let trainSplit = "train"
    public static let validationSplit = "val"
    public static let testSplit = "test"
    /// Canonical split names in the order they are reported.
    public static let canonicalSplitNames = [trainSplit, validationSplit, testSplit]

    /// Where the data came from (the path given to the loader).
    public let source: String
    public let format: DataFormat
    /// Non-empty splits keyed by canonical name.
    public let splits: [String: [Utterance]]

    /// Builds a dataset, normalising split names. Splits whose names are aliases of the same
    /// canonical split are concatenated in sorted key order; empty splits are dropped.
    /// Throws when a split name is unknown or the dataset holds no utterances at all.
    public init(source: String, format: DataFormat, splits: [String: [Utterance]]) throws {
        var normalised: [String: [Utterance]] = [:]
        for name in splits.keys.sorted() {
            guard let canonical = Dataset.canonicalSplitName(name) else {
                throw DataError(file: source, message: Dataset.unknownSplitMessage(name))
            }
            let utterances = splits[name] ?? []
            if !utterances.isEmpty {
                normalised[canonical, default: []].append(contentsOf: utterances)
            }
        }
        guard !normalised.isEmpty else {
            throw DataError(file: source, message: "no training examples found")
        }
        self.source = source
        self.format = format
        self.splits = normalised
    }

    /// Training utterances; empty when the source has no training split.
    public var train: [Utterance] { splits[Dataset.trainSplit] ?? [] }
    /// Validation utterances, nil when absent.
    public var validation: [Utterance]? { splits[Dataset.validationSplit] }
    /// Test utterances, nil when absent.
    public var test: [Utterance]? { splits[Dataset.testSplit] }

    /// The split with this name or any alias of it (`dev` finds `val`); nil when absent or unknown.
    public func split(named name: String) -> [Utterance]? {
        Dataset.canonicalSplitName(name).flatMap { splits[$0] }
    }

    /// Names of the splits present, in train/val/test order.
    public var splitNames: [String] {
        Dataset.canonicalSplitNames.filter { splits[$0] != nil }
    }

    /// Total number of utterances over all splits.
    public var count: Int { splits.values.reduce(0) { $0 + $1.count } }

    /// Canonical name for a split name or alias (case-insensitive), nil when unknown.
    public static func canonicalSplitName(_ name: String) -> String? {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "train": trainSplit
        case "val", "valid", "dev", "validation": validationSplit
        case "test": testSplit
        default: nil
        }
    }

    static func unknownSplitMessage(_ name: String) -> String {
        "unknown split name \"\(name)\": expected train, val (or valid, dev, validation) or test"
    }
}
