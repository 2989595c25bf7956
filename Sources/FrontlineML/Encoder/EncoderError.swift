import Foundation

/// A sentence encoder's files could not be used: names the file and what was expected.
public struct EncoderError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
