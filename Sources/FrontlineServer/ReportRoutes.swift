import Foundation
import FrontlineInsights
import Hummingbird
import NIOCore

extension FrontlineServer {
    /// GET /v1/admin/report?since=YYYY-MM-DD&until=YYYY-MM-DD&channel=C&low_confidence=0.4:
    /// the conversation report's JSON, byte for byte what `frontline report conversations`
    /// writes to conversations.json for the same data.
    func addReportRoutes(to router: Router<ServerRequestContext>) {
        router.group("v1/admin").add(middleware: authenticator([.admin])).get("report") { request, _ in
            let params = request.uri.queryParameters
            func text(_ name: String) -> String? { params[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
            let range: ReportRange
            do {
                var lowConfidence = ReportRange.defaultLowConfidence
                if let raw = text("low_confidence") {
                    guard let value = Double(raw) else {
                        throw ReportRangeError("low_confidence \"\(raw)\" is not a number between 0 and 1")
                    }
                    lowConfidence = value
                }
                range = try ReportRange(since: text("since"), until: text("until"), channel: text("channel"), lowConfidence: lowConfidence)
            } catch let error as ReportRangeError {
                throw APIError.badRequest("invalid_query", error.description)
            }
            let report = try await ConversationInsights.report(from: store, range: range)
            let bytes = try ConversationInsights.json(report)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
