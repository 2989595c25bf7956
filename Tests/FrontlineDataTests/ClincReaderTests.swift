import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct ClincReaderTests {
    static let sample = """
        {"oos_val": [["what is love", "oos"]],
         "train": [["what's my balance", "balance"], ["set a timer", "timer"]],
         "val": [["balance please", "balance"]],
         "test": [["start a timer", "timer"]],
         "oos_train": [["sing to me", "oos"]],
         "oos_test": [["who won the game", "oos"], ["tell me a riddle", "oos"]]}
        """

    @Test func readsSplitsWithOutOfScopeFolded() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data_small.json", Self.sample)
        let dataset = try DatasetLoader.load(path: file)
        #expect(dataset.format == .clinc)
        #expect(dataset.train == [
            Utterance(text: "what's my balance", intent: "balance"),
            Utterance(text: "set a timer", intent: "timer"),
            Utterance(text: "sing to me", intent: "oos"),
        ])
        #expect(dataset.validation?.map(\.intent) == ["balance", "oos"])
        #expect(dataset.test?.map(\.text) == ["start a timer", "who won the game", "tell me a riddle"])
    }

    @Test func explicitFormatReadsAnyExtension() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("clinc.txt", #"{"train": [["hi", "greet"]]}"#)
        #expect(try DatasetLoader.load(path: file, format: .clinc).train.count == 1)
    }

    @Test(arguments: [
        (#"{"train": [["a", "x"], ["b"]], "val": []}"#, #"malformed pair at index 1 of key "train": expected [text, label] with two strings but found an array of 1 element(s)"#),
        (#"{"train": [["a", "x"]], "val": [["b", 3]]}"#, #"malformed pair at index 0 of key "val": expected [text, label]"#),
        (#"{"train": [["a", "x"]], "val": {"b": 1}}"#, #"expected a list of [text, label] pairs under key "val" but found an object"#),
        (#"{"train": [["  ", "x"]], "val": []}"#, #"empty text in pair at index 0 of key "train""#),
        (#"{"train": [["a", ""]], "val": []}"#, #"empty label in pair at index 0 of key "train""#),
        (#"{"train": [["a", "x"]], "val": [], "extra": []}"#, #"unexpected key "extra": expected only "train", "oos_train""#),
        (#"{"train": [], "val": []}"#, "no training examples found"),
    ])
    func structureErrors(json: String, message: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.json", json)
        expect(dataError { try DatasetLoader.load(path: file) }, file: file, line: nil, contains: [message])
    }

    @Test func syntaxErrorGivesLine() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.json", "{\"train\": [\n  [\"a\", \"x\"],,\n]}")
        let error = try #require(dataError { try DatasetLoader.load(path: file, format: .clinc) })
        #expect(error.file == file)
        #expect(error.line == 2)
        #expect(error.message.hasPrefix("invalid JSON"))
    }

    @Test func nonObjectTopLevel() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.json", "[1, 2]")
        expect(dataError { try DatasetLoader.load(path: file, format: .clinc) },
               file: file, line: nil, contains: ["expected a JSON object", "but found an array of 2 element(s)"])
    }
}
