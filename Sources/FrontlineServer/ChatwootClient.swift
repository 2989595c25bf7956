import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Talks back to Chatwoot through its application API with the agent bot's token.
struct ChatwootClient: Sendable {
    let baseURL: String
    let token: String
    let client: HTTPClient
    let logger: Logger
    var timeout: TimeAmount = .seconds(10)

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Posts one outgoing message; buttons become an `input_select`.
    func postMessage(account: String, conversation: String, text: String, buttons: [String]?) async throws {
        var payload: [String: Any] = ["content": text, "message_type": "outgoing", "private": false]
        if let buttons, !buttons.isEmpty {
            payload["content_type"] = "input_select"
            payload["content_attributes"] = ["items": buttons.map { ["title": $0, "value": $0] }]
        }
        try await post(path: "/api/v1/accounts/\(account)/conversations/\(conversation)/messages", json: payload)
    }

    /// Opens the conversation for people (Chatwoot's handoff from a bot).
    func openConversation(account: String, conversation: String) async throws {
        try await post(path: "/api/v1/accounts/\(account)/conversations/\(conversation)/toggle_status", json: ["status": "open"])
    }

    private func post(path: String, json: [String: Any]) async throws {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "api_access_token", value: token)
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        request.body = .bytes(ByteBuffer(bytes: data))
        let response = try await client.execute(request, timeout: timeout)
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw Failure(description: "Chatwoot answered \(response.status.code) to POST \(path)")
        }
    }
}
