/// A call to another service (Acme's order system, say) whose result the assistant reports.
///
/// The engine fills the URL's `{slot}` placeholders (percent-encoded), sends the request and
/// sends `success` for a 2xx answer (its JSON object's fields usable as `{result.<field>}`),
/// `notFound` for 404 (or `failure` when nil), and `failure` for anything else: other statuses,
/// timeouts, unreachable service, a body that is not JSON. POST, PUT and PATCH send the
/// intent's filled slots as a JSON object.
public struct DomainAction: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    public var name: String
    public var method: Method
    /// The URL with environment references resolved and slot placeholders still in it:
    /// "http://127.0.0.1:8089/orders/{order_number}".
    public var url: String
    /// The URL as written in domain.yml: "${ACME_ORDERS_URL:-http://127.0.0.1:8089}/orders/{order_number}".
    public var urlTemplate: String
    public var timeoutMilliseconds: Int
    public var success: String
    public var notFound: String?
    public var failure: String
    public var line: Int?

    /// Slots the URL needs, in order.
    public var urlSlots: [String] {
        ((try? ResponseTemplate.placeholders(in: url)) ?? []).map(\.name)
    }

    public init(name: String, method: Method = .get, url: String, urlTemplate: String? = nil, timeoutMilliseconds: Int = 3000,
                success: String, notFound: String? = nil, failure: String, line: Int? = nil) {
        self.name = name
        self.method = method
        self.url = url
        self.urlTemplate = urlTemplate ?? url
        self.timeoutMilliseconds = timeoutMilliseconds
        self.success = success
        self.notFound = notFound
        self.failure = failure
        self.line = line
    }
}
