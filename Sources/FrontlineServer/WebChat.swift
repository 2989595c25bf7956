import Foundation
import FrontlineData
import FrontlineEngine
import Synchronization

/// What the web chat widget and the agents' desk need beyond the API: the session-token
/// key, the per-conversation wake-ups of event streams, the per-address limit on new
/// sessions and the pages themselves.
struct WebChat: Sendable {
    let settings: ServerConfiguration.WidgetSettings
    let notifier = ConversationNotifier()
    /// New sessions per client address.
    let sessionLimiter: RateLimiter
    /// How long one event stream stays open before the client reconnects (with
    /// `Last-Event-ID`, so nothing is lost): bounds the work a forgotten tab costs.
    let streamLifetime: Duration
    /// How often a stream looks for writes it was not woken for: every second when replicas
    /// share the store (another process's writes wake nobody here), every 5 s as a safety net
    /// on SQLite, where every write to a widget conversation goes through this process and
    /// wakes its streams. Each look is two or three small queries per open stream.
    let pollInterval: Duration
    private let keyring: WidgetKeyring
    /// The knowledge base's articles by id (article cards show their summary).
    let articles: [String: KnowledgeBaseArticle]

    init(
        settings: ServerConfiguration.WidgetSettings, store: any ServingStore, articles: [KnowledgeBaseArticle], streamLifetime: Duration
    ) {
        self.settings = settings
        self.articles = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.streamLifetime = streamLifetime
        pollInterval = store is any ConversationLocking ? .seconds(1) : .seconds(5)
        sessionLimiter = RateLimiter(rate: settings.sessionsPerMinute / 60, burst: max(1, settings.sessionsPerMinute / 2))
        keyring = WidgetKeyring(configured: settings.secret, store: store as? any SecretStore)
    }

    /// The token signer, its key read (or generated and stored) on first use.
    func tokens() async throws -> WidgetTokens { try await keyring.tokens() }
}

extension FrontlineServer {
    /// Widget event streams open now (0 once every client has gone).
    public func openEventStreams() -> Int { web.notifier.count }
}

/// The widget token key: the configured secret, else the one kept in the store (generated
/// by whichever replica asked first), else, for a store that keeps no secrets, one for
/// this process only.
final class WidgetKeyring: Sendable {
    private let configured: String?
    private let store: (any SecretStore)?
    private let loaded = Mutex<WidgetTokens?>(nil)

    init(configured: String?, store: (any SecretStore)?) {
        self.configured = configured
        self.store = store
    }

    func tokens() async throws -> WidgetTokens {
        if let tokens = loaded.withLock({ $0 }) { return tokens }
        let secret: String
        if let configured {
            secret = configured
        } else if let store {
            secret = try await store.sharedSecret(name: WidgetTokens.secretName, proposed: WidgetTokens.generateSecret())
        } else {
            secret = WidgetTokens.generateSecret()
        }
        return loaded.withLock { current in
            if let current { return current }
            let tokens = WidgetTokens(secret: secret)
            current = tokens
            return tokens
        }
    }
}
