import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlineML

/// The conversation `frontline chat` is having: who is talking, on which channel, and how
/// each line is sent to the engine and shown.
struct ChatSession {
    let assistant: Assistant
    var conversationId: String
    var channel: String
    var customerId: String?
    /// When set, every message is stamped with this time (reproducible relative dates).
    let fixedNow: Date?
    private var messageCount = 0
    /// The opener `/prompt` offered last, for `/accept`.
    private var offeredPrompt: ProactivePrompt?

    init(assistant: Assistant, conversationId: String, channel: String, customerId: String?, fixedNow: Date?) {
        self.assistant = assistant
        self.conversationId = conversationId
        self.channel = channel
        self.customerId = customerId
        self.fixedNow = fixedNow
    }

    static func newConversationId() -> String {
        "chat-" + UUID().uuidString.prefix(8).lowercased()
    }

    // MARK: - Scripted (--json)

    /// One message per line in, one JSON document per line out; errors are reported per line.
    mutating func runJSON() async throws {
        let encoder = WireJSON.encoder()
        var lineNumber = 0
        while let line = readLine() {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let document: Data
            do {
                let incoming = try message(from: trimmed, line: lineNumber)
                let response = try await send(incoming)
                document = try encoder.encode(response)
            } catch {
                document = Self.errorDocument(error, line: lineNumber)
            }
            FileHandle.standardOutput.write(document + Data("\n".utf8))
        }
    }

