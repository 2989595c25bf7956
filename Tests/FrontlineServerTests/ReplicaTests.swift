import Foundation
import FrontlineAssistant
import FrontlineEngine
import FrontlineServer
import HummingbirdTesting
import PostgresTestCluster
import Testing

/// Two servers (two replicas) on one PostgreSQL database, no sticky sessions.
@Suite("Replicas on PostgreSQL", .enabled(if: PostgresTestCluster.shouldRun))
struct ReplicaTests {
    /// 100 conversations × 10 messages sent at once, each to a random replica: every
    /// conversation ends with its 10 customer messages, each followed by its own reply.
    @Test func messagesSpreadOverTwoReplicasAreAnsweredOneTurnAtATime() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let url = cluster.url(database: try cluster.createDatabase())
        let first = try await TestServer.make(database: url)
        let second = try await TestServer.make(database: url)
        let texts = ["hi", "where is my order A-12345?", "thanks", "what are your opening hours?", "how do I return an item?",
                     "hello there", "can I pay with PayPal?", "good morning", "do you ship abroad?", "thank you so much"]
        let conversations = (0..<100).map { _ in uniqueId("rep") }
        try await TestServer.run(first) { a in
            try await TestServer.run(second) { b in
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for id in conversations {
                        for (index, text) in texts.enumerated() {
                            group.addTask {
                                let client: any TestClientProtocol = Bool.random() ? a : b
                                return try await client.message(id, text, messageId: "\(id)-\(index)").status
                            }
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0 != 200 }.isEmpty, "every message answered: \(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
                for id in conversations {
                    let reader: any TestClientProtocol = Bool.random() ? a : b
                    let messages = try #require(try await reader.call(.get, "/v1/conversations/\(id)").json["messages"] as? [[String: Any]])
                    let sequences = messages.compactMap { $0["sequence"] as? Int }
                    #expect(sequences == Array(1...max(1, sequences.count)), "\(id): contiguous sequences")
                    let customer = messages.filter { $0["role"] as? String == "customer" }
                    #expect(customer.count == texts.count, "\(id): every customer message stored once")
                    for (index, message) in messages.enumerated() where message["role"] as? String == "customer" {
                        if messages[...index].contains(where: { $0["kind"] as? String == "handoff" }) { break }
                        #expect(index + 1 < messages.count && messages[index + 1]["role"] as? String == "bot",
                                "\(id): message \(index + 1) is followed by its reply, not by another turn")
                    }
                }
            }
        }
        await first.assistant.store.shutdown()
        await second.assistant.store.shutdown()
    }

    /// An outcome saved on one replica changes the next parse of that text on the other.
    @Test func anOutcomeOnOneReplicaTeachesTheOther() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let url = cluster.url(database: try cluster.createDatabase())
        let first = try await TestServer.make(database: url)
        let second = try await TestServer.make(database: url)
        let text = "the little light on the side keeps blinking orange"
        try await TestServer.run(first) { a in
            try await TestServer.run(second) { b in
                let id = uniqueId()
                let before = try await a.message(id, text)
                let botIntent = try #require(before.intent)
                let agentIntent = botIntent == "device_connection_problem" ? "device_not_charging" : "device_connection_problem"
                let outcome = try await a.call(.post, "/v1/conversations/\(id)/outcome", key: Keys.agent, json: [
                    "agent_id": "ann", "bot_was_right": false, "corrections": [["sequence": 1, "intent": agentIntent]],
                ])
                #expect(outcome.status == 201)
                #expect(try await b.message(uniqueId(), text).intent == botIntent, "not learned before the poll")
                var learned = 0
                for _ in 0..<50 where learned == 0 {
                    learned += try await second.outcomes.poll()
                    if learned == 0 { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(learned == 1)
                let after = try await b.message(uniqueId(), text)
                #expect(after.intent == agentIntent)
                #expect(after.parse["learned_from_outcomes"] as? Bool == true)
                #expect(try await first.outcomes.poll() == 0, "its own outcome was learned already")
            }
        }
        await first.assistant.store.shutdown()
        await second.assistant.store.shutdown()
    }

    /// An outcome saved on a replica whose clock is an hour behind still teaches the other
    /// (a follower reading outcomes by a time window missed it).
    @Test func anOutcomeStampedByASkewedClockTeachesTheOtherReplica() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let url = cluster.url(database: try cluster.createDatabase())
        let first = try await TestServer.make(database: url)
        let behind = try await TestServer.make(database: url, clock: StoreClock { Date().addingTimeInterval(-3600) })
        let text = "the little light on the side keeps blinking orange"
        try await TestServer.run(first) { a in
            try await TestServer.run(behind) { b in
                let id = uniqueId()
                let before = try await b.message(id, text)
                let botIntent = try #require(before.intent)
                let agentIntent = botIntent == "device_connection_problem" ? "device_not_charging" : "device_connection_problem"
                let outcome = try await b.call(.post, "/v1/conversations/\(id)/outcome", key: Keys.agent, json: [
                    "agent_id": "ann", "bot_was_right": false, "corrections": [["sequence": 1, "intent": agentIntent]],
                ])
                #expect(outcome.status == 201)
                var learned = 0
                // The feed may wait for transactions of other tests on the cluster to finish.
                for _ in 0..<50 where learned == 0 {
                    learned += try await first.outcomes.poll()
                    if learned == 0 { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(learned == 1)
                #expect(try await a.message(uniqueId(), text).intent == agentIntent)
            }
        }
        await first.assistant.store.shutdown()
        await behind.assistant.store.shutdown()
    }

    /// Proactive chat on PostgreSQL: an event reported to one replica opens a prompt on the
    /// other; asked on both at once, the customer gets one prompt; accepting it on either
    /// opens the conversation with the prompt's message.
    @Test func proactiveChatWorksAcrossReplicas() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let url = cluster.url(database: try cluster.createDatabase())
        let first = try await TestServer.make(database: url)
        let second = try await TestServer.make(database: url)
        try await TestServer.run(first) { a in
            try await TestServer.run(second) { b in
                let customer = uniqueId("cust")
                let event = try await a.call(.post, "/v1/customers/\(customer)/events", json: [
                    "type": "error", "page": "/checkout/payment", "error": "card declined",
                ])
                #expect(event.status == 201)
                struct Answer: Sendable { var id, rule, text, reason: String? }
                let answers = try await withThrowingTaskGroup(of: Answer.self) { group in
                    for index in 0..<6 {
                        let client: any TestClientProtocol = index.isMultiple(of: 2) ? a : b
                        group.addTask {
                            let json = try await client.call(.get, "/v1/customers/\(customer)/prompt").json
                            let prompt = json["prompt"] as? [String: Any]
                            return Answer(id: prompt?["id"] as? String, rule: prompt?["rule"] as? String,
                                          text: prompt?["text"] as? String, reason: json["reason"] as? String)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let prompts = answers.filter { $0.id != nil }
                #expect(prompts.count == 1, "one prompt per customer whichever replica is asked")
                #expect(answers.filter { $0.reason == "recently_prompted" }.count == 5)
                let prompt = try #require(prompts.first)
                #expect(prompt.rule == "checkout_error")
                let promptId = try #require(prompt.id)

                let web = uniqueId("web")
                let accepted = try await b.call(
                    .post, "/v1/customers/\(customer)/prompts/\(promptId)/accept", json: ["conversation_id": web, "channel": "web"])
                #expect(accepted.status == 201)
                let opening = try #require((accepted.json["messages"] as? [[String: Any]])?.first)
                #expect(opening["kind"] as? String == "proactive")
                #expect(opening["text"] as? String == prompt.text)
                let elsewhere = try await a.call(
                    .post, "/v1/customers/\(customer)/prompts/\(promptId)/accept", json: ["conversation_id": uniqueId("web"), "channel": "web"])
                #expect(elsewhere.status == 409, "accepted once, in one conversation")
            }
        }
        await first.assistant.store.shutdown()
        await second.assistant.store.shutdown()
    }

    /// A release published in the database is served by a replica that never had its
    /// files on disk (two model folders: no shared disk).
    @Test func aReleasePublishedInTheDatabaseIsServedByEveryReplica() async throws {
        let cluster = try await PostgresTestCluster.shared()
        let url = cluster.url(database: try cluster.createDatabase())
        let (diskA, diskB) = (try ModelFolders(), try ModelFolders())
        func replica(_ folders: ModelFolders) async throws -> FrontlineServer {
            var configuration = ServerConfiguration()
            configuration.database = url
            configuration.keys = APIKeys(bot: [Keys.bot], agent: [Keys.agent], admin: [Keys.admin])
            configuration.model = folders.current.path
            let assistant = try await Assistant.load(
                AssistantPaths(data: TestServer.root.appendingPathComponent("TrainingData").path, model: folders.current.path, database: url),
                configuration: EngineConfiguration(timeZone: TimeZone(identifier: "UTC")!), actions: FakeOrderService())
            return FrontlineServer(configuration: configuration, assistant: assistant)
        }
        let a = try await replica(diskA), b = try await replica(diskB)
        #expect(try await b.followDatabaseRelease() == nil, "nothing published yet")
        let releases = try #require(a.assistant.store as? any ModelReleaseStore)
        let files = try DatabaseReleases.files(in: diskA.root.appendingPathComponent("Models/releases/b"))
        try await releases.publishRelease(name: "c", files: files)

        let reloaded = try #require(try await b.followDatabaseRelease())
        #expect(reloaded.model.release == "c")
        #expect(Set(b.assistant.model.intents.labels).isSuperset(of: ModelFolders.bLabels))
        #expect(FileManager.default.fileExists(atPath: diskB.root.appendingPathComponent("Models/releases/c/manifest.json").path))
        try await TestServer.run(b) { client in
            let ready = try await client.call(.get, "/readyz")
            #expect(ready.json["release"] as? String == "c")
        }
        #expect(try await b.followDatabaseRelease() == nil, "already serving it")
        await a.assistant.store.shutdown()
        await b.assistant.store.shutdown()
    }

    /// While PostgreSQL is down, messages get 503 store_unavailable (never a 200 for a
    /// message that was not stored) and /readyz says why; both recover by themselves.
    @Test func aDatabaseOutageIsA503AndTheServerRecoversByItself() async throws {
        let cluster = try PostgresTestCluster.start()
        defer { cluster.destroy() }
        let server = try await TestServer.make(database: cluster.url(database: try cluster.createDatabase()))
        try await TestServer.run(server) { client in
            let id = uniqueId("outage")
            #expect(try await client.message(id, "hi", messageId: "m-1").status == 200)
            try cluster.stopServer()
            let down = try await client.message(id, "where is my order A-12345?", messageId: "m-2")
            #expect(down.status == 503 && down.errorCode == "store_unavailable", "\(down.status) \(down.text)")
            let ready = try await client.call(.get, "/readyz")
            #expect(ready.status == 503 && ready.text.contains("unavailable"), "\(ready.text)")

            try cluster.startServer()
            var answered = 0
            for _ in 0..<40 where answered != 200 {
                answered = try await client.message(id, "where is my order A-12345?", messageId: "m-2").status
                if answered != 200 { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(answered == 200, "recovered without a restart")
            #expect(try await client.call(.get, "/readyz").status == 200)
            let messages = try #require(try await client.call(.get, "/v1/conversations/\(id)").json["messages"] as? [[String: Any]])
            #expect(messages.filter { $0["role"] as? String == "customer" }.count == 2, "m-2 stored once")
        }
        await server.assistant.store.shutdown()
    }
}
