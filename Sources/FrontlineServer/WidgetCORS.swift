import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let host = HTTPField.Name("Host")!
}

/// CORS for the widget API: pages of the configured origins (and the server's own) may
/// call it from the browser; a request from any other origin is refused (403) before it
/// does anything. Preflights (`OPTIONS`) are answered here. Requests without `Origin`
/// (same-origin GETs, servers) pass; opening a session additionally requires one.
struct WidgetCORS: RouterMiddleware {
    typealias Context = ServerRequestContext
    let settings: ServerConfiguration.WidgetSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        // HTTP/1's Host header arrives as the request's authority (or stays a header).
        let hosts = [request.head.authority, request.headers[.host]].compactMap { $0 }
        guard settings.allows(origin: origin, hosts: hosts) else {
            throw APIError(.forbidden, "origin_not_allowed", "pages of this origin may not use the chat widget (server.widget.origins)")
        }
        var response: Response
        if request.method == .options {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type, Last-Event-ID"
            response.headers[.accessControlMaxAge] = "600"
        } else {
            do {
                response = try await next(request, context)
            } catch {
                // The page must be able to read the error (expired token, rate limit…).
                response = APIError.from(error).response()
            }
        }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }
}
