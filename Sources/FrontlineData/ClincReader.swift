import Foundation
import FrontlineML

/// Reads CLINC150 JSON (Larson et al. 2019): an object whose keys `train`, `val`, `test` and
/// `oos_train`, `oos_val`, `oos_test` each hold a list of `[text, label]` pairs. The "full",
/// "small", "imbalanced" and "oos_plus" variants share these keys. Out-of-scope pairs join the
/// matching split and keep their own label (`oos`).
enum ClincReader {
    /// Keys in file order of use: in-scope examples first, then out-of-scope, per split.
    static let keySplits: [(key: String, split: String)] = [
        ("train", Dataset.trainSplit), ("oos_train", Dataset.trainSplit),
        ("val", Dataset.validationSplit), ("oos_val", Dataset.validationSplit),
        ("test", Dataset.testSplit), ("oos_test", Dataset.testSplit),
    ]

    static func read(path: String) throws -> Dataset {
        try read(object: parseJSON(path: path), file: path)
    }

    /// True for the shape auto-detection looks for: "train" plus "oos_train" or "val".
    static func looksLikeClinc(_ object: Any) -> Bool {
        guard let dictionary = object as? [String: Any] else { return false }
        return dictionary["train"] != nil && (dictionary["oos_train"] != nil || dictionary["val"] != nil)
    }

    static func parseJSON(path: String) throws -> Any {
        let data = try FileAccess.readData(path)
        do {
            return try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw DataError(file: path, line: lineOfReportedOffset(detail, in: data),
                            message: "invalid JSON: \(detail ?? error.localizedDescription)")
        }
    }

    static func read(object: Any, file: String) throws -> Dataset {
        guard let top = object as? [String: Any] else {
            throw DataError(file: file, message: "expected a JSON object with keys \(expectedKeys) but found \(describe(object))")
        }
        let known = Set(keySplits.map(\.key))
        if let unknown = top.keys.sorted().first(where: { !known.contains($0) }) {
            throw DataError(file: file, message: "unexpected key \"\(unknown)\": expected only \(expectedKeys)")
        }
        var splits: [String: [Utterance]] = [:]
        for (key, split) in keySplits {
            guard let value = top[key] else { continue }
            guard let pairs = value as? [Any] else {
                throw DataError(file: file, message: "expected a list of [text, label] pairs under key \"\(key)\" but found \(describe(value))")
            }
            var utterances: [Utterance] = []
            utterances.reserveCapacity(pairs.count)
            for (index, element) in pairs.enumerated() {
                guard let pair = element as? [Any], pair.count == 2,
                      let text = pair[0] as? String, let label = pair[1] as? String else {
                    throw DataError(file: file, message: "malformed pair at index \(index) of key \"\(key)\": expected [text, label] with two strings but found \(describe(element))")
                }
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw DataError(file: file, message: "empty text in pair at index \(index) of key \"\(key)\": expected an utterance")
                }
                let intent = label.trimmingCharacters(in: .whitespaces)
                guard !intent.isEmpty else {
                    throw DataError(file: file, message: "empty label in pair at index \(index) of key \"\(key)\": expected an intent name")
                }
                utterances.append(Utterance(text: text, intent: intent))
            }
            splits[split, default: []].append(contentsOf: utterances)
        }
        return try Dataset(source: file, format: .clinc, splits: splits)
    }

    private static var expectedKeys: String {
        keySplits.map { "\"\($0.key)\"" }.joined(separator: ", ")
    }

    private static func describe(_ value: Any) -> String {
        switch value {
        case let array as [Any]: "an array of \(array.count) element(s)"
        case is [String: Any]: "an object"
        case let string as String: "the string \"\(string.prefix(40))\""
        case is NSNull: "null"
        case is NSNumber: "a number"
        default: "\(type(of: value))"
        }
    }

    /// Foundation reports JSON syntax errors "around character N"; turn N into a line number.
    private static func lineOfReportedOffset(_ detail: String?, in data: Data) -> Int? {
        guard let detail, let range = detail.range(of: "character ") else { return nil }
        let digits = detail[range.upperBound...].prefix { $0.isNumber }
        guard let offset = Int(digits) else { return nil }
        return data.prefix(offset).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }
}
