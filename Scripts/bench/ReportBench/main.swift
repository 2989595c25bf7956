// Generates a conversation database for the report benchmark (Scripts/bench/report.sh):
// the real schema (made by SQLiteStore), rows written with the stores' own JSON forms,
// a realistic mix over 60 days — channels, intents, forms started / completed / asked
// again / abandoned, knowledge-base answers with yes / no follow-ups, handoffs for every
// reason with their transcripts, agents' outcomes and three model releases.
//
//   swift run -c release bench-report --db PATH [--messages 1000000] [--seed 1]
//   swift run -c release bench-report --db PATH --report DIR [--runs 3] [--since D] [--until D] [--channel C]
//
// The second form times the report itself (open the store, read, compute, write both
// files) through the same library calls as `frontline report conversations`.
//
// Deterministic: the same seed gives the same database. Written in one transaction with
// synchronous=OFF (it is a fixture, not customer data).
import Foundation
import FrontlineEngine
import FrontlineInsights
import FrontlineStore
import GRDB

struct Settings {
    var database = ""
    var messages = 1_000_000
    var seed: UInt64 = 1
    var report: String?
    var runs = 3
    var since: String?
    var until: String?
    var channel: String?
}

func parseArguments() -> Settings? {
    var settings = Settings()
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        switch argument {
        case "--db":
            guard let value = arguments.next() else { return nil }
            settings.database = value
        case "--messages":
            guard let value = arguments.next().flatMap(Int.init), value > 0 else { return nil }
            settings.messages = value
        case "--report":
            guard let value = arguments.next() else { return nil }
            settings.report = value
        case "--runs":
            guard let value = arguments.next().flatMap(Int.init), value > 0 else { return nil }
            settings.runs = value
        case "--since":
            settings.since = arguments.next()
        case "--until":
            settings.until = arguments.next()
        case "--channel":
            settings.channel = arguments.next()
        case "--seed":
            guard let value = arguments.next().flatMap(UInt64.init) else { return nil }
            settings.seed = value
        default:
            return nil
        }
    }
    return settings.database.isEmpty ? nil : settings
}

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    mutating func weighted<T>(_ items: [(T, Double)]) -> T {
        var r = unit() * items.reduce(0) { $0 + $1.1 }
        for (item, weight) in items {
            r -= weight
            if r < 0 { return item }
        }
        return items[items.count - 1].0
    }
}

/// Writes one conversation's rows as the engine would have.
struct ConversationWriter {
    let db: Database
    let id: String
    let channel: String
    var time: Int64
    var sequence = 0
    var transcript: [Message] = []
    var written = 0

    init(db: Database, id: String, channel: String, start: Int64) throws {
        self.db = db
        self.id = id
        self.channel = channel
        time = start
        try db.execute(
            sql: """
                INSERT INTO conversations (id, channel, customer_id, status, created_at, updated_at, revision, last_sequence, state_version, state)
                VALUES (?, ?, ?, 'bot', ?, ?, 0, 0, 1, '{}')
                """,
            arguments: [id, channel, "cust-\(id)", start, start])
    }

    static let intents = ["order_status", "address_change", "return_request", "refund_lookup", "product_info", "password_reset",
                          "greet", "thanks", "affirm", "deny", "human_request", "complaint"]

    mutating func customer(_ text: String, intent: String, confidence: Double, outOfScope: Bool = false, random: inout Random) throws -> Int {
        time += Int64(5_000 + random.below(60_000))
        sequence += 1
        var ranking = [ParsedIntent(name: intent, confidence: confidence)]
        for other in Self.intents where other != intent && ranking.count < 5 {
            ranking.append(ParsedIntent(name: other, confidence: (1 - confidence) / 4))
        }
        let parse = MessageParse(
            intent: intent, confidence: confidence, ranking: ranking, outOfScope: outOfScope,
            slots: intent == "order_status" && text.contains("A-")
                ? [ParsedSlot(slot: "order_number", value: "A-12345", raw: "A-12345", start: 18, end: 25, confidence: 0.97)] : [],
            entities: [])
        try insert(role: .customer, text: text, parse: parse, details: nil, replyTo: nil)
        return sequence
    }

