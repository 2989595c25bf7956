import Foundation
import FrontlineTestFiles
import FrontlineAssistant
import FrontlineData
import FrontlineEngine
import Testing

private let root = PackageRoot.url
private let data = root.appendingPathComponent("TrainingData").path
private let shippedModel = root.appendingPathComponent("Models/default")

/// Every order is unknown: these tests never reach a network.
private struct NoOrders: ActionRunner {
    func run(_ action: DomainAction, slots: [String: String]) async -> ActionOutcome { .notFound }
}

/// Relative path → bytes of every file under `folder`.
private func contents(of folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
    }
    return files
}

@Suite("Assistant: loading", .serialized)
struct AssistantLoadingTests {
    /// In a fresh process, as a server or `chat` meets a missing model. (Inside this test
    /// process, after other suites have run the encoder, the vectors came out up to ~1e-7
    /// apart and so did the weights; a fresh process gives the shipped bytes.)
    @Test("a missing model is trained on first load, byte-identical to the shipped one",
          .enabled(if: frontline != nil, "the frontline executable is not beside the tests (build with swift build --build-tests)"))
    func trainsMissingModel() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = folder.url("model")
        let (status, output) = try runFrontline([
            "chat", "--data", data, "--model", model.path, "--db", folder.url("a.db").path,
        ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("training"), "the model was trained on first load: \(output.suffix(500))")
        let trained = try contents(of: model)
        let shipped = try contents(of: shippedModel)
        #expect(trained.keys.sorted() == shipped.keys.sorted())
        for (name, bytes) in shipped {
            #expect(trained[name] == bytes, "\(name) differs from the shipped model")
        }
        // No staging folder is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { $0.hasPrefix(".") } == [])
    }

    @Test("the shipped model loads without warnings and the knowledge base is searchable")
    func loadsShipped() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let assistant = try await Assistant.load(
            AssistantPaths(data: data, model: shippedModel.path, database: folder.url("a.db").path),
            actions: NoOrders())
        defer { Task { await assistant.store.shutdown() } }
        #expect(!assistant.trainedModel)
        #expect(assistant.warnings == [])
        let hits = try await assistant.store.search(query: "store opening hours", intents: [], products: [], context: [:], limit: 3)
        #expect(hits.first?.title.lowercased().contains("hours") == true)
    }

    @Test("a damaged model folder and an unopenable database are clear errors naming the path")
    func badPaths() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let model = folder.url("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: model.appendingPathComponent("manifest.json"))
        await #expect {
            _ = try await Assistant.load(
                AssistantPaths(data: data, model: model.path, database: folder.url("a.db").path),
                actions: NoOrders())
        } throws: { error in
            guard case AssistantError.model(let path, _) = error else { return false }
            return path == model.path
        }
        let database = folder.url("no/such/folder/a.db").path
        await #expect {
            _ = try await Assistant.load(
                AssistantPaths(data: data, model: shippedModel.path, database: database), actions: NoOrders())
        } throws: { error in
            guard case AssistantError.database(let path, _) = error else { return false }
            return path == database
        }
    }
}

@Suite("Assistant: wire documents")
struct WireDocumentTests {
    @Test("a handoff answer carries the stored transcript and the customer's other channels, in snake_case")
    func handoffDocument() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let assistant = try await Assistant.load(
            AssistantPaths(data: data, model: shippedModel.path, database: folder.url("a.db").path),
            configuration: EngineConfiguration(timeZone: TimeZone(identifier: "UTC")!), actions: NoOrders())
        defer { Task { await assistant.store.shutdown() } }
        _ = try await assistant.engine.handle(IncomingMessage(conversationId: "web-1", channel: "web", customerId: "c-7", text: "where's my refund"))
        let reply = try await assistant.engine.handle(IncomingMessage(
            conversationId: "sms-1", channel: "sms", customerId: "c-7", text: "I want to talk to a person"))
        let response = try await assistant.response(to: reply)
        let handoff = try #require(response.handoff)
        #expect(handoff.reason == "human_request")
        #expect(handoff.transcript.map(\.role) == ["customer", "bot"])
        #expect(handoff.transcript.first?.parse?.intent == "talk_to_human")
        #expect(handoff.otherChannels.filter { $0.role == "customer" }.map(\.text) == ["where's my refund"])
        #expect(handoff.otherChannels.allSatisfy { $0.channel == "web" })
        #expect(handoff.conversationId == "sms-1")
        #expect(handoff.customerId == "c-7")
        #expect(handoff.channel == "sms")
        #expect(handoff.status == "open")
        #expect(handoff.position == 1)

        let json = try JSONSerialization.jsonObject(with: WireJSON.encoder().encode(response)) as? [String: Any]
        #expect(Set(json?.keys.map { $0 } ?? []) == ["conversation_id", "replies", "status", "parse", "handoff"])
        let handoffJSON = json?["handoff"] as? [String: Any]
        for key in ["conversation_id", "customer_id", "channel", "created_at", "waited_seconds", "expected_wait_minutes",
                    "position", "priority", "priority_reasons", "transcript", "other_channels", "summary", "queue", "reason"] {
            #expect(handoffJSON?[key] != nil, "handoff.\(key)")
        }
        let replies = json?["replies"] as? [[String: Any]]
        #expect(replies?.first?["kind"] as? String == "handoff")
        #expect(json?["status"] as? String == "handoff")
    }

    @Test("an ordinary answer has no handoff key and no duplicate flag")
    func ordinaryDocument() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let assistant = try await Assistant.load(
            AssistantPaths(data: data, model: shippedModel.path, database: folder.url("a.db").path),
            actions: NoOrders())
        defer { Task { await assistant.store.shutdown() } }
        let reply = try await assistant.engine.handle(IncomingMessage(conversationId: "w-2", channel: "web", text: "where is my order"))
        let document = try await assistant.response(to: reply)
        let json = try JSONSerialization.jsonObject(with: WireJSON.encoder().encode(document)) as? [String: Any]
        #expect(json?["handoff"] == nil && json?["duplicate"] == nil)
        let parse = json?["parse"] as? [String: Any]
        #expect(parse?["intent"] as? String == "order_status")
        #expect(parse?["out_of_scope"] as? Bool == false)
        #expect((json?["replies"] as? [[String: Any]])?.first?["kind"] as? String == "question")
    }
}
