import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.0 server on 127.0.0.1 standing in for Acme's order service, so the HTTP
/// action runner is tested over a real socket: /orders/A-12345 → 200 JSON, /orders/A-00000
/// → 500, /orders/A-55555 → answers after 6 s, /echo… → 200 with what it received
/// ({"method", "path", "content_type", "body"}), anything else → 404.
final class LoopbackOrderServer: Sendable {
    let port: UInt16
    private let socketFD: Int32

    init() throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { close(fd); throw POSIXError(.EADDRINUSE) }
        port = UInt16(bigEndian: address.sin_port)
        socketFD = fd
        Thread.detachNewThread { Self.serve(fd) }
    }

    func stop() {
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    private static func serve(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            Thread.detachNewThread { respond(client) }
        }
    }

    private static func respond(_ client: Int32) {
        defer { close(client) }
        guard let (head, requestBody) = readRequest(client) else { return }
        let request = String(decoding: head, as: UTF8.self)
        let words = request.split(separator: " ")
        let path = words.dropFirst().first.map(String.init) ?? "/"
        let (status, body): (String, String)
        if path.hasPrefix("/echo") {
            let contentType = request.split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("content-type:") }
                .map { String($0.dropFirst("content-type:".count)).trimmingCharacters(in: .whitespaces) } ?? ""
            let echo: [String: String] = [
                "method": words.first.map(String.init) ?? "", "path": path, "content_type": contentType,
                "body": String(decoding: requestBody, as: UTF8.self),
            ]
            let data = (try? JSONSerialization.data(withJSONObject: echo, options: [.sortedKeys])) ?? Data("{}".utf8)
            let text = String(decoding: data, as: UTF8.self)
            let response = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(data.count)\r\nConnection: close\r\n\r\n\(text)"
            _ = response.withCString { write(client, $0, strlen($0)) }
            return
        }
        switch path {
        case "/orders/A-12345":
            status = "200 OK"
            body = #"{"order_number":"A-12345","status":"shipped","estimated_delivery":"on Friday","carrier":{"name":"DHL"},"paid":true,"items":2}"#
        case "/orders/A-00000":
            status = "500 Internal Server Error"
            body = "{}"
        case "/orders/A-55555":
            Thread.sleep(forTimeInterval: 6)
            status = "200 OK"
            body = "{}"
        default:
            status = "404 Not Found"
            body = #"{"error":"no such order"}"#
        }
        let response = "HTTP/1.0 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = response.withCString { write(client, $0, strlen($0)) }
    }

    /// The request's head and its body (as long as Content-Length says): a client may send
    /// them in separate writes.
    private static func readRequest(_ client: Int32) -> ([UInt8], [UInt8])? {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let end = received.firstRange(of: separator) {
                let head = Array(received[..<end.lowerBound])
                let text = String(decoding: head, as: UTF8.self).lowercased()
                let length = text.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                var body = Array(received[end.upperBound...])
                while body.count < length {
                    let count = read(client, &buffer, buffer.count)
                    guard count > 0 else { break }
                    body += buffer[0..<count]
                }
                return (head, body)
            }
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { return received.isEmpty ? nil : (received, []) }
            received += buffer[0..<count]
        }
    }
}
