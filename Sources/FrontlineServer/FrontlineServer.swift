import AsyncHTTPClient
import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlineStore
import Hummingbird
import Logging
import NIOCore

/// The HTTP server: a thin layer over the assistant's engine. Every customer message
/// goes through `answer`, whichever API it came in by (REST, Rasa, Chatwoot).
public struct FrontlineServer: Sendable {
    public let configuration: ServerConfiguration
    public let assistant: Assistant
    public let metrics: ServerMetrics
    public let outbox: HandoffOutbox
    /// Swaps in a newly promoted model (POST /v1/admin/reload, SIGHUP, the model watcher).
    public let reloader: ModelReloader
    /// Learns outcomes saved on other replicas (a store shared by several: PostgreSQL).
    public let outcomes: OutcomeFollower
    let modelPollInterval: Duration
    let serializer: ConversationSerializer
    let limiter: RateLimiter
    let body: BodyReader
    let validation: Validation
    let chatwoot: ChatwootClient?
    let logger: Logger
    /// The web chat widget's and the agents' desk's state (tokens, event streams, pages).
    let web: WebChat

    public init(
        configuration: ServerConfiguration, assistant: Assistant, httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "frontline.server"), modelPollInterval: Duration = .seconds(2),
        eventStreamLifetime: Duration = .seconds(300)
    ) {
        self.configuration = configuration
        self.assistant = assistant
        reloader = ModelReloader(assistant: assistant)
        outcomes = OutcomeFollower(engine: assistant.engine, feed: assistant.store as? any OutcomeFeed)
        self.modelPollInterval = modelPollInterval
        self.logger = logger
        let metrics = ServerMetrics()
        self.metrics = metrics
        outbox = HandoffOutbox(
            store: assistant.store, documents: assistant.handoffDocuments, settings: configuration.webhook, client: httpClient, metrics: metrics,
            logger: logger, clock: assistant.engine.configuration.clock)
        serializer = ConversationSerializer(maxQueued: configuration.limits.maxQueuedPerConversation)
        limiter = RateLimiter(rate: configuration.limits.ratePerSecond, burst: configuration.limits.rateBurst)
        body = BodyReader(maxBytes: configuration.limits.maxBodyBytes)
        validation = Validation(maxTextLength: configuration.limits.maxTextLength)
        web = WebChat(
            settings: configuration.widget, store: assistant.store, articles: assistant.domain.articles, streamLifetime: eventStreamLifetime)
        chatwoot = configuration.chatwoot.baseURL.flatMap { base in
            configuration.chatwoot.apiToken.map { ChatwootClient(baseURL: base, token: $0, client: httpClient, logger: logger) }
        }
    }

    var store: any ServingStore { assistant.store }
    var documents: HandoffDocuments { assistant.handoffDocuments }
    var engine: ConversationEngine { assistant.engine }

    /// Conversations with work running or waiting (0 when idle: entries are cleaned up).
    public func activeConversations() async -> Int { await serializer.activeCount }

    /// Answers one customer message, one at a time per conversation.
    func answer(_ incoming: IncomingMessage) async throws -> MessageResponse {
        try await serializer.run(incoming.conversationId) {
            try await acrossReplicas(incoming.conversationId) { try await answerNow(incoming) }
        }
    }

    /// Runs `body` holding the conversation's lock in the store when the store is shared
    /// by several replicas (PostgreSQL); the in-process serializer suffices otherwise.
    func acrossReplicas<T: Sendable>(_ conversationId: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let locking = store as? any ConversationLocking else { return try await body() }
        return try await locking.withConversationLock(conversationId, body)
    }

    private func answerNow(_ incoming: IncomingMessage) async throws -> MessageResponse {
        let start = ContinuousClock.now
        let reply = try await engine.handle(incoming)
        // Whichever way the message came (REST, Rasa, Chatwoot, the widget), the
        // conversation's open event streams see it at once.
        if !reply.duplicate { web.notifier.notify(incoming.conversationId) }
        let response = try await assistant.response(to: reply)
        if let handoff = response.handoff, !reply.duplicate { outbox.nudge(handoff) }
        metrics.message(
            intent: reply.duplicate ? nil : reply.parse?.intent,
            fallback: response.replies.contains { $0.kind == ReplyKind.fallback.rawValue },
            handoffReason: reply.duplicate ? nil : reply.handoff?.reason.rawValue, duplicate: reply.duplicate,
            duration: ContinuousClock.now - start)
        return response
    }

    /// The router with every endpoint. Tests drive it directly (`app.test(.router)`).
    public func router() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestMiddleware(metrics: metrics))
        addOpsRoutes(to: router)
        addConversationRoutes(to: router)
        addAgentRoutes(to: router)
        addProactiveRoutes(to: router)
        addAdminRoutes(to: router)
        addReportRoutes(to: router)
        addCompatibilityRoutes(to: router)
        addWidgetRoutes(to: router)
        addDeskRoutes(to: router)
        addWebPages(to: router)
        return router
    }

    func authenticator(_ roles: Set<Role>, queryToken: String? = nil) -> Authenticator {
        Authenticator(keys: configuration.keys, allowed: roles, limiter: limiter, queryToken: queryToken)
    }

    /// The application: the HTTP server plus the outbox delivery service, shut down
    /// gracefully (in-flight requests finish) on SIGTERM or SIGINT by `runService()`.
    public func application(onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in }) -> some ApplicationProtocol {
        var app = Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "frontline"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port) },
            logger: logger)
        // First in, last out: the store closes after the HTTP server has drained.
        app.addServices(StoreShutdown(store: store), outbox, ModelWatcher(server: self, interval: modelPollInterval))
        if let feed = store as? any OutcomeFeed {
            app.addServices(OutcomeFollowerService(follower: outcomes, feed: feed, interval: .seconds(1)))
        }
        if let releases = store as? any ModelReleaseStore {
            app.addServices(ReleaseFollowerService(server: self, releases: releases, interval: .seconds(2)))
        }
        return app
    }
}