    /// A plain line is the customer's text; a line starting with "{" is a message object.
    private func message(from line: String, line number: Int) throws -> IncomingMessage {
        guard line.hasPrefix("{") else { return incoming(text: line) }
        let input: ChatInput
        do {
            input = try WireJSON.decoder().decode(ChatInput.self, from: Data(line.utf8))
        } catch {
            throw ChatLineError(
                code: "invalid_json",
                message: "line \(number): expected {\"text\", \"conversation_id\"?, \"channel\"?, \"customer_id\"?, \"message_id\"?, \"metadata\"?}: \(Self.describe(error))")
        }
        guard !input.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ChatLineError(code: "empty_text", message: "line \(number): \"text\" is empty")
        }
        var message = incoming(text: input.text)
        if let id = input.conversationId { message.conversationId = id }
        if let channel = input.channel { message.channel = channel }
        if let customer = input.customerId { message.customerId = customer }
        message.clientMessageId = input.messageId
        message.context = input.metadata ?? [:]
        return message
    }

    private func incoming(text: String) -> IncomingMessage {
        IncomingMessage(
            conversationId: conversationId, channel: channel, customerId: customerId, text: text,
            receivedAt: fixedNow ?? Date())
    }

    private func send(_ incoming: IncomingMessage) async throws -> MessageResponse {
        try await assistant.response(to: assistant.engine.handle(incoming))
    }

    private static func errorDocument(_ error: any Error, line: Int) -> Data {
        let (code, message) = (error as? ChatLineError).map { ($0.code, $0.message) }
            ?? ("engine_error", "line \(line): \(describe(error))")
        let body = ["error": ["code": code, "message": message]]
        return (try? WireJSON.encoder().encode(body)) ?? Data(#"{"error":{"code":"engine_error"}}"#.utf8)
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DecodingError { return WireJSON.describe(error) }
        return String(describing: error)
    }

    // MARK: - Interactive

    mutating func runInteractive(debug: Bool) async throws {
        let terminal = isatty(STDIN_FILENO) == 1
        print("Frontline chat: conversation \(conversationId) on \(channel)\(customerId.map { " as customer \($0)" } ?? ""). /help for commands, Ctrl-D to leave.")
        while true {
            if terminal { print("you › ", terminator: ""); fflush(nil) }
            guard let line = readLine() else { break }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text.hasPrefix("/") {
                if !(await command(text)) { break }
                continue
            }
            do {
                let response = try await send(incoming(text: text))
                show(response, debug: debug)
            } catch {
                print("error: \(Self.describe(error))")
            }
        }
    }

    /// Handles a /command; false means leave.
    private mutating func command(_ line: String) async -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        switch parts[0] {
        case "/quit", "/exit": return false
        case "/new":
            conversationId = Self.newConversationId()
            print("new conversation \(conversationId)")
        case "/conversation" where argument != nil:
            conversationId = argument!
            print("conversation \(conversationId)")
        case "/channel" where argument != nil:
            channel = argument!
            conversationId = Self.newConversationId()
            print("now on \(channel) in a new conversation \(conversationId)")
        case "/customer":
            customerId = argument
            print(argument.map { "customer \($0)" } ?? "anonymous customer")
        case "/event", "/prompt", "/accept":
            do {
                try await proactive(parts[0], argument)
            } catch {
                print("error: \(Self.describe(error))")
            }
        default:
            print("""
                /new                 start a new conversation
                /conversation ID     switch to (or resume) a conversation
                /channel NAME        switch channel (a new conversation, same customer)
                /customer [ID]       set or clear the customer id
                /event TYPE [page=P] [seconds=N] [cart=V] [error=TEXT]
                                     report what the customer did (page_view, cart, error), as a chat server would
                /prompt              ask whether the bot should open a chat now, and with what
                /accept              the customer accepts that opener in this conversation
                /quit                leave (or Ctrl-D)
                """)
        }
        return true
    }

    /// Proactive chat from the terminal: the events a chat server would report, the opener the
    /// rules choose, and its acceptance (the customer's next line then continues that topic).
    private mutating func proactive(_ command: String, _ argument: String?) async throws {
        guard let store = assistant.store as? any ProactiveStore else {
            print("proactive chat needs a store that keeps customer events and prompts")
            return
        }
        guard let customerId else {
            print("proactive chat needs a customer: /customer ID first")
            return
        }
        let prompter = ProactivePrompter(engine: assistant.engine, store: store)
        switch command {
        case "/event":
            var words = (argument ?? "").split(separator: " ").map(String.init)
            guard !words.isEmpty, CustomerEvent.kinds.contains(words[0]) else {
                print("usage: /event \(CustomerEvent.kinds.joined(separator: "|")) [page=P] [seconds=N] [cart=V] [error=TEXT]")
                return
            }
            let kind = words.removeFirst()
            var fields: [String: String] = [:]
            for word in words {
                let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else { print("expected key=value, found \(word)"); return }
                fields[pair[0]] = pair[1]
            }
            let event = CustomerEvent(
                customerId: customerId, kind: kind, page: fields["page"], seconds: fields["seconds"].flatMap(Double.init),
                cartValue: fields["cart"].flatMap(Double.init), detail: fields["error"], at: fixedNow ?? Date())
            try await prompter.record(event)
            print("recorded \(kind) for customer \(customerId)")
        case "/prompt":
            switch try await prompter.prompt(customerId: customerId) {
            case .success(let prompt):
                offeredPrompt = prompt
                print("the bot would open with: \"\(prompt.text)\" (rule \(prompt.rule), about \(prompt.intent)); /accept opens it")
            case .failure(let silence):
                offeredPrompt = nil
                print("no opener now: \(silence.reason.rawValue)")
            }
        default:
            guard let prompt = offeredPrompt else {
                print("nothing offered: /prompt first")
                return
            }
            let conversation = try await prompter.accept(
                promptId: prompt.id, customerId: customerId, conversationId: conversationId, channel: channel)
            offeredPrompt = nil
            print("bot › \(prompt.text)")
            print("  (conversation \(conversation.id) is about \(prompt.intent) now)")
        }
    }

    private func show(_ response: MessageResponse, debug: Bool) {
        if debug, let parse = response.parse {
            let slots = parse.slots.map { "\($0.slot)=\($0.value)" }.joined(separator: ", ")
            print("  · \(parse.intent) \(String(format: "%.2f", parse.confidence))\(parse.outOfScope ? " (out of scope)" : "")"
                + (slots.isEmpty ? "" : " · \(slots)") + " · status \(response.status)")
        }
        for reply in response.replies {
            print("bot › \(reply.text)")
            if let article = reply.article {
                print("      → \(article.title)\(article.url.map { " <\($0)>" } ?? "")")
            }
            if let buttons = reply.buttons, !buttons.isEmpty {
                print("      " + buttons.map { "[\($0)]" }.joined(separator: " "))
            }
        }
        if let handoff = response.handoff {
            let place = handoff.position.map { ", place \($0)" } ?? ""
            print("  (handed to people: queue \(handoff.queue), priority \(handoff.priority)\(place), reason \(handoff.reason); "
                + "while waiting the bot only says where you are in the queue)")
        } else if response.replies.isEmpty, response.status != "bot" {
            print("  (the conversation is with people: status \(response.status); the message was stored for them)")
        }
    }
}

/// A message object on a --json line.
struct ChatInput: Decodable {
    var text: String
    var conversationId: String?
    var channel: String?
    var customerId: String?
    var messageId: String?
    var metadata: [String: String]?
}

struct ChatLineError: Error {
    let code: String
    let message: String
}
