import ArgumentParser
import Foundation
import FrontlineDemo

struct DemoOrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-orders",
        abstract: "Serve the default assistant's fake order API on loopback (for demos and scripted conversations).",
        discussion: """
            GET /orders/{number} answers the order's fields (status, estimated_delivery, carrier, \
            tracking_url) or 404. Orders marked "fail" answer 500 and "slow" ones answer after 5 s, \
            past the action's timeout, to show the assistant's fallback. The domain's order_status \
            action calls ${ACME_ORDERS_URL:-http://127.0.0.1:8089}.
            """)

    @Option(name: .long, help: "The orders: a JSON object of order number → fields.")
    var orders = "TrainingData/demo/orders.json"

    @Option(name: .long, help: "Port on 127.0.0.1.")
    var port = 8089

    func run() async throws {
        let service: DemoOrderService
        do {
            service = try DemoOrderService(file: orders)
        } catch let error as DemoError {
            throw ValidationError(error.description)
        }
        note("demo order service: \(service.orders.count) orders on http://127.0.0.1:\(port)/orders/{number}")
        try await service.run(port: port)
    }
}
