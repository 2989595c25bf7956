/// Where a PostgreSQL database is, from a `postgres://USER[:PASSWORD]@HOST[:PORT]/DB`
/// (or `postgresql://`) URL. `?sslmode=require` asks for TLS; the default is no TLS, for
/// a database on the same host or private network.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, requireTLS: Bool = false) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
    }

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses a URL; the error names what is missing or wrong.
    public init(url text: String) throws {
        guard Self.isURL(text), let schemeEnd = text.range(of: "://") else {
            throw PostgresLocationError("\(Self.redacted(text)) is not a postgres:// or postgresql:// URL")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@") else {
            throw PostgresLocationError("\(Self.redacted(text)): expected postgres://USER[:PASSWORD]@HOST[:PORT]/DB (no user)")
        }
        let credentials = rest[..<at]
        let address = rest[rest.index(after: at)...]
        let user: Substring
        var password: String?
        if let colon = credentials.firstIndex(of: ":") {
            user = credentials[..<colon]
            password = Self.decode(credentials[credentials.index(after: colon)...])
        } else {
            user = credentials
        }
        guard !user.isEmpty else { throw PostgresLocationError("\(Self.redacted(text)): the user name is empty") }
        guard let slash = address.firstIndex(of: "/") else {
            throw PostgresLocationError("\(Self.redacted(text)): expected /DB after the host")
        }
        let hostPort = address[..<slash]
        let database = Self.decode(address[address.index(after: slash)...])
        guard !database.isEmpty else { throw PostgresLocationError("\(Self.redacted(text)): the database name is empty") }
        var host = String(hostPort)
        var port = 5432
        // [::1]:5432, host:5432, host
        if let close = hostPort.lastIndex(of: "]"), hostPort.hasPrefix("[") {
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.port(after.dropFirst(), text) }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            port = try Self.port(hostPort[hostPort.index(after: colon)...], text)
        }
        guard !host.isEmpty else { throw PostgresLocationError("\(Self.redacted(text)): the host is empty") }
        var requireTLS = false
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "sslmode" else {
                throw PostgresLocationError("\(Self.redacted(text)): unknown parameter \(pair) (only sslmode=disable|require)")
            }
            switch parts[1] {
            case "disable", "prefer", "allow": requireTLS = false
            case "require", "verify-ca", "verify-full": requireTLS = true
            default: throw PostgresLocationError("\(Self.redacted(text)): sslmode \(parts[1]) is not disable or require")
            }
        }
        self.init(host: host, port: port, username: Self.decode(user), password: password, database: database, requireTLS: requireTLS)
    }

    /// The URL without its password, for logs and errors.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    /// A URL with any password replaced, so errors never print it.
    public static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text[schemeEnd.upperBound...].lastIndex(of: "@") else { return text }
        let credentials = text[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    private static func port(_ text: Substring, _ url: String) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw PostgresLocationError("\(redacted(url)): the port \(text) is not a number in 1...65535")
        }
        return port
    }

    /// Percent-decoding (a password may hold `@` or `:` written as %40, %3A).
    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let h1 = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex), h1 < utf8.endIndex,
               let h2 = utf8.index(h1, offsetBy: 1, limitedBy: utf8.endIndex), h2 < utf8.endIndex,
               let value = UInt8(String(decoding: [utf8[h1], utf8[h2]], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = utf8.index(after: h2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

public struct PostgresLocationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
