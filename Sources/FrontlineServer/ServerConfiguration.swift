import Foundation
import FrontlinePostgres
import Yams

/// Everything `frontline serve` can be told: defaults, then the YAML file, then the
/// environment (`FRONTLINE_*`), then command-line flags, each overriding the one before.
public struct ServerConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database = "frontline.db"
    public var model = "Models/default"
    public var data = "TrainingData"
    public var keys = APIKeys()
    public var limits = Limits()
    public var webhook = WebhookSettings()
    public var chatwoot = ChatwootSettings()
    public var widget = WidgetSettings()
    public var logLevel = "info"
    /// How often the model watcher checks whether the model path now names another release
    /// (0: never; SIGHUP and POST /v1/admin/reload still reload).
    public var modelPollSeconds = 2.0

    public struct Limits: Sendable, Equatable {
        /// Largest request body accepted (413 above).
        public var maxBodyBytes = 64 * 1024
        /// Longest customer or agent message, in characters (422 above).
        public var maxTextLength = 4000
        /// Requests per second each API key may make on average (0: no limit; 429 above).
        public var ratePerSecond = 200.0
        /// Requests a key may make in a burst.
        public var rateBurst = 400.0
        /// Messages of one conversation waiting for their turn before 429.
        public var maxQueuedPerConversation = 32
        public init() {}
    }

    public struct WebhookSettings: Sendable, Equatable {
        /// Where new handoffs are POSTed (nil: kept in the outbox, not sent).
        public var url: String?
        public var timeoutSeconds = 5.0
        public var initialBackoffSeconds = 1.0
        public var maxBackoffSeconds = 300.0
        /// How often the outbox is polled when nothing nudges it.
        public var pollSeconds = 2.0
        public init() {}
    }

    public struct ChatwootSettings: Sendable, Equatable {
        /// e.g. https://app.chatwoot.com
        public var baseURL: String?
        /// The agent bot's access token (sent as `api_access_token`).
        public var apiToken: String?
        /// A secret the webhook URL carries as `?token=` (Chatwoot sends no auth header).
        public var webhookToken: String?
        public init() {}
    }

    /// The web chat widget (`/widget.js`, `/v1/widget/...`).
    public struct WidgetSettings: Sendable, Equatable {
        /// Origins (`https://shop.example`) whose pages may open widget sessions and call the
        /// widget API; the server's own pages (`/chat`) always may.
        public var origins: [String] = []
        /// The HMAC key of session tokens; nil: one generated once and kept in the database,
        /// so every replica and every restart agree.
        public var secret: String?
        /// How long a session token is valid (the widget renews it before it expires).
        public var tokenSeconds = 3600.0
        /// New sessions each client address may open per minute (and in a burst).
        public var sessionsPerMinute = 20.0
        public init() {}
    }

    public init() {}

    public var isLoopbackHost: Bool {
        ["127.0.0.1", "::1", "localhost", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    /// Problems that must stop the server from starting. Empty when all is well.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(0...65535).contains(port) { problems.append("port \(port) is not in 0...65535") }
        if PostgresLocation.isURL(database) {
            do { _ = try PostgresLocation(url: database) } catch { problems.append("database: \(error)") }
        }
        if keys.isEmpty && !isLoopbackHost {
            problems.append("no API keys are configured: refusing to listen on \(host) (only loopback is allowed without keys)")
        }
        problems += keys.problems()
        if limits.maxBodyBytes < 256 { problems.append("limits.max_body_bytes must be at least 256") }
        if !(modelPollSeconds >= 0) { problems.append("server.model_poll_seconds must not be negative") }
        if limits.maxTextLength < 1 { problems.append("limits.max_text_length must be positive") }
        if limits.ratePerSecond < 0 || limits.rateBurst < 0 { problems.append("limits.rate_per_second and rate_burst must not be negative") }
        if let url = webhook.url, !Self.isHTTPURL(url) { problems.append("handoff_webhook.url is not an http(s) URL: \(url)") }
        if webhook.initialBackoffSeconds <= 0 || webhook.maxBackoffSeconds < webhook.initialBackoffSeconds || webhook.timeoutSeconds <= 0 {
            problems.append("handoff_webhook: timeout and backoffs must be positive, max_backoff ≥ initial_backoff")
        }
        if let base = chatwoot.baseURL {
            if !Self.isHTTPURL(base) { problems.append("chatwoot.base_url is not an http(s) URL: \(base)") }
            if chatwoot.apiToken?.isEmpty ?? true { problems.append("chatwoot.base_url is set but chatwoot.api_token is not") }
        }
        problems += widget.problems()
        return problems
    }

    static func isHTTPURL(_ string: String) -> Bool {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// A description for `--check-config` and the start-up log; keys are counted, never shown.
    public var summary: String {
        """
        listen: \(host):\(port)
        database: \(PostgresLocation.redacted(database))
        model: \(model) (\(modelPollSeconds > 0 ? "checked every \(modelPollSeconds) s" : "not polled") and on SIGHUP)
        data: \(data)
        keys: bot \(keys.bot.count), agent \(keys.agent.count), admin \(keys.admin.count)
        limits: body \(limits.maxBodyBytes) B, text \(limits.maxTextLength) chars, \(limits.ratePerSecond == 0 ? "no rate limit" : "\(limits.ratePerSecond)/s per key (burst \(limits.rateBurst))")
        handoff webhook: \(webhook.url ?? "none (handoffs stay in the outbox)")
        chatwoot: \(chatwoot.baseURL ?? "not configured")
        widget: origins \(widget.origins.isEmpty ? "this server only" : widget.origins.joined(separator: ", ")), secret \(widget.secret == nil ? "kept in the database" : "configured")
        """
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

// MARK: - Loading

extension ServerConfiguration {
    /// Defaults, overridden by the YAML file at `path` (when given), then by `environment`.
    public static func load(file path: String?, environment: [String: String]) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if let path {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigurationError("cannot read the configuration file \(path)")
            }
            try configuration.apply(yaml: text)
        }
        try configuration.apply(environment: environment)
        return configuration
    }

    mutating func apply(yaml text: String) throws {
        let file: ConfigFile
        do {
            file = try YAMLDecoder().decode(ConfigFile.self, from: text)
        } catch {
            throw ConfigurationError("invalid configuration file: \(error)")
        }
        if let v = file.server?.host { host = v }
        if let v = file.server?.port { port = v }
        if let v = file.server?.logLevel { logLevel = v }
        if let v = file.server?.modelPollSeconds { modelPollSeconds = v }
        if let v = file.paths?.database { database = v }
        if let v = file.paths?.model { model = v }
        if let v = file.paths?.data { data = v }
        if let v = file.keys?.bot { keys.bot = v }
        if let v = file.keys?.agent { keys.agent = v }
        if let v = file.keys?.admin { keys.admin = v }
        if let v = file.limits?.maxBodyBytes { limits.maxBodyBytes = v }
        if let v = file.limits?.maxTextLength { limits.maxTextLength = v }
        if let v = file.limits?.ratePerSecond { limits.ratePerSecond = v }
        if let v = file.limits?.rateBurst { limits.rateBurst = v }
        if let v = file.limits?.maxQueuedPerConversation { limits.maxQueuedPerConversation = v }
        if let v = file.handoffWebhook?.url { webhook.url = v }
        if let v = file.handoffWebhook?.timeoutSeconds { webhook.timeoutSeconds = v }
        if let v = file.handoffWebhook?.initialBackoffSeconds { webhook.initialBackoffSeconds = v }
        if let v = file.handoffWebhook?.maxBackoffSeconds { webhook.maxBackoffSeconds = v }
        if let v = file.chatwoot?.baseUrl { chatwoot.baseURL = v }
        if let v = file.chatwoot?.apiToken { chatwoot.apiToken = v }
        if let v = file.chatwoot?.webhookToken { chatwoot.webhookToken = v }
        if let v = file.server?.widget?.origins { widget.origins = v }
        if let v = file.server?.widget?.secret { widget.secret = v }
        if let v = file.server?.widget?.tokenSeconds { widget.tokenSeconds = v }
        if let v = file.server?.widget?.sessionsPerMinute { widget.sessionsPerMinute = v }
    }

    mutating func apply(environment env: [String: String]) throws {
        func string(_ name: String) -> String? {
            guard let value = env[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        func number<T: LosslessStringConvertible>(_ name: String, _: T.Type) throws -> T? {
            guard let raw = string(name) else { return nil }
            guard let value = T(raw) else { throw ConfigurationError("\(name) is not a number: \(raw)") }
            return value
        }
        func list(_ name: String) -> [String]? {
            string(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }
        if let v = string("FRONTLINE_HOST") { host = v }
        if let v = try number("FRONTLINE_PORT", Int.self) { port = v }
        if let v = string("FRONTLINE_DB") { database = v }
        if let v = string("FRONTLINE_MODEL") { model = v }
        if let v = string("FRONTLINE_DATA") { data = v }
        if let v = string("FRONTLINE_LOG_LEVEL") { logLevel = v }
        if let v = try number("FRONTLINE_MODEL_POLL_SECONDS", Double.self) { modelPollSeconds = v }
        if let v = list("FRONTLINE_BOT_KEYS") { keys.bot = v }
        if let v = list("FRONTLINE_AGENT_KEYS") { keys.agent = v }
        if let v = list("FRONTLINE_ADMIN_KEYS") { keys.admin = v }
        if let v = try number("FRONTLINE_MAX_BODY_BYTES", Int.self) { limits.maxBodyBytes = v }
        if let v = try number("FRONTLINE_MAX_TEXT_LENGTH", Int.self) { limits.maxTextLength = v }
        if let v = try number("FRONTLINE_RATE_PER_SECOND", Double.self) { limits.ratePerSecond = v }
        if let v = try number("FRONTLINE_RATE_BURST", Double.self) { limits.rateBurst = v }
        if let v = string("FRONTLINE_HANDOFF_WEBHOOK_URL") { webhook.url = v }
        if let v = try number("FRONTLINE_HANDOFF_WEBHOOK_INITIAL_BACKOFF", Double.self) { webhook.initialBackoffSeconds = v }
        if let v = try number("FRONTLINE_HANDOFF_WEBHOOK_MAX_BACKOFF", Double.self) { webhook.maxBackoffSeconds = v }
        if let v = string("FRONTLINE_CHATWOOT_URL") { chatwoot.baseURL = v }
        if let v = string("FRONTLINE_CHATWOOT_TOKEN") { chatwoot.apiToken = v }
        if let v = string("FRONTLINE_CHATWOOT_WEBHOOK_TOKEN") { chatwoot.webhookToken = v }
        if let v = list("FRONTLINE_WIDGET_ORIGINS") { widget.origins = v }
        if let v = string("FRONTLINE_WIDGET_SECRET") { widget.secret = v }
    }
}

/// The YAML file's shape (snake_case keys; every field optional).
private struct ConfigFile: Decodable {
    struct Server: Decodable {
        var host: String?
        var port: Int?
        var logLevel: String?
        var modelPollSeconds: Double?
        var widget: Widget?
        enum CodingKeys: String, CodingKey {
            case host, port, widget, logLevel = "log_level", modelPollSeconds = "model_poll_seconds"
        }
    }
    struct Widget: Decodable {
        var origins: [String]?
        var secret: String?
        var tokenSeconds: Double?
        var sessionsPerMinute: Double?
        enum CodingKeys: String, CodingKey {
            case origins, secret, tokenSeconds = "token_seconds", sessionsPerMinute = "sessions_per_minute"
        }
    }
    struct Paths: Decodable {
        var database: String?
        var model: String?
        var data: String?
    }
    struct Keys: Decodable {
        var bot: [String]?
        var agent: [String]?
        var admin: [String]?
    }
    struct Limits: Decodable {
        var maxBodyBytes: Int?
        var maxTextLength: Int?
        var ratePerSecond: Double?
        var rateBurst: Double?
        var maxQueuedPerConversation: Int?
        enum CodingKeys: String, CodingKey {
            case maxBodyBytes = "max_body_bytes", maxTextLength = "max_text_length", ratePerSecond = "rate_per_second"
            case rateBurst = "rate_burst", maxQueuedPerConversation = "max_queued_per_conversation"
        }
    }
    struct Webhook: Decodable {
        var url: String?
        var timeoutSeconds: Double?
        var initialBackoffSeconds: Double?
        var maxBackoffSeconds: Double?
        enum CodingKeys: String, CodingKey {
            case url, timeoutSeconds = "timeout_seconds", initialBackoffSeconds = "initial_backoff_seconds"
            case maxBackoffSeconds = "max_backoff_seconds"
        }
    }
    struct Chatwoot: Decodable {
        var baseUrl: String?
        var apiToken: String?
        var webhookToken: String?
        enum CodingKeys: String, CodingKey { case baseUrl = "base_url", apiToken = "api_token", webhookToken = "webhook_token" }
    }
    var server: Server?
    var paths: Paths?
    var keys: Keys?
    var limits: Limits?
    var handoffWebhook: Webhook?
    var chatwoot: Chatwoot?

    enum CodingKeys: String, CodingKey {
        case server, paths, keys, limits, chatwoot
        case handoffWebhook = "handoff_webhook"
    }
}
