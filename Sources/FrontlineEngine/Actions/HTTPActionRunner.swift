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
        let milliseconds = max(action.timeoutMilliseconds, 1)
        // swift-corelibs-foundation truncates timeouts to whole seconds (300 ms timed out at
        // once), so URLSession only gets a backstop and the engine cancels at the deadline itself.
        let backstop = Double(milliseconds / 1000 + 2)
        var request = URLRequest(url: url, timeoutInterval: backstop)
        request.httpMethod = action.method.rawValue
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if [.post, .put, .patch].contains(action.method) {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try? JSONSerialization.data(withJSONObject: slots, options: [.sortedKeys])
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = backstop
        configuration.timeoutIntervalForResource = backstop
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        let (data, response, error) = await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                continuation.resume(returning: (data, response, error))
            }
            task.resume()
            // Cancelling makes the completion handler run with NSURLErrorCancelled. A detached
            // timer: it must not inherit the caller's cancellation and skip the deadline.
            Task.detached {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                if task.state == .running { task.cancel() }
            }
        }
        if let error {
            let code = (error as NSError).code
            return .failure(code == NSURLErrorCancelled || code == NSURLErrorTimedOut
                ? "no answer within \(milliseconds) ms" : String(describing: error))
        }
        guard let http = response as? HTTPURLResponse else { return .failure("not an HTTP response") }
        if http.statusCode == 404 { return .notFound }
        guard (200..<300).contains(http.statusCode) else { return .failure("HTTP \(http.statusCode)") }
        guard let data, let fields = JSONFlattening.flatten(data) else { return .failure("the answer is not a JSON object") }
        return .success(fields)
    }
}
