import Crypto
import Foundation

/// What a widget session token grants: one conversation, for one anonymous customer,
/// until `expiresAt`.
struct WidgetGrant: Sendable, Hashable, Codable {
    var conversationId: String
    var customerId: String
    /// The `data-site` of the page that opened the session.
    var site: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey { case conversationId = "c", customerId = "u", site = "s", expiresAt = "e" }

    init(conversationId: String, customerId: String, site: String, expiresAt: Date) {
        self.conversationId = conversationId
        self.customerId = customerId
        self.site = site
        self.expiresAt = expiresAt
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        conversationId = try c.decode(String.self, forKey: .conversationId)
        customerId = try c.decode(String.self, forKey: .customerId)
        site = try c.decode(String.self, forKey: .site)
        expiresAt = Date(timeIntervalSince1970: try c.decode(Double.self, forKey: .expiresAt))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(conversationId, forKey: .conversationId)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(site, forKey: .site)
        try c.encode(expiresAt.timeIntervalSince1970.rounded(.down), forKey: .expiresAt)
    }
}

/// Signs and checks widget session tokens: `base64url(grant JSON) "." base64url(HMAC-SHA256)`.
/// Stateless, so any replica sharing the key accepts any replica's token; the key never
/// leaves the server and tokens are never logged.
struct WidgetTokens: Sendable {
    /// The name the generated key is kept under in the store's secrets.
    static let secretName = "widget_token_key"
    private let key: SymmetricKey

    init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    /// A fresh random secret (256 bits, base64url) for a store that has none yet.
    static func generateSecret() -> String {
        base64url(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    func sign(_ grant: WidgetGrant) throws -> String {
        let payload = try JSONEncoder().encode(grant)
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Self.base64url(payload) + "." + Self.base64url(Data(mac))
    }

    enum Rejection: Error, Equatable { case malformed, badSignature, expired }

    /// The grant of a token whose signature is this key's and which has not expired at `now`.
    func verify(_ token: String, now: Date) throws(Rejection) -> WidgetGrant {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, token.utf8.count <= 2048,
              let payload = Self.decode(base64url: String(parts[0])), let mac = Self.decode(base64url: String(parts[1]))
        else { throw .malformed }
        // Constant time: swift-crypto compares the codes without an early exit.
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) else { throw .badSignature }
        guard let grant = try? JSONDecoder().decode(WidgetGrant.self, from: payload) else { throw .malformed }
        guard grant.expiresAt > now else { throw .expired }
        return grant
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(base64url text: String) -> Data? {
        guard text.utf8.allSatisfy({ $0 == 0x2D || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) })
        else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
