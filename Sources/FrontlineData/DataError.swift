/// A problem in training data, pinned to the file (and line, when known) it came from.
///
/// The description reads like a compiler diagnostic so editors and terminals can jump to it:
/// `TrainingData/nlu/orders.yml:12: unclosed '[' in annotation: expected ']' in "where is [A1"`.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    /// 1-based line number, nil when the format gives no line (e.g. JSON structure errors).
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line {
            return "\(file):\(line): \(message)"
        }
        return "\(file): \(message)"
    }
}
