import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct FrontlineYAMLReaderTests {
    static let sample = """
        version: "1"
        nlu:
          - intent: order_status
            examples: |
              - where is my order [A12345](order_number)

              - has my order shipped yet
          - intent: product_info
            examples:
              - tell me about the [15 pro](product:iphone 15 pro)
              - "is the café [open](status)?"
        """

    @Test func readsBlockAndListExamples() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("nlu.yml", Self.sample)
        let dataset = try DatasetLoader.load(path: file)
        #expect(dataset.format == .frontline)
        #expect(dataset.source == file)
        #expect(dataset.splitNames == ["train"])
        #expect(dataset.train == [
            Utterance(text: "where is my order A12345", intent: "order_status",
                      slots: [SlotSpan(slot: "order_number", start: 18, end: 24)]),
            Utterance(text: "has my order shipped yet", intent: "order_status"),
            Utterance(text: "tell me about the 15 pro", intent: "product_info",
                      slots: [SlotSpan(slot: "product", start: 18, end: 24, value: "iphone 15 pro")]),
            Utterance(text: "is the café open?", intent: "product_info",
                      slots: [SlotSpan(slot: "status", start: 12, end: 16)]),
        ])
    }

    @Test func readsFolderRecursivelyInSortedOrderAndSkipsDomain() throws {
        let dir = try TemporaryFolder()
        try dir.write("b.yaml", "nlu:\n  - intent: b\n    examples: |\n      - bee\n")
        try dir.write("a/z.yml", "nlu:\n  - intent: a\n    examples: [ay]\n")
        try dir.write("domain.yml", "intents: [a, b]\nresponses: {}\n")
        try dir.write("notes.md", "not yaml, ignored")
        try dir.write(".hidden/x.yml", "this would not parse: [")
        let dataset = try DatasetLoader.load(path: dir.path)
        #expect(dataset.format == .frontline)
        #expect(dataset.train.map(\.text) == ["ay", "bee"])  // "a/z.yml" sorts before "b.yaml"
    }

    @Test func domainFileWithNLUIsRead() throws {
        let dir = try TemporaryFolder()
        try dir.write("domain.yml", "intents: [greet]\nnlu:\n  - intent: greet\n    examples: |\n      - hi\n")
        #expect(try DatasetLoader.load(path: dir.path).train.map(\.intent) == ["greet"])
    }

    @Test func sameIntentAcrossItemsIsCombined() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("x.yml", "nlu:\n  - intent: a\n    examples: [one]\n  - intent: a\n    examples: [two]\n")
        #expect(try DatasetLoader.load(path: file).train.map(\.text) == ["one", "two"])
    }

    // Each case: YAML, expected line, expected message fragment.
    @Test(arguments: [
        ("nlu:\n  - intent: a\n    examples: |\n      - fine\n      - where is [A12345\n", 5, "unclosed '[' in annotation: expected ']'"),
        ("nlu:\n  - intent: a\n    examples: |\n      - fine\n      -\n", 5, "empty example for intent 'a'"),
        ("nlu:\n  - intent: a\n    examples:\n      - fine\n      -\n", 5, "empty example for intent 'a'"),
        ("nlu:\n  - intent: a\n    examples:\n      - fine\n      - bad [x](s\n", 5, "unclosed '(' in annotation"),
        ("nlu:\n  - intent: a\n    examples: |\n      - ok\n      oops\n", 5, "expected an example line starting with '- ' but found \"oops\""),
        ("nlu:\n  - intent: a\n    examples: |\n      -oops\n", 4, "expected '- ' (dash and space)"),
        ("nlu:\n  - intent: a\n    examples: >\n      - a\n      - b\n", 3, "expected a literal block ('|')"),
        ("nlu:\n  - intent: a\n    example: |\n      - a\n", 3, "unexpected key 'example' in 'nlu' item: expected 'intent' and 'examples'"),
        ("nlu:\n  - intent: a\n", 2, "expected an 'examples' key for intent 'a'"),
        ("nlu:\n  - examples: [x]\n", 2, "expected an 'intent' key"),
        ("nlu:\n  - intent:\n    examples: [x]\n", 2, "expected an intent name but found nothing"),
        ("nlu:\n  - intent: a\n    examples: []\n", 3, "expected at least one example for intent 'a'"),
        ("nlu:\n  - intent: a\n    examples:\n      - {text: hi}\n", 4, "expected an example string for intent 'a' but found a mapping"),
        ("nlu:\n  - just a string\n", 2, "expected an 'nlu' item with 'intent' and 'examples'"),
        ("nlu: hello\n", 1, "expected 'nlu' to be a list of intents"),
        ("version: \"3.1\"\nnlu: []\n", 1, "unsupported version \"3.1\": expected \"1\""),
        ("intents: [a]\n", 1, "expected a top-level 'nlu' key"),
        ("- a\n- b\n", 1, "expected a mapping with an 'nlu' key but found a list"),
        ("nlu:\n  - intent: a\n    examples: [x\n", 4, "invalid YAML"),
        ("nlu: []\nnlu: []\n", 1, "duplicate key(s) 'nlu'"),
        ("", 1, "empty file: expected a top-level 'nlu' list"),
    ])
    func errorsNameFileLineAndExpectation(yaml: String, line: Int, message: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("intents.yml", yaml)
        expect(dataError { try DatasetLoader.load(path: file) }, file: file, line: line, contains: [message])
    }

    @Test func fileWithNoExamplesIsAnEmptyDatasetError() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("intents.yml", "version: \"1\"\nnlu: []\n")
        expect(dataError { try DatasetLoader.load(path: file) }, file: file, line: nil, contains: ["no training examples"])
    }

    @Test func folderWithOnlyADomainFileIsAnEmptyDatasetError() throws {
        let dir = try TemporaryFolder()
        try dir.write("domain.yml", "intents: [a]\n")
        expect(dataError { try DatasetLoader.load(path: dir.path, format: .frontline) },
               file: dir.path, line: nil, contains: ["no training examples found in 1 YAML file(s)"])
    }

    @Test func errorInNestedFileNamesThatFile() throws {
        let dir = try TemporaryFolder()
        try dir.write("a.yml", "nlu:\n  - intent: a\n    examples: [fine]\n")
        let bad = try dir.write("sub/b.yml", "nlu:\n  - intent: b\n    examples: |\n      - [x](y\n")
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: bad, line: 4, contains: ["unclosed '('"])
    }

    @Test func invalidUTF8NamesTheLine() throws {
        let dir = try TemporaryFolder()
        var bytes = Data("nlu:\n  - intent: a\n    examples: [caf".utf8)
        bytes.append(0xE9)  // Latin-1 é
        bytes.append(contentsOf: Array("]\n".utf8))
        let file = try dir.write("latin1.yml", bytes)
        expect(dataError { try DatasetLoader.load(path: file) }, file: file, line: 3, contains: ["expected UTF-8 text"])
    }
}
