import Hummingbird

/// Checks the bearer key and the role for a group of routes: 401 without a valid key,
/// 403 with a key of the wrong role, 429 when the key's token bucket is empty. With no
/// keys configured (loopback only) every caller is an anonymous admin.
struct Authenticator: RouterMiddleware {
    typealias Context = ServerRequestContext
    let keys: APIKeys
    let allowed: Set<Role>
    let limiter: RateLimiter
    /// Also accept `?token=<this>` (Chatwoot's webhook sends no header); nil: header only.
    var queryToken: String? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let principal = try authenticate(request)
        context.caller.set(principal.name)
        guard allowed.contains(principal.role) else { throw APIError.forbidden(principal.role) }
        if let retryAfter = limiter.take(principal.name) {
            throw APIError.rateLimited(retryAfter: retryAfter)
        }
        context.principal = principal
        context.logger[metadataKey: "principal"] = .string(principal.name)
        return try await next(request, context)
    }

    func authenticate(_ request: Request) throws -> Principal {
        if keys.isEmpty { return Principal(role: .admin, name: "anonymous") }
        if let queryToken, let given = request.uri.queryParameters["token"].map(String.init),
           APIKeys.constantTimeEqual(Array(queryToken.utf8), Array(given.utf8)) {
            return Principal(role: .bot, name: "chatwoot")
        }
        guard let header = request.headers[.authorization] else { throw APIError.unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let principal = keys.principal(for: parts[1].trimmingCharacters(in: .whitespaces))
        else { throw APIError.unauthorized }
        return principal
    }
}
