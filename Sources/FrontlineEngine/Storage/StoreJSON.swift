import Foundation

/// The JSON form of the values stored as documents (conversation state, parses,
/// handoff transcripts, outcome corrections). Shared by every store so that a record
/// written by one build decodes the same way in the next.
public enum StoreJSON {
    // Shared coders: both are thread-safe, and making one per call showed up in the
    // message path's profile.
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// Compact, sorted keys (byte-stable documents for the same value), dates in
    /// milliseconds: what JSONEncoder would write, at a fraction of the cost.
    private static let encoder = CompactJSONEncoder(dates: .millisecondsSince1970)

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        try encoder.encode(value)
    }

    /// Decodes `text`, naming `what` in the error so a corrupt row can be found.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, what: @autoclosure () -> String) throws -> T {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("\(what()): \(error)")
        }
    }
}