    mutating func bot(_ text: String, kind: ReplyKind, article: String? = nil, replyTo: Int) throws {
        time += 300
        sequence += 1
        let details = ReplyDetails(
            kind: kind, buttons: kind == .question && article != nil ? ["Yes", "No"] : nil,
            article: article.map { ArticleReference(id: $0, title: "How \($0) works", url: "https://help.example/\($0)") })
        try insert(role: .bot, text: text, parse: nil, details: details, replyTo: replyTo)
    }

    private mutating func insert(role: MessageRole, text: String, parse: MessageParse?, details: ReplyDetails?, replyTo: Int?) throws {
        let message = Message(
            conversationId: id, sequence: sequence, role: role, text: text, channel: channel,
            createdAt: Date(timeIntervalSince1970: Double(time) / 1000), parse: parse, replyTo: replyTo, details: details)
        try db.execute(
            sql: """
                INSERT INTO messages (conversation_id, sequence, role, text, channel, created_at, parse, client_message_id, reply_to, answered, details)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, sequence, role.rawValue, text, channel, time, try parse.map(StoreJSON.encode), "m-\(id)-\(sequence)",
                        replyTo, role == .customer ? 1 : 0, try details.map(StoreJSON.encode)])
        transcript.append(message)
        written += 1
    }

    func event(_ kind: TurnEventKind, _ subject: String, slot: String? = nil, at turn: Int) throws {
        try db.execute(
            sql: "INSERT INTO turn_events (conversation_id, sequence, kind, subject, slot, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, turn, kind.rawValue, subject, slot, time])
    }

    /// A handoff with its transcript, and where it went afterwards.
    func handoff(reason: String, queue: String, random: inout Random) throws -> HandoffStatus {
        let status = random.weighted([(HandoffStatus.closed, 0.7), (.returned, 0.1), (.open, 0.1), (.accepted, 0.1)])
        try db.execute(
            sql: """
                INSERT INTO handoffs (id, conversation_id, reason, queue, summary, slots, transcript, status, agent_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)
                """,
            arguments: ["h-\(id)", id, reason, queue, "Customer needs help (\(reason)).", try StoreJSON.encode(transcript),
                        status.rawValue, status == .open ? nil : "agent-\(random.below(40))", time, time + 600_000])
        try db.execute(
            sql: "UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?",
            arguments: [status.conversationStatus.rawValue, time + 600_000, id])
        return status
    }
}

func generate(_ settings: Settings) throws {
    // The real schema, migrated by the store itself.
    try SQLiteStore(path: settings.database).close()
    var configuration = Configuration()
    configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000") }
    let queue = try DatabaseQueue(path: settings.database, configuration: configuration)
    var random = Random(state: settings.seed)
    let start: Int64 = 1_788_220_800_000  // 2026-09-01T00:00:00Z
    let span: Int64 = 60 * 86_400_000
    let channels: [(String, Double)] = [("web", 0.6), ("whatsapp", 0.25), ("sms", 0.15)]
    let articles = ["returns", "refunds", "shipping-times", "password-reset", "warranty", "gift-cards", "sizes", "delivery-areas"]
    var messages = 0, conversations = 0, outcomes = 0
    var releases: [(Int64, Int)] = []
    let releaseTimes = [start + span / 4, start + span / 2, start + 3 * span / 4]

    try queue.inTransaction { db in
        var nextRelease = 0
        while messages < settings.messages {
            // Conversations start in time order, so releases see the outcomes before them.
            let at = start + Int64(Double(span) * Double(messages) / Double(settings.messages))
            while nextRelease < releaseTimes.count, at >= releaseTimes[nextRelease] {
                releases.append((releaseTimes[nextRelease], outcomes))
                nextRelease += 1
            }
            conversations += 1
            var c = try ConversationWriter(db: db, id: "bench-\(conversations)", channel: random.weighted(channels), start: at)
            let greeting = random.chance(0.3)
            if greeting {
                let s = try c.customer(random.pick(["hi", "hello there", "good morning"]), intent: "greet", confidence: 0.95, random: &random)
                try c.bot("Hello! How can I help?", kind: .text, replyTo: s)
            }
            var handedOff: String?
            switch random.weighted([("order", 0.35), ("kb", 0.2), ("address", 0.12), ("human", 0.1), ("oos", 0.13), ("frustrated", 0.05), ("chat", 0.05)]) {
            case "order":
                let s = try c.customer("where is my order", intent: "order_status", confidence: 0.6 + random.unit() * 0.4, random: &random)
                try c.event(.formStarted, "order_lookup", at: s)
                try c.bot("What is your order number?", kind: .question, replyTo: s)
                if random.chance(0.15) {
                    let again = try c.customer("it's the blue one", intent: "order_status", confidence: 0.5, random: &random)
                    try c.event(.slotReasked, "order_lookup", slot: "order_number", at: again)
                    try c.bot("Could you give me the order number, like A-12345?", kind: .question, replyTo: again)
                }
                if random.chance(0.1) { break }  // abandoned
                let n = try c.customer("A-\(10_000 + random.below(90_000))", intent: "order_status", confidence: 0.8, random: &random)
                try c.event(.slotFilled, "order_lookup", slot: "order_number", at: n)
                try c.event(.formCompleted, "order_lookup", at: n)
                try c.bot("Your order has shipped and arrives on Friday.", kind: .action, replyTo: n)
            case "kb":
                let article = random.pick(articles)
                let s = try c.customer("how do \(article) work", intent: "product_info", confidence: 0.55 + random.unit() * 0.45, random: &random)
                try c.bot("Here is what I found: How \(article) works", kind: .article, article: article, replyTo: s)
                try c.bot("Did that answer your question?", kind: .question, article: article, replyTo: s)
                switch random.weighted([("yes", 0.6), ("no", 0.3), ("none", 0.1)]) {
                case "yes":
                    let y = try c.customer("yes thanks", intent: "affirm", confidence: 0.95, random: &random)
                    try c.event(.articleHelpful, article, at: y)
                    try c.bot("Glad I could help!", kind: .text, replyTo: y)
                case "no":
                    let no = try c.customer("no", intent: "deny", confidence: 0.93, random: &random)
                    try c.event(.articleNotHelpful, article, at: no)
                    try c.bot("Sorry about that. Shall I connect you with a person?", kind: .fallback, replyTo: no)
                    if random.chance(0.5) {
                        let y = try c.customer("yes please", intent: "affirm", confidence: 0.95, random: &random)
                        try c.bot("Connecting you with a person; the wait is about 5 minutes.", kind: .handoff, replyTo: y)
                        handedOff = "kb_misses"
                    }
                default:
                    break
                }
            case "address":
                let s = try c.customer("I need to change my delivery address", intent: "address_change", confidence: 0.7 + random.unit() * 0.3, random: &random)
                try c.event(.formStarted, "address_change", at: s)
                try c.bot("Which order is it about?", kind: .question, replyTo: s)
                if random.chance(0.12) {
                    try c.event(.formLeft, "address_change", at: s)
                    break
                }
                let n = try c.customer("A-\(10_000 + random.below(90_000))", intent: "address_change", confidence: 0.6, random: &random)
                try c.event(.slotFilled, "address_change", slot: "order_number", at: n)
                try c.bot("What is the new address?", kind: .question, replyTo: n)
                let a = try c.customer("12 High Street, Leeds", intent: "address_change", confidence: 0.5, random: &random)
                try c.event(.slotFilled, "address_change", slot: "delivery_address", at: a)
                try c.event(.formCompleted, "address_change", at: a)
                try c.bot("A colleague will change it; connecting you now.", kind: .handoff, replyTo: a)
                handedOff = "human_only"
            case "human":
                let s = try c.customer("I want to talk to a human", intent: "human_request", confidence: 0.9, random: &random)
                try c.bot("Connecting you with a person.", kind: .handoff, replyTo: s)
                handedOff = "human_request"
            case "oos":
                let texts = ["what's the weather like", "tell me a joke", "can you book a flight", "asdf", "who won the match yesterday"]
                for attempt in 0..<2 {
                    let s = try c.customer(random.pick(texts), intent: "out_of_scope", confidence: 0.1 + random.unit() * 0.3, outOfScope: true, random: &random)
                    if attempt == 1, random.chance(0.5) {
                        try c.bot("Connecting you with a person.", kind: .handoff, replyTo: s)
                        handedOff = "fallbacks"
                    } else {
                        try c.bot("Sorry, I didn't get that. Could you rephrase?", kind: .fallback, replyTo: s)
                    }
                }
            case "frustrated":
                let s = try c.customer("this is useless, nothing works!!", intent: "complaint", confidence: 0.3 + random.unit() * 0.3, random: &random)
                try c.bot("I'm sorry. Connecting you with a person.", kind: .handoff, replyTo: s)
                handedOff = "frustration"
            default:
                let s = try c.customer("thanks", intent: "thanks", confidence: 0.9, random: &random)
                try c.bot("You're welcome!", kind: .text, replyTo: s)
            }
            if let reason = handedOff {
                let queue = reason == "human_only" ? "orders" : random.pick(["support", "support", "billing"])
                let status = try c.handoff(reason: reason, queue: queue, random: &random)
                if status == .returned {
                    let s = try c.customer("ok thanks", intent: "thanks", confidence: 0.9, random: &random)
                    try c.bot("You're welcome!", kind: .text, replyTo: s)
                }
                if status == .closed || status == .returned, random.chance(0.6) {
                    let corrected = random.chance(0.2)
                    let corrections = corrected ? [TurnCorrection(sequence: 1, text: "where is my order", intent: "order_status")] : []
                    try db.execute(
                        sql: "INSERT INTO outcomes (conversation_id, corrections, resolution, kb_article_id, bot_was_right, agent_id, created_at) VALUES (?, ?, 'resolved', NULL, ?, 'agent-1', ?)",
                        arguments: [c.id, try StoreJSON.encode(corrections), random.chance(0.7), c.time + 900_000])
                    outcomes += 1
                }
            }
            try db.execute(sql: "UPDATE conversations SET last_sequence = ? WHERE id = ?", arguments: [c.sequence, c.id])
            messages += c.written
        }
        for (n, release) in releases.enumerated() {
            try db.execute(
                sql: "INSERT INTO model_releases (name, promoted_at, last_outcome_id) VALUES (?, ?, ?)",
                arguments: ["model-bench-\(n + 1)", release.0, release.1])
        }
        return .commit
    }
    try queue.close()
    print("wrote \(settings.database): \(conversations) conversations, \(messages) messages, \(outcomes) outcomes, \(releases.count) releases")
}

guard let settings = parseArguments() else {
    FileHandle.standardError.write(Data("usage: bench-report --db PATH [--messages N] [--seed S]\n".utf8))
    exit(2)
}
/// Times the whole report `runs` times; prints each run and the best and median, in seconds.
func timeReport(_ settings: Settings, to folder: String) async throws {
    let range = try ReportRange(since: settings.since, until: settings.until, channel: settings.channel)
    var seconds: [Double] = []
    var summary = ""
    for _ in 0..<settings.runs {
        let started = ContinuousClock.now
        let store = try SQLiteStore(path: settings.database)
        let report = try await ConversationInsights.report(from: store, range: range)
        try ConversationInsights.write(report, to: URL(fileURLWithPath: folder))
        try store.close()
        let elapsed = ContinuousClock.now - started
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        summary = "\(report.overall.conversations) conversations, \(report.overall.customerMessages) customer messages"
    }
    let sorted = seconds.sorted()
    print(String(format: "report over %@: best %.2f s, median %.2f s (runs: %@)", summary, sorted[0], sorted[sorted.count / 2],
                 seconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
}

do {
    if let folder = settings.report {
        try await timeReport(settings, to: folder)
    } else {
        try generate(settings)
    }
} catch {
    FileHandle.standardError.write(Data("bench-report: \(error)\n".utf8))
    exit(1)
}
