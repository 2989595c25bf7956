import Foundation
import FrontlineEngine

// The JSON the chat server sees. `frontline chat --json` prints the same documents, so
// scripts written against one work against the other. Keys are snake_case (see `WireJSON`).

/// The answer to one customer message.
public struct MessageResponse: Codable, Sendable, Hashable {
    public var conversationId: String
    public var replies: [ReplyBody]
    /// `bot`, `handoff`, `agent` or `closed`: who is in charge now.
    public var status: String
    public var parse: ParseBody?
    /// Present when this message handed the conversation to people.
    public var handoff: HandoffBody?
    /// True when the message was a retry of one already answered (same `message_id`).
    public var duplicate: Bool?

    /// `handoff`: the document of the handoff this message created (or, for a retry, the one
    /// its original created), from `HandoffDocuments`.
    public init(_ reply: EngineReply, handoff: HandoffBody?) {
        conversationId = reply.conversationId
        replies = reply.messages.map(ReplyBody.init)
        status = reply.status.rawValue
        parse = reply.parse.map(ParseBody.init)
        self.handoff = handoff
        duplicate = reply.duplicate ? true : nil
    }
}

public struct ReplyBody: Codable, Sendable, Hashable {
    public var text: String
    /// `text`, `question`, `article`, `action`, `fallback`, `handoff` or `waiting`.
    public var kind: String
    public var buttons: [String]?
    public var article: ArticleBody?

    public init(_ message: Message) {
        text = message.text
        kind = (message.details?.kind ?? .text).rawValue
        buttons = message.details?.buttons
        article = message.details?.article.map { ArticleBody(id: $0.id, title: $0.title, url: $0.url) }
    }
}

public struct ArticleBody: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    public var url: String?
}

public struct ParseBody: Codable, Sendable, Hashable {
    public var intent: String
    public var confidence: Double
    public var outOfScope: Bool
    public var slots: [SlotBody]
    /// True when what agents taught since the model was trained changed the intent or its confidence.
    public var learnedFromOutcomes: Bool

    public init(_ parse: MessageParse) {
        intent = parse.intent
        confidence = parse.confidence
        outOfScope = parse.outOfScope
        slots = parse.slots.map { SlotBody(slot: $0.slot, value: $0.value, raw: $0.raw, confidence: $0.confidence) }
        learnedFromOutcomes = parse.learnedFromOutcomes
    }

    enum CodingKeys: String, CodingKey {
        case intent, confidence, outOfScope, slots, learnedFromOutcomes
    }

    /// Documents from servers without the field decode with it false.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        intent = try c.decode(String.self, forKey: .intent)
        confidence = try c.decode(Double.self, forKey: .confidence)
        outOfScope = try c.decode(Bool.self, forKey: .outOfScope)
        slots = try c.decode([SlotBody].self, forKey: .slots)
        learnedFromOutcomes = try c.decodeIfPresent(Bool.self, forKey: .learnedFromOutcomes) ?? false
    }
}

public struct SlotBody: Codable, Sendable, Hashable {
    public var slot: String
    public var value: String
    public var raw: String
    public var confidence: Double
}

/// The handoff document: everything an agent (or a helpdesk built on the API) needs to
/// pick the conversation up. The message response, the agents' queue, the webhook, the
/// conversation endpoint and `frontline chat --json` all carry this one document, built by
/// `HandoffDocuments`.
public struct HandoffBody: Codable, Sendable, Hashable {
    public var id: String
    public var conversationId: String
    public var customerId: String?
    /// The channel of the conversation handed over.
    public var channel: String
    public var createdAt: Date
    /// How long the customer has waited for a person: until now while open, until an agent
    /// accepted once accepted.
    public var waitedSeconds: Int
    public var reason: String
    public var queue: String
    /// Higher is served first; `priority_reasons` says why.
    public var priority: Int
    public var priorityReasons: [String]
    public var summary: String
    /// `open`, `accepted`, `returned` or `closed`.
    public var status: String
    public var agentId: String?
    public var acceptedAt: Date?
    /// While open: the place in the queue (1 = next) and the expected wait from there.
    public var position: Int?
    public var expectedWaitMinutes: Int?
    public var slots: [String: String]
    /// Every message of the conversation up to the handoff, with the bot's parse of each customer turn.
    public var transcript: [TranscriptEntry]
    /// The same customer's recent messages in their other conversations (other channels), oldest first.
    public var otherChannels: [TranscriptEntry]

    public init(
        _ record: Handoff, customerId: String?, channel: String, now: Date, wait: QueueWait?, otherChannels: [Message]
    ) {
        id = record.id
        conversationId = record.conversationId
        self.customerId = customerId
        self.channel = channel
        createdAt = record.createdAt
        waitedSeconds = Int(record.waited(now: now).rounded(.down))
        reason = record.reason
        queue = record.queue
        priority = record.priority
        priorityReasons = record.priorityReasons
        summary = record.summary
        status = record.status.rawValue
        agentId = record.agentId
        acceptedAt = record.acceptedAt
        position = wait?.position
        expectedWaitMinutes = wait?.expectedWaitMinutes
        slots = record.slots
        transcript = record.transcript.map(TranscriptEntry.init)
        self.otherChannels = otherChannels.map(TranscriptEntry.init)
    }
}

public struct TranscriptEntry: Codable, Sendable, Hashable {
    public var sequence: Int
    /// `customer`, `bot`, `agent` or `system`.
    public var role: String
    public var text: String
    public var channel: String
    public var at: Date
    public var parse: ParseBody?
    public var kind: String?

    public init(_ message: Message) {
        sequence = message.sequence
        role = message.role.rawValue
        text = message.text
        channel = message.channel
        at = message.createdAt
        parse = message.parse.map(ParseBody.init)
        kind = message.details?.kind.rawValue
    }
}

/// Encoders and decoders for the wire: snake_case keys, ISO 8601 times, sorted keys
/// (stable output for scripts and diffs).
public enum WireJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// What is wrong with a document, by its path ("missing field handoff.id", "wrong type at
    /// text"): the one wording the HTTP API's 422s and `frontline chat --json` share.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the document" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing field \(parent == "the document" ? key.stringValue : parent + "." + key.stringValue)"
        case .typeMismatch(_, let context): return "wrong type at \(path(context))"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .dataCorrupted(let context): return "invalid value at \(path(context))"
        @unknown default: return "invalid document"
        }
    }
}
