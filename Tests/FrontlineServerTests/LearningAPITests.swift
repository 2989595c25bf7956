import Foundation
import FrontlineTestFiles
import FrontlineAssistant
import FrontlineEngine
import FrontlineML
import FrontlineServer
import HummingbirdTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A model folder layout like `frontline retrain` keeps: `Models/releases/{a,b,broken}` and
/// a `Models/current` link. `a` is the shipped model; `b` a tiny one with other intents.
final class ModelFolders: Sendable {
    let folder: TemporaryFolder
    var root: URL { folder.url }
    var current: URL { root.appendingPathComponent("Models/current") }
    static let bLabels: Set<String> = ["b_alpha", "b_beta"]

    init() throws {
        folder = try TemporaryFolder()
        let releases = root.appendingPathComponent("Models/releases")
        let fm = FileManager.default
        try fm.createDirectory(at: releases, withIntermediateDirectories: true)
        try fm.copyItem(at: TestServer.root.appendingPathComponent("Models/default"), to: releases.appendingPathComponent("a"))
        try Self.tinyModel(to: releases.appendingPathComponent("b"))
        let broken = releases.appendingPathComponent("broken")
        try fm.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data(#"{"format": "frontline-intent-model", "formatVersion": 1, "labels": "#.utf8).write(to: broken.appendingPathComponent("manifest.json"))
        try point(to: "a")
    }

    /// Switches `Models/current` to `releases/NAME` atomically.
    func point(to name: String) throws {
        let temporary = root.appendingPathComponent("Models/.current.tmp")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: "releases/\(name)")
        guard rename(temporary.path, current.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Two intents the shipped assistant does not have, trained on a few examples.
    static func tinyModel(to folder: URL) throws {
        var settings = NLUTrainingSettings.recommended
        settings.intent.algorithm = .naiveBayes
        let data = (0..<12).flatMap { i in
            [Utterance(text: "alpha widget number \(i) where is my order", intent: "b_alpha"),
             Utterance(text: "beta gizmo item \(i) hello there", intent: "b_beta")]
        }
        let (model, _) = try NLUTrainer.train(data, settings: settings)
        try NLUModelFile.save(model, settings: settings, trainingData: data, to: folder)
    }

    func server() async throws -> FrontlineServer {
        var configuration = ServerConfiguration()
        configuration.database = folder.path("server-\(UUID().uuidString).db")
        configuration.keys = APIKeys(bot: [Keys.bot], agent: [Keys.agent], admin: [Keys.admin])
        configuration.limits.ratePerSecond = 0
        configuration.limits.maxQueuedPerConversation = 1000
        configuration.model = current.path
        let assistant = try await FrontlineAssistant.Assistant.load(
            AssistantPaths(data: TestServer.root.appendingPathComponent("TrainingData").path, model: current.path, database: configuration.database),
            configuration: EngineConfiguration(timeZone: TimeZone(identifier: "UTC")!), actions: FakeOrderService())
        return FrontlineServer(configuration: configuration, assistant: assistant)
    }
}

extension Reply {
    var parse: [String: Any] { json["parse"] as? [String: Any] ?? [:] }
    var intent: String? { parse["intent"] as? String }
}

@Suite("Learning: immediate learning from outcomes and model reload")
struct LearningAPITests {
    @Test("after an agent's outcome the identical question is answered with the agent's intent, flagged learned_from_outcomes")
    func immediateLearning() async throws {
        let server = try await TestServer.make()
        let text = "the little light on the side keeps blinking orange"
        try await TestServer.run(server) { client in
            let first = uniqueId()
            let before = try await client.message(first, text)
            #expect(before.status == 200)
            #expect(before.parse["learned_from_outcomes"] as? Bool == false)
            let botIntent = try #require(before.intent)
            let agentIntent = botIntent == "device_connection_problem" ? "device_not_charging" : "device_connection_problem"
            let outcome = try await client.call(.post, "/v1/conversations/\(first)/outcome", key: Keys.agent, json: [
                "agent_id": "ann", "bot_was_right": false, "corrections": [["sequence": 1, "intent": agentIntent]],
            ])
            #expect(outcome.status == 201)

            let again = try await client.message(uniqueId(), text)
            #expect(again.intent == agentIntent)
            #expect(again.parse["learned_from_outcomes"] as? Bool == true)
            let unrelated = try await client.message(uniqueId(), "what are your store hours on sunday")
            #expect(unrelated.intent == "store_hours")
            #expect(unrelated.parse["learned_from_outcomes"] as? Bool == false)

            // An intent the domain does not declare is not learned.
            let third = uniqueId()
            _ = try await client.message(third, "my kettle whistles a little tune every morning")
            _ = try await client.call(.post, "/v1/conversations/\(third)/outcome", key: Keys.agent, json: [
                "corrections": [["sequence": 1, "intent": "kettle_music"]],
            ])
            let fourth = try await client.message(uniqueId(), "my kettle whistles a little tune every morning")
            #expect(fourth.parse["learned_from_outcomes"] as? Bool == false)
        }
        // The effect survives a restart: outcomes are replayed into the new memory.
        let restarted = try await TestServer.make(database: server.configuration.database)
        try await TestServer.run(restarted) { client in
            let again = try await client.message(uniqueId(), text)
            #expect(again.parse["learned_from_outcomes"] as? Bool == true)
        }
    }

    @Test("POST /v1/admin/reload swaps in the model the link names now; only the admin key may")
    func reloadSwaps() async throws {
        let folders = try ModelFolders()
        let server = try await folders.server()
        try await TestServer.run(server) { client in
            let before = try await client.message(uniqueId(), "where is my order A-12345")
            #expect(before.intent == "order_status")
            try folders.point(to: "b")
            for key in [Keys.bot, Keys.agent] {
                let refused = try await client.call(.post, "/v1/admin/reload", key: key)
                #expect(refused.status == 403)
                #expect(refused.errorCode == "forbidden")
            }
            #expect(try await client.message(uniqueId(), "where is my order A-12345").intent == "order_status")

            let reload = try await client.call(.post, "/v1/admin/reload", key: Keys.admin)
            #expect(reload.status == 200)
            #expect(reload.json["status"] as? String == "reloaded")
            let model = try #require(reload.json["model"] as? [String: Any])
            #expect(model["release"] as? String == "b")
            #expect((model["manifest_hash"] as? String)?.hasPrefix("fnv1a64:") == true)
            #expect((reload.json["previous"] as? [String: Any])?["release"] as? String == "a")

            let after = try await client.message(uniqueId(), "alpha widget number 3 where is my order")
            #expect(after.status == 200)
            #expect(after.intent == "b_alpha")
            let ready = try await client.call(.get, "/readyz", key: nil)
            #expect(ready.json["release"] as? String == "b")
            #expect(ready.json["intents"] as? Int == 2)
        }
    }

    @Test("a model that fails to load leaves the old one serving, with the error in the response and /readyz")
    func brokenModel() async throws {
        let folders = try ModelFolders()
        let server = try await folders.server()
        try await TestServer.run(server) { client in
            try folders.point(to: "broken")
            let reload = try await client.call(.post, "/v1/admin/reload", key: Keys.admin)
            #expect(reload.status == 500)
            #expect(reload.errorCode == "reload_failed")
            #expect(reload.text.contains("still serving a"))

            let message = try await client.message(uniqueId(), "where is my order A-12345")
            #expect(message.status == 200)
            #expect(message.intent == "order_status")
            let ready = try await client.call(.get, "/readyz", key: nil)
            #expect(ready.status == 200)
            #expect(ready.json["release"] as? String == "a")
            let error = try #require(ready.json["last_reload_error"] as? [String: Any])
            #expect((error["resolved"] as? String)?.hasSuffix("releases/broken") == true)
            #expect((error["message"] as? String)?.isEmpty == false)

            // Fixed: the next reload clears the error.
            try folders.point(to: "b")
            #expect(try await client.call(.post, "/v1/admin/reload", key: Keys.admin).status == 200)
            let fixed = try await client.call(.get, "/readyz", key: nil)
            #expect(fixed.json["last_reload_error"] == nil)
            #expect(fixed.json["release"] as? String == "b")
        }
    }

    @Test("the watcher's check reloads only when the link moves")
    func pollReloadsOnChange() async throws {
        let folders = try ModelFolders()
        let server = try await folders.server()
        #expect(try await server.reloader.reload(onlyIfChanged: true).status == .unchanged)
        try folders.point(to: "b")
        #expect(try await server.reloader.reload(onlyIfChanged: true).status == .reloaded)
        #expect(server.assistant.models.current.identity.release == "b")
        #expect(try await server.reloader.reload(onlyIfChanged: true).status == .unchanged)
        // A broken target fails once, then is not retried until it changes.
        try folders.point(to: "broken")
        await #expect(throws: ReloadError.self) { try await server.reloader.reload(onlyIfChanged: true) }
        #expect(try await server.reloader.reload(onlyIfChanged: true).status == .unchanged)
        #expect(server.assistant.models.current.identity.release == "b")
    }

    @Test("hot swap under load: many concurrent messages while reloading repeatedly; none fails, each parse is one model's")
    func hotSwapUnderLoad() async throws {
        let folders = try ModelFolders()
        let server = try await folders.server()
        let labels = Set(server.assistant.model.intents.labels).union(ModelFolders.bLabels)
        let texts = ["where is my order A-12345", "alpha widget number 3 where is my order", "beta gizmo item 4 hello there",
                     "can I return my headphones", "hi"]
        // Each worker returns the intents it was answered with; the reloader returns none.
        let seen = try await TestServer.run(server) { client in
            try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask {
                    for i in 0..<12 {
                        try folders.point(to: i % 2 == 0 ? "b" : "a")
                        let reload = try await client.call(.post, "/v1/admin/reload", key: Keys.admin)
                        #expect(reload.status == 200)
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    return []
                }
                for worker in 0..<8 {
                    group.addTask {
                        var answered: [String] = []
                        for i in 0..<40 {
                            let reply = try await client.message("load-\(worker)-\(i)", texts[(worker + i) % texts.count])
                            #expect(reply.status == 200)
                            let intent = try #require(reply.intent)
                            #expect(labels.contains(intent), "\(intent) is neither model's")
                            answered.append(intent)
                        }
                        return answered
                    }
                }
                var counts: [String: Int] = [:]
                for try await intents in group {
                    for intent in intents { counts[intent, default: 0] += 1 }
                }
                return counts
            }
        }
        #expect(seen.values.reduce(0, +) == 320)
        #expect(!Set(seen.keys).isDisjoint(with: ModelFolders.bLabels))
        #expect(!Set(seen.keys).subtracting(ModelFolders.bLabels).isEmpty)
    }
}
