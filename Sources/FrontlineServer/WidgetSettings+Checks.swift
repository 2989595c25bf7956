import Foundation

extension ServerConfiguration.WidgetSettings {
    /// What is wrong with the widget's settings, for `problems()`.
    func problems() -> [String] {
        var problems: [String] = []
        for origin in origins where Self.normalisedOrigin(origin) == nil {
            problems.append("server.widget.origins: \"\(origin)\" is not an origin like https://shop.example (scheme, host and optional port, no path)")
        }
        if let secret, secret.utf8.count < 32 {
            problems.append("server.widget.secret must be at least 32 characters")
        }
        if !(tokenSeconds >= 60 && tokenSeconds <= 7 * 86_400) {
            problems.append("server.widget.token_seconds must be between 60 and 604800")
        }
        if !(sessionsPerMinute >= 0) { problems.append("server.widget.sessions_per_minute must not be negative") }
        return problems
    }

    /// `scheme://host[:port]` in lower case, or nil when `origin` is not one (a path, a query…).
    static func normalisedOrigin(_ origin: String) -> String? {
        guard let components = URLComponents(string: origin), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil,
              components.user == nil
        else { return nil }
        return "\(scheme)://\(host.lowercased())\(components.port.map { ":\($0)" } ?? "")"
    }

    /// Whether a page of `origin` may use the widget API: a configured origin, or the
    /// server's own (`hosts`: the request's authority and Host header).
    func allows(origin: String, hosts: [String]) -> Bool {
        guard let given = Self.normalisedOrigin(origin) else { return false }
        for host in hosts where given == "http://\(host.lowercased())" || given == "https://\(host.lowercased())" { return true }
        return origins.contains { Self.normalisedOrigin($0) == given }
    }
}
