import Foundation
import FrontlineDemo

/// The default assistant's order action calls the demo order service unless
/// ACME_ORDERS_URL points elsewhere: `chat` and `serve` start it in-process so the
/// default assistant works out of the box.
enum DemoOrders {
    static let defaultURL = "http://127.0.0.1:8089"

    static func startIfWanted(data: String) {
        guard ProcessInfo.processInfo.environment["ACME_ORDERS_URL"] == nil else { return }
        let file = URL(fileURLWithPath: data).appendingPathComponent("demo/orders.json").path
        guard FileManager.default.fileExists(atPath: file), let service = try? DemoOrderService(file: file) else { return }
        Task.detached {
            do {
                try await service.run(port: 8089, logLevel: .warning)
            } catch {
                // Most likely already running (another process, or `frontline demo-orders`): use that one.
                note("demo order service not started here (\(error)); using whatever answers on \(defaultURL)")
            }
        }
    }
}
