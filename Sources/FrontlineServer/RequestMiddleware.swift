import Foundation
import FrontlineEngine
import HTTPTypes
import Hummingbird
import Logging

/// Outermost middleware: gives every request an id (the caller's `X-Request-Id` when
/// sane), logs one structured line per request, counts it, and renders every error as
/// `{"error": {...}}`. Nothing secret is logged: no headers, no bodies.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestId = Self.requestId(request.headers[.xRequestId])
        context.requestId = requestId
        context.logger[metadataKey: "request_id"] = .string(requestId)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": .string(String(describing: error))])
            }
            response = apiError.response()
        }
        response.headers[.xRequestId] = requestId
        let elapsed = ContinuousClock.now - start
        metrics.request(status: response.status.code)
        // Built only when it will be written: a server logging warnings and up skips the
        // formatting on every request.
        if context.logger.logLevel <= .info {
            var line: Logger.Metadata = [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "ms": .string(String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)),
            ]
            // The key's name (bot#1, agent#2…), never the key; absent when no key was given.
            if let caller = context.caller.value { line["principal"] = .string(caller) }
            context.logger.info("request", metadata: line)
        }
        return response
    }

    static func requestId(_ given: String?) -> String {
        if let given, (1...64).contains(given.utf8.count),
           given.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) {
            return given
        }
        return RandomIdentifier.uuidString().lowercased()
    }
}

extension HTTPField.Name {
    static let xRequestId = HTTPField.Name("X-Request-Id")!
}
