import Foundation
import FrontlineAssistant
import FrontlineEngine
import Hummingbird

/// Reads and checks JSON request bodies: content type (415), size (413), UTF-8 (400),
/// JSON syntax (400), required fields and types (422).
struct BodyReader: Sendable {
    let maxBytes: Int

    /// The raw body, refused past `maxBytes` without reading the rest.
    func bytes(_ request: Request, requireJSON: Bool = true) async throws -> [UInt8] {
        if requireJSON { try checkContentType(request) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw APIError.tooLarge(maxBytes)
        }
        var collected: [UInt8] = []
        for try await buffer in request.body {
            guard collected.count + buffer.readableBytes <= maxBytes else { throw APIError.tooLarge(maxBytes) }
            collected.append(contentsOf: buffer.readableBytesView)
        }
        return collected
    }

    func checkContentType(_ request: Request) throws {
        guard let type = request.headers[.contentType] else { throw APIError.unsupportedMediaType }
        let essence = type.split(separator: ";", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces).lowercased()
        guard essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json")) else {
            throw APIError.unsupportedMediaType
        }
    }

    /// Decodes a body as `T` with the wire's snake_case keys.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try Self.decode(type, bytes: try await bytes(request))
    }

    static func decode<T: Decodable>(_ type: T.Type, bytes: [UInt8]) throws -> T {
        guard !bytes.isEmpty else { throw APIError.badRequest("empty_body", "the request body is empty") }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError.badRequest("invalid_utf8", "the request body is not valid UTF-8")
        }
        do {
            // One parse: the decoder tells bad syntax from a document of the wrong shape.
            return try WireJSONCoding.decoder.decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            if Self.isSyntaxError(error) {
                throw APIError.badRequest("invalid_json", "the request body is not valid JSON")
            }
            throw APIError.unprocessable("invalid_request", WireJSON.describe(error))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.unprocessable("invalid_request", "the request does not match the expected document")
        }
    }

    /// Whether the decoder failed on the JSON text itself rather than on its contents: the
    /// parser reports that as corrupt data at the top (the wire types never do; their own
    /// checks fail at a field's path, or as a type mismatch).
    static func isSyntaxError(_ error: DecodingError) -> Bool {
        guard case .dataCorrupted(let context) = error else { return false }
        return context.codingPath.isEmpty
    }

}

/// Shared coders (JSONEncoder/Decoder are safe to share once configured).
enum WireJSONCoding {
    static let decoder = FrontlineAssistant.WireJSON.decoder()
    /// The wire JSON of `WireJSON.encoder()` (snake-case keys, ISO 8601 dates, sorted
    /// keys) through the message path's faster encoder: responses and webhooks.
    static let encoder = CompactJSONEncoder(dates: .iso8601, keys: .convertToSnakeCase)

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let bytes = try encoder.encodeBytes(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
