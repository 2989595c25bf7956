import Hummingbird
import Logging

/// The per-request context: the request id and, once authenticated, who is calling.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var requestId: String = ""

    public init(source: Source) {
        coreContext = CoreRequestContextStorage(source: source)
    }

    /// Bodies are read by `BodyReader` with the configured limit; this is only a backstop.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }
}
