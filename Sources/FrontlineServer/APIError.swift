import Foundation
import FrontlineEngine
import HTTPTypes
import Hummingbird

/// An error the API reports as `{"error": {"code", "message"}}` with its HTTP status.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A stable machine-readable code ("invalid_json", "text_too_long"…).
    public var code: String
    public var message: String
    /// Extra response headers (e.g. Retry-After).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code, message) }
    static let unauthorized = APIError(.unauthorized, "unauthorized", "a valid API key is required (Authorization: Bearer <key>)")
    static func forbidden(_ role: Role) -> APIError {
        APIError(.forbidden, "forbidden", "the \(role.rawValue) key may not use this endpoint")
    }
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", what) }
    static func conflict(_ what: String) -> APIError { APIError(.conflict, "conflict", what) }
    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "body_too_large", "the request body exceeds \(limit) bytes")
    }
    static let unsupportedMediaType = APIError(.unsupportedMediaType, "unsupported_media_type", "send Content-Type: application/json")
    static func unprocessable(_ code: String, _ message: String) -> APIError { APIError(.unprocessableContent, code, message) }
    static func rateLimited(retryAfter seconds: Int) -> APIError {
        var error = APIError(.tooManyRequests, "rate_limited", "too many requests; retry after \(seconds) s")
        error.headers[.retryAfter] = String(seconds)
        return error
    }
    static let unavailable = APIError(.serviceUnavailable, "unavailable", "the server is not ready")

    /// The API's view of any error: store errors keep their meaning, the rest are 500s
    /// whose details stay in the log.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            switch error {
            case .notFound(let what): return .notFound(what)
            case .conflict(let what): return .conflict(what)
            case .invalidTransition: return APIError(.conflict, "invalid_transition", error.description)
            case .invalidArgument(let what): return .unprocessable("invalid_argument", what)
            case .unavailable:
                return APIError(.serviceUnavailable, "store_unavailable", "the database is unreachable; nothing was stored, retry later")
            case .corrupt, .newerSchema, .storageFailure:
                return APIError(.internalServerError, "storage_error", "the store failed; nothing was written")
            }
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound("no such endpoint")
            case .methodNotAllowed: return APIError(.methodNotAllowed, "method_not_allowed", "method not allowed")
            case .contentTooLarge: return .tooLarge(0)
            default: return APIError(error.status, "http_error", error.body ?? error.status.reasonPhrase)
            }
        default:
            return APIError(.internalServerError, "internal_error", "internal error")
        }
    }

    func response() -> Response {
        struct Body: Encodable {
            struct Detail: Encodable { var code: String; var message: String }
            var error: Detail
        }
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONEncoder().encode(Body(error: .init(code: code, message: message)))) ?? Data()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
