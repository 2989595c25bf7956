import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineData

@Suite struct DatasetLoaderTests {
    @Test func detectsEachFormat() throws {
        let dir = try TemporaryFolder()
        let yaml = try dir.write("y/nlu.yaml", "nlu:\n  - intent: a\n    examples: [x]\n")
        let csv = try dir.write("c/data.CSV", "text,intent\nx,a\n")
        let clinc = try dir.write("j/data_full.json", #"{"train": [["x", "a"]], "oos_train": []}"#)
        let clincVal = try dir.write("j/data_imbalanced.json", #"{"train": [["x", "a"]], "val": [["y", "a"]]}"#)
        try dir.write("b/dev/seq.in", "x\n")
        try dir.write("b/dev/seq.out", "O\n")
        try dir.write("b/dev/label", "a\n")

        #expect(try DatasetLoader.detectFormat(path: yaml) == .frontline)
        #expect(try DatasetLoader.detectFormat(path: dir.path + "/y") == .frontline)
        #expect(try DatasetLoader.detectFormat(path: csv) == .csv)
        #expect(try DatasetLoader.detectFormat(path: clinc) == .clinc)
        #expect(try DatasetLoader.detectFormat(path: clincVal) == .clinc)
        #expect(try DatasetLoader.detectFormat(path: dir.path + "/b") == .bio)
        #expect(try DatasetLoader.load(path: dir.path + "/b").validation?.count == 1)
        #expect(try DatasetLoader.load(path: clincVal).validation?.count == 1)
    }

    @Test func bioFolderWinsOverStrayYAML() throws {
        let dir = try TemporaryFolder()
        try dir.write("config.yml", "x: 1\n")
        try dir.write("train/seq.in", "x\n")
        try dir.write("train/seq.out", "O\n")
        try dir.write("train/label", "a\n")
        #expect(try DatasetLoader.detectFormat(path: dir.path) == .bio)
    }

    @Test(arguments: [
        ("notes.txt", "hello", "found a .txt file"),
        ("README", "hello", "found a file without an extension"),
        ("other.json", #"{"intents": {}}"#, "found JSON without CLINC150's top-level \"train\""),
    ])
    func unknownFormatListsFormatsAndFlag(name: String, contents: String, found: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write(name, contents)
        expect(dataError { try DatasetLoader.load(path: file) }, file: file, line: nil,
               contains: [found, "--format frontline|clinc|csv|bio|snips", "frontline:", "clinc:", "csv:", "bio:", "snips:"])
    }

    @Test func unknownFolder() throws {
        let dir = try TemporaryFolder()
        try dir.write("a/notes.md", "hello")
        expect(dataError { try DatasetLoader.load(path: dir.path) }, file: dir.path, line: nil,
               contains: ["cannot detect the data format", "--format"])
    }

    @Test func missingPath() throws {
        let dir = try TemporaryFolder()
        let path = dir.path + "/nope.yml"
        expect(dataError { try DatasetLoader.load(path: path) }, file: path, line: nil, contains: ["no such file or directory"])
        expect(dataError { try DatasetLoader.load(path: path, format: .csv) }, file: path, line: nil, contains: ["no such file or directory"])
    }

    @Test func formatRawValuesAreStable() {
        #expect(DataFormat.allCases.map(\.rawValue) == ["frontline", "clinc", "csv", "bio", "snips", "rasa", "dialogflow"])
        #expect(DataFormat(rawValue: "bio") == .bio)
    }
}
