import Foundation

/// `POST /v1/conversations/{id}/messages`.
struct MessageRequest: Codable, Sendable {
    var text: String
    /// The chat server's id for whoever wrote it (a visitor, a phone number…).
    var sender: String
    /// "web", "sms", "whatsapp"…
    var channel: String
    var customerId: String?
    /// The chat server's message id: a retry with the same id is answered once.
    var messageId: String?
    /// What the chat server knows about the situation (page, product, version, platform…).
    var metadata: [String: String]?
    /// ISO 8601; relative dates ("tomorrow") resolve against it.
    var timestamp: String?
}

/// `POST /v1/conversations/{id}/agent-messages`.
struct AgentMessageRequest: Codable, Sendable {
    var text: String
    var agentId: String
    var messageId: String?
}

/// `POST /v1/conversations/{id}/handback` and `/close`.
struct HandoffActionRequest: Codable, Sendable {
    var agentId: String?
}

/// `POST /v1/conversations/{id}/outcome`.
struct OutcomeRequest: Codable, Sendable {
    struct Correction: Codable, Sendable {
        struct Slot: Codable, Sendable { var slot: String; var value: String; var start: Int?; var end: Int? }
        var sequence: Int
        var intent: String?
        var slots: [Slot]?
    }
    var corrections: [Correction]?
    var resolution: String?
    var kbArticleId: String?
    var botWasRight: Bool?
    var agentId: String?
}

/// Checks shared by every request: ids, text, metadata.
struct Validation: Sendable {
    let maxTextLength: Int

    static func id(_ value: String, _ name: String) throws {
        guard (1...128).contains(value.count), !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.unprocessable("invalid_\(name)", "\(name) must be 1 to 128 characters without control characters")
        }
    }

    func text(_ value: String) throws {
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.unprocessable("empty_text", "text is empty")
        }
        guard value.count <= maxTextLength else {
            throw APIError.unprocessable("text_too_long", "text is longer than \(maxTextLength) characters")
        }
    }

    static func metadata(_ value: [String: String]?) throws {
        guard let value else { return }
        guard value.count <= 32, value.allSatisfy({ $0.key.count <= 64 && $0.value.count <= 512 }) else {
            throw APIError.unprocessable("invalid_metadata", "metadata takes at most 32 entries, keys ≤ 64 and values ≤ 512 characters")
        }
    }

    static func timestamp(_ value: String?) throws -> Date? {
        guard let value else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: value) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: value) { return date }
        throw APIError.unprocessable("invalid_timestamp", "timestamp must be ISO 8601 (e.g. 2026-01-31T12:00:00Z)")
    }
}
