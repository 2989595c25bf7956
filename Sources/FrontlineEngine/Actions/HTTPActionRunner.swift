import Foundation
import FrontlineData
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls HTTP actions with Foundation's URLSession: slot placeholders in the URL are
/// percent-encoded; POST, PUT and PATCH send the slots as a JSON object.
public struct HTTPActionRunner: ActionRunner {
    public init() {}

    public func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome {
        let rendered = ResponseTemplate.render(action.url) { name in
            slots[name].map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? "" }
        }
        guard let rendered, let url = URL(string: rendered), url.scheme == "http" || url.scheme == "https" else {
            return .failure("the action's URL could not be built from the slots")
        }
        let timeout = Double(max(action.timeoutMilliseconds, 1)) / 1000
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = action.method.rawValue
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if [.post, .put, .patch].contains(action.method) {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONSerialization.data(withJSONObject: slots, options: [.sortedKeys])
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .failure("not an HTTP response") }
            if http.statusCode == 404 { return .notFound }
            guard (200..<300).contains(http.statusCode) else { return .failure("HTTP \(http.statusCode)") }
            guard let fields = JSONFlattening.flatten(data) else { return .failure("the answer is not a JSON object") }
            return .success(fields)
        } catch {
            return .failure(String(describing: error))
        }
    }
}
