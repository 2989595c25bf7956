import ArgumentParser
import Foundation
import FrontlineAssistant
import FrontlineML
import FrontlinePostgres
import FrontlineServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the bot server: the chat server posts customer messages over HTTP and gets the answers.",
        discussion: """
            Configuration: defaults, then the YAML file (--config), then FRONTLINE_* environment variables,
            then these flags. With no API keys configured the server only listens on loopback.
            The default model is trained on first start when missing. See README, "Server".
            """)

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(name: .long, help: "The SQLite database file (default frontline.db), or postgres://USER[:PASSWORD]@HOST[:PORT]/DB for several replicas on PostgreSQL.")
    var db: String?

    @Option(name: .long, help: "The model folder (default Models/default; trained when missing).")
    var model: String?

    @Option(name: .long, help: "The assistant's data folder (default TrainingData).")
    var data: String?

    @Option(name: .long, help: "A YAML configuration file.")
    var config: String?

    @Flag(name: .long, help: "Check the configuration, print it (keys are counted, never shown) and exit.")
    var checkConfig = false

    @Flag(name: .long, help: "Don't start the demo order service (\(DemoOrders.defaultURL)) even when ACME_ORDERS_URL is unset.")
    var noDemoOrders = false

    func run() async throws {
        var configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.load(file: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("\(error)")
        }
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let db { configuration.database = db }
        if let model { configuration.model = model }
        if let data { configuration.data = data }
        let problems = configuration.problems()
        if checkConfig {
            print(configuration.summary)
            if problems.isEmpty {
                print("configuration OK")
                return
            }
        }
        guard problems.isEmpty else {
            FileHandle.standardError.write(Data(("frontline serve: invalid configuration:\n  " + problems.joined(separator: "\n  ") + "\n").utf8))
            throw ExitCode(2)
        }

        // One BLAS thread per process: requests run in parallel on their own.
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        CBLASMath.setThreads(1)

        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "frontline.server")
        if configuration.keys.isEmpty {
            logger.warning("no API keys configured: serving on loopback only, every caller has every role")
        }
        logger.info("loading the assistant", metadata: [
            "data": .string(configuration.data), "model": .string(configuration.model),
            "database": .string(PostgresLocation.redacted(configuration.database)),
        ])
        if !noDemoOrders { DemoOrders.startIfWanted(data: configuration.data) }
        let assistant = try await Assistant.load(
            AssistantPaths(data: configuration.data, model: configuration.model, database: configuration.database),
            progress: { logger.info("\($0)") })
        for warning in assistant.warnings { logger.warning("\(warning)") }
        let server = FrontlineServer(
            configuration: configuration, assistant: assistant, logger: logger,
            modelPollInterval: .milliseconds(Int64((configuration.modelPollSeconds * 1000).rounded())))
        let host = configuration.host
        let app = server.application { port in
            let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port.map(String.init) ?? "?")"
            logger.info("listening", metadata: ["address": .string(address), "chat": .string("\(address)/chat"), "desk": .string("\(address)/desk")])
        }
        try await app.runService()
        logger.info("stopped")
    }
}
