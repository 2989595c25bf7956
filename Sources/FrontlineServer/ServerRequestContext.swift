import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The per-request context: the request id and, once authenticated, who is calling.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var requestId: String = ""
    /// Who the caller turned out to be, for the request's log line (see `CallerSlot`).
    let caller = CallerSlot()
    /// The peer's IP address (per-address limits such as new widget sessions).
    let clientAddress: String?

    public init(source: Source) {
        coreContext = CoreRequestContextStorage(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are read by `BodyReader` with the configured limit; this is only a backstop.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }
}

/// Written by the authenticator deep in the middleware chain, read by the request log line
/// outside it: contexts are values, so the outer middleware never sees the inner copy's
/// `principal`, but both copies share this one reference.
final class CallerSlot: Sendable {
    private let name = Mutex<String?>(nil)

    var value: String? { name.withLock { $0 } }
    func set(_ value: String) { name.withLock { $0 = value } }
}
