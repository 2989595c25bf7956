import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct BIOReaderTests {
    /// Writes one split folder; `rows` are (seq.in, seq.out, label) lines.
    static func writeSplit(_ dir: TemporaryFolder, _ name: String, _ rows: [(String, String, String)]) throws {
        try dir.write("\(name)/seq.in", rows.map(\.0).joined(separator: "\n") + "\n")
        try dir.write("\(name)/seq.out", rows.map(\.1).joined(separator: "\n") + "\n")
        try dir.write("\(name)/label", rows.map(\.2).joined(separator: "\n") + "\n")
    }

    @Test func readsSplitsAndConvertsTagsToScalarSpans() throws {
        let dir = try TemporaryFolder()
        try Self.writeSplit(dir, "train", [
            ("add step to the 50 clásicos playlist ", "O B-entity_name I-entity_name O B-playlist I-playlist O ", "AddToPlaylist"),
            ("play  music", "O O", "PlayMusic"),
        ])
        try Self.writeSplit(dir, "valid", [("book it", "O O", "BookRestaurant")])
        try Self.writeSplit(dir, "test", [("rate it five", "O O B-rating", "RateBook")])
        let dataset = try DatasetLoader.load(path: dir.path)
        #expect(dataset.format == .bio)
        #expect(dataset.splitNames == ["train", "val", "test"])
        #expect(dataset.train == [
            Utterance(text: "add step to the 50 clásicos playlist", intent: "AddToPlaylist", slots: [
                SlotSpan(slot: "entity_name", start: 4, end: 11),
                SlotSpan(slot: "playlist", start: 16, end: 27),
            ]),
            Utterance(text: "play music", intent: "PlayMusic"),
        ])
        #expect(dataset.validation?.count == 1)
        #expect(dataset.test?.first?.slots == [SlotSpan(slot: "rating", start: 8, end: 12)])
    }

    @Test func crlfLinesAreAccepted() throws {
        let dir = try TemporaryFolder()
        try dir.write("train/seq.in", "hi there\r\nbye\r\n")
        try dir.write("train/seq.out", "O B-who\r\nO\r\n")
        try dir.write("train/label", "greet\r\nbye\r\n")
        let dataset = try DatasetLoader.load(path: dir.path)
        #expect(dataset.train.map(\.intent) == ["greet", "bye"])
        #expect(dataset.train.first?.slots == [SlotSpan(slot: "who", start: 3, end: 8)])
    }

    @Test func conllSpanRules() throws {
        let tokens = ["a", "b", "c", "d", "e"]
        // I- without B- starts a span; B- after B- of the same type starts a new one;
        // I- of another type starts a new one.
        let spans = try BIOReader.spans(tokens: tokens, tags: ["I-x", "I-x", "B-x", "I-y", "O"])
        #expect(spans == [
            SlotSpan(slot: "x", start: 0, end: 3),
            SlotSpan(slot: "x", start: 4, end: 5),
            SlotSpan(slot: "y", start: 6, end: 7),
        ])
        #expect(try BIOReader.spans(tokens: ["é", "ü"], tags: ["B-x", "I-x"]) == [SlotSpan(slot: "x", start: 0, end: 3)])
    }

    @Test func wrongTagCountNamesLine() throws {
        let dir = try TemporaryFolder()
        try Self.writeSplit(dir, "train", [("a b", "O O", "x"), ("c d e", "O O", "y")])
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: dir.path + "/train/seq.out", line: 2,
               contains: ["expected 3 tags (one per token of seq.in line 2) but found 2"])
    }

    @Test func lineCountMismatch() throws {
        let dir = try TemporaryFolder()
        try dir.write("train/seq.in", "a\nb\n")
        try dir.write("train/seq.out", "O\nO\n")
        try dir.write("train/label", "x\n")
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: dir.path + "/train/label", line: nil,
               contains: ["expected 2 lines (one per line of seq.in) but found 1"])
    }

    @Test func badTag() throws {
        let dir = try TemporaryFolder()
        try Self.writeSplit(dir, "train", [("a b", "O E-x", "x")])
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: dir.path + "/train/seq.out", line: 1,
               contains: [#"expected O, B-<slot> or I-<slot> but found "E-x""#])
    }

    @Test func emptyUtteranceAndEmptyLabel() throws {
        let dir = try TemporaryFolder()
        try Self.writeSplit(dir, "train", [("a", "O", "x"), ("  ", "", "y")])
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: dir.path + "/train/seq.in", line: 2,
               contains: ["empty utterance: expected at least one token"])

        let other = try TemporaryFolder()
        try Self.writeSplit(other, "test", [("a", "O", " ")])
        expect(dataError { try DatasetLoader.load(path: other.path) }, file: other.path + "/test/label", line: 1,
               contains: ["empty label: expected an intent name"])
    }

    @Test func missingFile() throws {
        let dir = try TemporaryFolder()
        try dir.write("train/seq.in", "a\n")
        try dir.write("train/label", "x\n")
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: dir.path + "/train/seq.out", line: nil,
               contains: ["no such file or directory"])
    }

    @Test func unknownAndDuplicateSplitFolders() throws {
        let dir = try TemporaryFolder()
        try Self.writeSplit(dir, "train", [("a", "O", "x")])
        try Self.writeSplit(dir, "extra", [("a", "O", "x")])
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: dir.path + "/extra", line: nil,
               contains: [#"unknown split name "extra""#])

        let twice = try TemporaryFolder()
        try Self.writeSplit(twice, "dev", [("a", "O", "x")])
        try Self.writeSplit(twice, "valid", [("a", "O", "x")])
        expect(dataError { try DatasetLoader.load(path: twice.path) }, file: twice.path + "/valid", line: nil,
               contains: ["both dev/ and valid/ hold the val split"])
    }
}
