import Foundation
import Hummingbird
import Logging

/// The default assistant's stand-in for Acme's order API: a real HTTP endpoint on
/// loopback, so demos and scripted conversations exercise the engine's HTTP action with
/// its timeout and fallbacks exactly as in production.
///
/// `GET /orders/{number}` answers 200 with the order's fields, 404 for an unknown order;
/// an order marked `"fail": true` answers 500, and one marked `"slow": true` answers after
/// `slowDelay` (longer than the action's timeout), to show the fallback message.
public struct DemoOrderService: Sendable {
    public let orders: [String: [String: DemoValue]]
    public var slowDelay: Duration = .seconds(5)

    /// Reads orders from a JSON object: order number → fields.
    public init(file: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw DemoError("cannot read \(file): \(error.localizedDescription)")
        }
        do {
            orders = try JSONDecoder().decode([String: [String: DemoValue]].self, from: data)
        } catch {
            throw DemoError("\(file): expected a JSON object of order number → {field: value}: \(error)")
        }
    }

    public init(orders: [String: [String: DemoValue]]) {
        self.orders = orders
    }

    /// The router serving the orders.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let orders = self.orders
        let slowDelay = self.slowDelay
        router.get("orders/:number") { _, context -> Response in
            let number = context.parameters.get("number") ?? ""
            guard let order = orders[number] else {
                return Self.json(.notFound, ["error": .text("no order \(number)")])
            }
            if order["fail"] == .flag(true) {
                return Self.json(.internalServerError, ["error": .text("order database unavailable")])
            }
            if order["slow"] == .flag(true) {
                try await Task.sleep(for: slowDelay)
            }
            var fields = order.filter { $0.key != "slow" && $0.key != "fail" }
            fields["order_number"] = .text(number)
            return Self.json(.ok, fields)
        }
        router.get("healthz") { _, _ in "ok" }
        return router
    }

    /// Serves on 127.0.0.1:`port` until the task is cancelled or the process ends. Logs go
    /// to standard error, so a command's standard output stays machine-readable.
    public func run(port: Int, logLevel: Logger.Level = .info) async throws {
        var logger = Logger(label: "acme-orders-demo", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "acme-orders-demo"),
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    static func json(_ status: HTTPResponse.Status, _ fields: [String: DemoValue]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(fields)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// A field of a demo order: text, number or flag.
public enum DemoValue: Codable, Sendable, Hashable {
    case text(String)
    case number(Double)
    case flag(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .flag(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        }
    }
}

public struct DemoError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
