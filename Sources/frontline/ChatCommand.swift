import ArgumentParser
import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlineML

struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk to the assistant in the terminal, or script conversations with --json.",
        discussion: """
            Every message goes through the same engine and SQLite store as the server: it is stored \
            before the reply is printed, and a conversation can be resumed later with --conversation.
            Interactive commands: /new (a new conversation), /conversation ID, /channel NAME, \
            /customer ID, /event TYPE [page=P] [seconds=N] [cart=V] [error=TEXT], /prompt, /accept \
            (proactive chat: what the customer did, the opener the rules choose, its acceptance), /help, /quit.
            --json reads one customer message per line and prints one JSON object per line, the same \
            document the server answers to POST /v1/conversations/{id}/messages: {"conversation_id", \
            "replies": [{"text", "kind", "buttons"?, "article"?}], "status", "parse": {"intent", \
            "confidence", "out_of_scope", "slots"}, "handoff"? (the handoff document: "id", \
            "conversation_id", "customer_id", "channel", "created_at", "waited_seconds", "queue", "priority", \
            "priority_reasons", "position", "expected_wait_minutes", "summary", "slots", "transcript", \
            "other_channels"; see the README)}. A line that starts with "{" is read as a \
            message object {"text", "conversation_id"?, "channel"?, "customer_id"?, "message_id"?, \
            "metadata"?} whose fields override the flags for that line; a bad line prints \
            {"error": {"code", "message"}} and the conversation goes on.
            """)

    @Option(name: .long, help: "The assistant folder (domain.yml, nlu/, kb/, frustration/).")
    var data = "TrainingData"

    @Option(name: .long, help: "The model folder; trained from --data when missing.")
    var model = "Models/default"

    @Option(name: .long, help: "The SQLite database holding the conversations.")
    var db = "frontline.db"

    @Option(name: .long, help: "The conversation to talk in (default: a new one). Reuse an id to resume it.")
    var conversation: String?

    @Option(name: .long, help: "The channel messages arrive on.")
    var channel = "terminal"

    @Option(name: .long, help: "The customer's id; conversations of one customer share what the bot learnt.")
    var customer: String?

    @Flag(name: .long, help: "One customer message per stdin line in, one JSON object per line out.")
    var json = false

    @Flag(name: .long, help: "Show the bot's parse of each message (intent, confidence, slots).")
    var debug = false

    @Option(name: .long, help: "Pretend messages arrive at this time (YYYY-MM-DD[THH:MM]); relative dates resolve against it.")
    var now: String?

    @Option(name: .long, help: "Time zone for relative dates (default: the system's).")
    var timeZone: String?

    @Flag(name: .long, help: "Don't start the demo order service (\(DemoOrders.defaultURL)) even when ACME_ORDERS_URL is unset.")
    var noDemoOrders = false

    func run() async throws {
        let zone = try timeZone.map { name in
            guard let zone = TimeZone(identifier: name) else { throw ValidationError("--time-zone: unknown zone \(name)") }
            return zone
        } ?? .current
        let fixedNow = try now.map { _ in try Self.instant(referenceTime(now: now, timeZone: timeZone), in: zone) }
        if !noDemoOrders { DemoOrders.startIfWanted(data: data) }
        let assistant: Assistant
        do {
            assistant = try await Assistant.load(
                AssistantPaths(data: data, model: model, database: db),
                configuration: EngineConfiguration(timeZone: zone), progress: { note("  " + $0) })
        } catch let error as AssistantError {
            throw ValidationError(error.description)
        }
        for warning in assistant.warnings { note("warning: \(warning)") }
        var session = ChatSession(
            assistant: assistant, conversationId: conversation ?? ChatSession.newConversationId(),
            channel: channel, customerId: customer, fixedNow: fixedNow)
        if json {
            try await session.runJSON()
        } else {
            try await session.runInteractive(debug: debug)
        }
    }

    /// The instant a reference time names in `zone`.
    static func instant(_ reference: ReferenceTime, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(
            year: reference.date.year, month: reference.date.month, day: reference.date.day,
            hour: reference.time.hour, minute: reference.time.minute)
        return calendar.date(from: components) ?? Date()
    }

}
