import Foundation
import FrontlineEngine
import FrontlineML
import Testing

@Suite("Engine: immediate learning from outcomes")
struct OutcomeLearningTests {
    @Test("an accepted outcome teaches the serving model: the identical question gets the agent's intent")
    func learnsFromOutcome() async throws {
        let engine = Assistant.engine()
        let text = "the little light on the side keeps blinking orange"
        let first = try await engine.handle(IncomingMessage(conversationId: "c1", channel: "web", text: text))
        let botIntent = try #require(first.parse?.intent)
        #expect(first.parse?.learnedFromOutcomes == false)
        let agentIntent = botIntent == "device_connection_problem" ? "device_not_charging" : "device_connection_problem"
        let outcome = try await engine.recordOutcome(OutcomeDraft(
            conversationId: "c1", corrections: [TurnCorrection(sequence: 1, intent: agentIntent)], botWasRight: false))
        let taught = try await engine.learn(from: outcome)
        #expect(taught.learned == 1)

        let again = try await engine.handle(IncomingMessage(conversationId: "c2", channel: "web", text: text))
        #expect(again.parse?.intent == agentIntent)
        #expect(again.parse?.learnedFromOutcomes == true)
        let unrelated = try await engine.handle(IncomingMessage(conversationId: "c3", channel: "web", text: "what are your store hours on sunday"))
        #expect(unrelated.parse?.learnedFromOutcomes == false)

        // The same outcome again is a duplicate; an intent the domain does not declare is skipped.
        #expect(try await engine.learn(from: outcome).duplicates == 1)
        let odd = try await engine.recordOutcome(OutcomeDraft(
            conversationId: "c1", corrections: [TurnCorrection(sequence: 1, intent: "kettle_music")]))
        #expect(try await engine.learn(from: odd).skipped == 1)
    }

    @Test("stored parses without the flag decode with it false, and a false flag is not written")
    func storedParses() throws {
        let old = #"{"confidence":0.9,"entities":[],"intent":"greeting","outOfScope":false,"ranking":[],"slots":[]}"#
        let parse = try StoreJSON.decode(MessageParse.self, from: old, what: "parse")
        #expect(parse.learnedFromOutcomes == false)
        #expect(try StoreJSON.encode(parse) == old)
        var learned = parse
        learned.learnedFromOutcomes = true
        #expect(try StoreJSON.encode(learned).contains(#""learnedFromOutcomes":true"#))
        #expect(try StoreJSON.decode(MessageParse.self, from: StoreJSON.encode(learned), what: "parse") == learned)
    }
}
