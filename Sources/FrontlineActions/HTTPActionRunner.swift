import AsyncHTTPClient
import Foundation
import FrontlineData
import FrontlineEngine
import NIOCore

/// Calls HTTP actions with AsyncHTTPClient: slot placeholders in the URL are
/// percent-encoded; POST, PUT and PATCH send the slots as a JSON object.
///
/// One shared client keeps connections to the back office open between turns (a new
/// URLSession per call cost more than the rest of the turn), and the deadline covers
/// the whole exchange, body included.
public struct HTTPActionRunner: ActionRunner {
    /// Answers larger than this are failures, not memory spent.
    static let maxBodyBytes = 1 << 20
    private let client: HTTPClient

    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome {
        let rendered = ResponseTemplate.render(action.url) { name in
            slots[name].map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? "" }
        }
        guard let rendered, let url = URL(string: rendered), url.scheme == "http" || url.scheme == "https" else {
            return .failure("the action's URL could not be built from the slots")
        }
        let milliseconds = max(action.timeoutMilliseconds, 1)
        let address = url.absoluteString
        let method = action.method.rawValue
        let body: Data? = [.post, .put, .patch].contains(action.method)
            ? (try? JSONSerialization.data(withJSONObject: slots, options: [.sortedKeys])) ?? Data("{}".utf8)
            : nil
        // AsyncHTTPClient's deadline bounds connecting and the head, not a body that
        // trickles in: race the whole exchange against the clock and cancel the loser.
        let client = self.client
        return await withTaskGroup(of: ActionOutcome?.self) { group in
            group.addTask { await Self.exchange(address, method: method, body: body, client: client, milliseconds: milliseconds) }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                return Task.isCancelled ? nil : .failure("no answer within \(milliseconds) ms")
            }
            var outcome: ActionOutcome = .failure("no answer within \(milliseconds) ms")
            for await result in group {
                if let result {
                    outcome = result
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
    }

    private static func exchange(
        _ address: String, method: String, body: Data?, client: HTTPClient, milliseconds: Int
    ) async -> ActionOutcome {
        var request = HTTPClientRequest(url: address)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(request, deadline: .now() + .milliseconds(Int64(milliseconds)))
            let body = try await response.body.collect(upTo: maxBodyBytes)
            if response.status.code == 404 { return .notFound }
            guard (200..<300).contains(response.status.code) else { return .failure("HTTP \(response.status.code)") }
            guard let fields = JSONFlattening.flatten(Data(body.readableBytesView)) else {
                return .failure("the answer is not a JSON object")
            }
            return .success(fields)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failure("no answer within \(milliseconds) ms")
        } catch {
            return .failure(String(describing: error))
        }
    }
}
