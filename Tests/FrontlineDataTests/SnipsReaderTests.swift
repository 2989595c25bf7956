import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct SnipsReaderTests {
    /// `{"<intent>": [{"data": chunks}, …]}` with one utterance per line; chunks are (text, entity?).
    static func json(_ intent: String, _ utterances: [[(String, String?)]]) -> String {
        func quoted(_ s: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: s, options: [.fragmentsAllowed]), as: UTF8.self)
        }
        let items = utterances.map { chunks in
            let parts = chunks.map { text, entity in
                "{\"text\": \(quoted(text))" + (entity.map { ", \"entity\": \(quoted($0))" } ?? "") + "}"
            }
            return "    {\"data\": [" + parts.joined(separator: ", ") + "]}"
        }
        return "{\n  \(quoted(intent)): [\n" + items.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// A root with two intents: PlayMusic has a _full training file, GetWeather only the small one.
    static func writeRoot(_ dir: TemporaryFolder) throws -> String {
        try dir.write("root/PlayMusic/train_PlayMusic.json", json("PlayMusic", [[("play jazz", nil)]]))
        try dir.write("root/PlayMusic/train_PlayMusic_full.json", json("PlayMusic", [
            [("play ", nil), ("Adele", "artist")],
            [("I want ", nil), ("jazz", "genre"), (" on ", nil), ("Spotify", "service")],
        ]))
        try dir.write("root/PlayMusic/validate_PlayMusic.json", json("PlayMusic", [[("put on ", nil), ("Muse", "artist")]]))
        try dir.write("root/PlayMusic/Snips_metrics.json", #"{"intents": {}}"#)
        try dir.write("root/GetWeather/train_GetWeather.json", json("GetWeather", [[("rain in ", nil), ("Oslo", "city"), ("?", nil)]]))
        try dir.write("root/GetWeather/validate_GetWeather.json", json("GetWeather", [[("is it cold", nil)]]))
        try dir.write("root/README.md", "# benchmark\n")
        return dir.path + "/root"
    }

    @Test func readsRootFolderPreferringFullTrainingFiles() throws {
        let dir = try TemporaryFolder()
        let root = try Self.writeRoot(dir)
        #expect(try DatasetLoader.detectFormat(path: root) == .snips)
        let dataset = try DatasetLoader.load(path: root)
        #expect(dataset.format == .snips)
        #expect(dataset.splitNames == ["train", "test"])
        #expect(dataset.train == [
            Utterance(text: "rain in Oslo?", intent: "GetWeather", slots: [SlotSpan(slot: "city", start: 8, end: 12)]),
            Utterance(text: "play Adele", intent: "PlayMusic", slots: [SlotSpan(slot: "artist", start: 5, end: 10)]),
            Utterance(text: "I want jazz on Spotify", intent: "PlayMusic",
                      slots: [SlotSpan(slot: "genre", start: 7, end: 11), SlotSpan(slot: "service", start: 15, end: 22)]),
        ])
        #expect(dataset.test?.map(\.text) == ["is it cold", "put on Muse"])
        #expect(dataset.validation == nil)
    }

    @Test func readsOneIntentFolderAndSingleFiles() throws {
        let dir = try TemporaryFolder()
        let root = try Self.writeRoot(dir)
        let folder = try DatasetLoader.load(path: root + "/PlayMusic")
        #expect(folder.train.count == 2)
        #expect(folder.test?.count == 1)

        let validate = root + "/PlayMusic/validate_PlayMusic.json"
        #expect(try DatasetLoader.detectFormat(path: validate) == .snips)
        let test = try DatasetLoader.load(path: validate)
        #expect(test.splitNames == ["test"])
        #expect(test.test?.first?.slots == [SlotSpan(slot: "artist", start: 7, end: 11)])

        let train = try DatasetLoader.load(path: root + "/PlayMusic/train_PlayMusic.json")
        #expect(train.splitNames == ["train"])
        #expect(train.train == [Utterance(text: "play jazz", intent: "PlayMusic")])

        // Any name and extension with --format snips; several intent keys in one file.
        let other = try dir.write("mine.txt", #"{"b": [{"data": [{"text": "y"}]}], "a": [{"data": [{"text": "x"}]}]}"#)
        #expect(try DatasetLoader.load(path: other, format: .snips).train.map(\.intent) == ["a", "b"])
    }

    @Test func offsetsAreScalarsAfterTrimmingNonASCIIChunks() throws {
        let dir = try TemporaryFolder()
        // "é" written as e + combining acute (2 scalars, 1 character), a flag (2 scalars), an
        // emoji outside the BMP, white space at both ends of the utterance and inside slot chunks.
        let file = try dir.write("train_PlayMusic.json", Self.json("PlayMusic", [[
            ("\n  Play ", nil), ("Beyonce\u{301}", "artist"), (" – ", nil), ("🇫🇷 radio ", "playlist"),
            ("", nil), ("\u{A0}🍕\u{A0}", "snack"), (" \r\n", nil),
        ]]))
        let utterance = try #require(try DatasetLoader.load(path: file).train.first)
        #expect(utterance.text == "Play Beyonce\u{301} – 🇫🇷 radio \u{A0}🍕")
        #expect(utterance.slots == [
            SlotSpan(slot: "artist", start: 5, end: 13),
            SlotSpan(slot: "playlist", start: 16, end: 24),
            SlotSpan(slot: "snack", start: 26, end: 27),
        ])
        let scalars = Array(utterance.text.unicodeScalars)
        func text(_ span: SlotSpan) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[span.start..<span.end])
            return String(view)
        }
        #expect(utterance.slots.map(text) == ["Beyonce\u{301}", "🇫🇷 radio", "🍕"])
    }

    @Test func byteOrderMarksAndUTF16() throws {
        let dir = try TemporaryFolder()
        let text = Self.json("GetWeather", [[("froid à ", nil), ("Zürich", "city")]])
        let expected = [Utterance(text: "froid à Zürich", intent: "GetWeather", slots: [SlotSpan(slot: "city", start: 8, end: 14)])]
        let bom = try dir.write("bom/train_GetWeather.json", Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8))
        #expect(try DatasetLoader.load(path: bom).train == expected)
        let utf16 = try dir.write("utf16/train_GetWeather.json", Data([0xFF, 0xFE]) + (try #require(text.data(using: .utf16LittleEndian))))
        #expect(try DatasetLoader.load(path: utf16).train == expected)
        let utf16BE = try dir.write("utf16be/validate_GetWeather.json", Data([0xFE, 0xFF]) + (try #require(text.data(using: .utf16BigEndian))))
        #expect(try DatasetLoader.load(path: utf16BE).test == expected)
        #expect(try DatasetLoader.load(path: dir.path + "/utf16").train == expected)
    }

    @Test func surrogatePairsWrittenAsUTF8AreDecoded() throws {
        let dir = try TemporaryFolder()
        // 🍕 as the two surrogates D83C DF55, each UTF-8-encoded on its own (CESU-8), as in
        // PlayMusic/train_PlayMusic_full.json.
        let pizza: [UInt8] = [0xED, 0xA0, 0xBC, 0xED, 0xBD, 0x95]
        let file = try dir.write("train_PlayMusic_full.json",
                                 Data(#"{"PlayMusic": [{"data": [{"text": "play "}, {"text": "Pop Punk "#.utf8)
                                     + Data(pizza) + Data(#"", "entity": "playlist"}]}]}"#.utf8))
        let utterance = try #require(try DatasetLoader.load(path: file).train.first)
        #expect(utterance.text == "play Pop Punk 🍕")
        #expect(utterance.slots == [SlotSpan(slot: "playlist", start: 5, end: 15)])
    }

    @Test(arguments: [
        ([0xED, 0xA0, 0xBC] as [UInt8], "lone surrogate"),
        ([0xFF], "stray byte"),
    ])
    func invalidUTF8NamesItsLine(bad: [UInt8], what: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("train_X.json", Data("{\"X\": [\n{\"data\": [{\"text\": \"a".utf8) + Data(bad) + Data("\"}]}]}".utf8))
        expect(dataError { try DatasetLoader.load(path: file) }, file: file, line: 2,
               contains: ["expected UTF-8 text but found bytes that are not valid UTF-8"])
    }

    @Test func syntaxErrorsGiveTheirLine() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("train_X.json", "{\"X\": [\n  {\"data\": [{\"text\": \"a\"},,]}\n]}")
        let error = try #require(dataError { try DatasetLoader.load(path: file, format: .snips) })
        #expect(error.file == file)
        #expect(error.line == 2)
        #expect(error.message.hasPrefix("invalid JSON"))
        let truncated = try dir.write("validate_X.json", "{\"X\": [\n  {\"data\": [{\"text\": \"a\"}]}\n\n")
        expect(dataError { try DatasetLoader.load(path: truncated, format: .snips) }, file: truncated, line: 2,
               contains: ["invalid JSON"])
    }

    /// A valid file whose line 4 holds `item`, for structure errors that must name line 4.
    static func fileWithItem(_ item: String, key: String = "X") -> String {
        "{\n  \"\(key)\": [\n    {\"data\": [{\"text\": \"fine\"}]},\n    \(item),\n    {\"data\": [{\"text\": \"fine\"}]}\n  ]\n}\n"
    }

    @Test(arguments: [
        (#""oops""#, #"utterance at index 1 of "X": expected an object with a "data" list of chunks but found the string "oops""#),
        (#"{"text": "a"}"#, #"utterance at index 1 of "X": unexpected key "text": expected only "data""#),
        (#"{}"#, #"utterance at index 1 of "X": expected a "data" key holding the list of chunks"#),
        (#"{"data": {"text": "a"}}"#, #"utterance at index 1 of "X": expected "data" to be a list of chunks but found an object"#),
        (#"{"data": []}"#, #"utterance at index 1 of "X": empty utterance: expected chunks with some non-blank "text""#),
        (#"{"data": [{"text": " "}, {"text": "\n"}]}"#, "empty utterance"),
        (#"{"data": [{"text": "a "}, 7]}"#, #"utterance at index 1 of "X", chunk at index 1: expected an object with "text" and an optional "entity" but found a number"#),
        (#"{"data": [{"entity": "city"}]}"#, #"chunk at index 0: expected a "text" key"#),
        (#"{"data": [{"text": null}]}"#, #"chunk at index 0: expected "text" to be a string but found null"#),
        (#"{"data": [{"text": "a", "slot_name": "b"}]}"#, #"chunk at index 0: unexpected key "slot_name": expected only "text" and "entity""#),
        (#"{"data": [{"text": "Oslo", "entity": 3}]}"#, #"chunk at index 0: expected "entity" to be a slot name but found a number"#),
        (#"{"data": [{"text": "Oslo", "entity": " "}]}"#, #"chunk at index 0: expected "entity" to be a slot name but found the string " ""#),
        (#"{"data": [{"text": "in "}, {"text": "  ", "entity": "city"}]}"#, #"chunk at index 1: slot "city" has no text: expected its value in "text""#),
    ])
    func structureErrorsNameFileLineAndExpectation(item: String, message: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("train_X.json", Self.fileWithItem(item))
        expect(dataError { try DatasetLoader.load(path: file) }, file: file, line: 4, contains: [message])
    }

    @Test(arguments: [
        ("[1, 2]", 1, #"expected a JSON object mapping an intent name to its utterances"#),
        ("{}", 1, "but found an object"),
        ("{\n\"X\": [],\n\"Y\":\n {\"data\": []}}", 4, #"expected a list of utterances under "Y" but found an object"#),
        ("{\"X\": [],\n \"  \": [{\"data\": [{\"text\": \"a\"}]}]}", 2, #"empty intent name "  ""#),
    ])
    func topLevelErrors(json: String, line: Int, message: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.json", json)
        expect(dataError { try DatasetLoader.load(path: file, format: .snips) }, file: file, line: line, contains: [message])
    }

    @Test func errorInsideAFolderNamesTheFile() throws {
        let dir = try TemporaryFolder()
        let root = try Self.writeRoot(dir)
        let bad = try dir.write("root/RateBook/validate_RateBook.json", Self.fileWithItem(#"{"data": [7]}"#, key: "RateBook"))
        expect(dataError { try DatasetLoader.load(path: root) }, file: bad, line: 4,
               contains: [#"utterance at index 1 of "RateBook", chunk at index 0"#])
    }

    @Test func folderWithoutSnipsFiles() throws {
        let dir = try TemporaryFolder()
        try dir.write("a/notes.json", "{}")
        try dir.write("a/trainer.json", "{}")
        expect(dataError { try DatasetLoader.load(path: dir.path, format: .snips) }, file: dir.path, line: nil,
               contains: ["no Snips files found: expected <Intent>/train_<Intent>_full.json"])
        #expect(SnipsReader.isSnipsFolder(dir.path) == false)
    }

    @Test func detectionLeavesOtherJSONAlone() throws {
        let dir = try TemporaryFolder()
        let other = try dir.write("other.json", #"{"X": [{"text": "a"}]}"#)
        expect(dataError { try DatasetLoader.load(path: other) }, file: other, line: nil,
               contains: ["cannot detect the data format", "Snips' {\"<Intent>\""])
        #expect(SnipsReader.looksLikeSnips(["X": [["data": []]]]))
        #expect(!SnipsReader.looksLikeSnips(["X": [[String: Any]]()]))
        #expect(!SnipsReader.looksLikeSnips(["X": [["data": []]], "Y": 1]))
    }

    @Test func lineLookupFollowsKeysAndIndexes() throws {
        let text = "{\"a\": 1,\n \"b\": [\"x,]}\\\"\",\n {\"c\": [1,\n 2]},\n [3]],\n \"a\":\n 2}"
        let document = JSONDocument(file: "t.json", value: 0, bytes: Array(text.utf8))
        #expect(document.line(at: []) == 1)
        #expect(document.line(at: [.key("b")]) == 2)
        #expect(document.line(at: [.key("b"), .index(1)]) == 3)
        #expect(document.line(at: [.key("b"), .index(1), .key("c"), .index(1)]) == 4)
        #expect(document.line(at: [.key("b"), .index(2)]) == 5)
        #expect(document.line(at: [.key("a")]) == 7)  // the last of a repeated key, as JSONSerialization keeps
        #expect(document.line(at: [.key("z")]) == nil)
        #expect(document.line(at: [.key("b"), .index(9)]) == nil)
        #expect(document.line(at: [.index(0)]) == nil)
    }
}
