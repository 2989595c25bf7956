import Foundation
import FrontlineTestFiles
import FrontlineData
import FrontlineEngine
import FrontlineTestSupport
import FrontlineML

/// The shipped assistant (TrainingData/ and Models/default), loaded once for all tests.
enum Assistant {
    static let root = PackageRoot.url

    static let domain: Domain = {
        // Tests must not depend on the developer's environment for action URLs.
        try! DomainLoader.load(path: root.appendingPathComponent("TrainingData").path, environment: [:])
    }()

    static let model: NLUModel = {
        try! NLUModelFile.load(from: root.appendingPathComponent("Models/default")).0
    }()

    static let frustration: FrustrationDetector = {
        try! FrustrationDetector.train(path: root.appendingPathComponent("TrainingData/frustration").path)
    }()

    /// The first of `candidates` the shipped model reads as in scope but below the domain's
    /// low-confidence bar: the policy tests for unsure turns need such a message, and which
    /// wording is unsure depends on the model (with the sentence encoder "hmm" is a confident
    /// out-of-scope filler, with n-grams alone an unsure guess). Nil when none is.
    static func unsure(_ candidates: [String]) -> String? {
        candidates.first { text in
            let parse = MessageParse(model.parse(text))
            return !parse.outOfScope && parse.confidence < domain.escalation.lowConfidence
        }
    }

    static func engine(
        store: any ConversationStore = InMemoryConversationStore(), knowledgeBase: (any KnowledgeBaseIndex)? = nil,
        actions: any ActionRunner = FakeOrderService()
    ) -> ConversationEngine {
        ConversationEngine(
            domain: domain, model: model, store: store, knowledgeBase: knowledgeBase, actions: actions,
            frustration: frustration, configuration: EngineConfiguration(timeZone: TimeZone(identifier: "UTC")!))
    }
}

/// Order A-12345 exists and is shipped; every other order is unknown.
struct FakeOrderService: ActionRunner {
    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome {
        guard slots["order_number"] == "A-12345" else { return .notFound }
        return .success(["status": "shipped", "estimated_delivery": "on Friday", "carrier": "DHL",
                         "tracking_url": "https://track.example/A-12345"])
    }
}

/// Sends messages to one conversation.
struct Chat {
    let engine: ConversationEngine
    var conversationId = "c-\(UUID().uuidString)"
    var channel = "web"
    var customerId: String?

    @discardableResult
    func say(_ text: String, clientMessageId: String? = nil, context: [String: String] = [:]) async throws -> EngineReply {
        try await engine.handle(IncomingMessage(
            conversationId: conversationId, channel: channel, customerId: customerId, text: text,
            clientMessageId: clientMessageId, context: context,
            receivedAt: Date(timeIntervalSince1970: 1_795_000_000)))
    }
}
