import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct CSVParserTests {
    @Test func quotingEdgeCases() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,\"\"\n"
        let records = try CSVParser.parse(text)
        #expect(records == [
            CSVParser.Record(fields: ["a", "b", "c"], line: 1),
            CSVParser.Record(fields: ["x, y", "say \"hi\"", "two\nlines"], line: 2),
            CSVParser.Record(fields: ["plain", "", ""], line: 4),
        ])
    }

    @Test func lastRecordWithoutNewlineAndBlankLines() throws {
        let records = try CSVParser.parse("a,b\n\n\r\nc,d")
        #expect(records == [
            CSVParser.Record(fields: ["a", "b"], line: 1),
            CSVParser.Record(fields: ["c", "d"], line: 4),
        ])
    }

    @Test func trailingCommaMeansAnEmptyLastField() throws {
        #expect(try CSVParser.parse("a,\n").first?.fields == ["a", ""])
    }

    @Test func crLineEndingsAndCRLFInsideQuotes() throws {
        let records = try CSVParser.parse("h1,h2\r\"one\r\ntwo\",x\rthree,y\r")
        #expect(records.map(\.fields) == [["h1", "h2"], ["one\r\ntwo", "x"], ["three", "y"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func nonASCIIFields() throws {
        #expect(try CSVParser.parse("\"naïve, café\",日本\n").first?.fields == ["naïve, café", "日本"])
    }

    @Test(arguments: [
        ("a,b\n\"open,x\nmore\n", 2, "unterminated quoted field: expected a closing '\"'"),
        ("a,b\nab\"c,d\n", 2, "unexpected '\"' inside an unquoted field"),
        ("a,b\n\"ab\"c,d\n", 2, "expected ',' or end of line after a closing quote but found 'c'"),
        ("a,b\n\"multi\nline\" x,d\n", 3, "expected ',' or end of line after a closing quote"),
    ])
    func malformed(text: String, line: Int, message: String) {
        #expect(throws: CSVParser.ParseError.self) { try CSVParser.parse(text) }
        do {
            _ = try CSVParser.parse(text)
        } catch {
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}

@Suite struct CSVReaderTests {
    @Test func readsAutoColumnsWithSplits() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.csv", [
            "id,Text,Intent,Split",
            "1,\"where is my order, A1\",order_status,train",
            "2,\"he said \"\"hi\"\"\",greet,dev",
            "3,\"two\r\nlines\",greet,TEST",
            "4, padded ,  order_status ,validation",
        ].joined(separator: "\r\n") + "\r\n")
        let dataset = try DatasetLoader.load(path: file)
        #expect(dataset.format == .csv)
        #expect(dataset.train == [Utterance(text: "where is my order, A1", intent: "order_status")])
        #expect(dataset.validation == [
            Utterance(text: "he said \"hi\"", intent: "greet"),
            Utterance(text: "padded", intent: "order_status"),
        ])
        #expect(dataset.test == [Utterance(text: "two\r\nlines", intent: "greet")])
    }

    @Test(arguments: ["label", "category", "LABEL"])
    func labelColumnAliases(name: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.csv", "text,\(name)\nhello,greet\n")
        let dataset = try DatasetLoader.load(path: file)
        #expect(dataset.train == [Utterance(text: "hello", intent: "greet")])
        #expect(dataset.splitNames == ["train"])
    }

    @Test func explicitColumns() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.txt", "utterance,tag,intent\nhello,greet,wrong\n")
        let dataset = try DatasetLoader.load(path: file, format: .csv, csv: CSVColumns(text: "Utterance", label: "tag"))
        #expect(dataset.train == [Utterance(text: "hello", intent: "greet")])
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("bom.csv", "\u{FEFF}text,intent\nhello,greet\n")
        #expect(try DatasetLoader.load(path: file).train.count == 1)
    }

    @Test(arguments: [
        ("utterance,intent\nhi,greet\n", CSVColumns.auto, 1,
         #"missing text column: expected a column named "text" but found "utterance", "intent""#),
        ("text,kind\nhi,greet\n", CSVColumns.auto, 1,
         #"missing label column: expected a column named "intent" or "label" or "category" but found "text", "kind""#),
        ("text,intent\nhi,greet\n", CSVColumns(label: "topic"), 1, #"missing label column: expected a column named "topic""#),
        ("text,intent\nhi,greet\n", CSVColumns(split: "fold"), 1, #"missing split column: expected a column named "fold""#),
        ("text,Text,intent\nhi,hi,greet\n", CSVColumns.auto, 1, #"ambiguous text column: 2 columns are named "text""#),
        ("text,intent\nhi,greet\nbye\n", CSVColumns.auto, 3, "expected 2 fields (as in the header) but found 1"),
        ("text,intent\nhi,greet\n\"\",greet\n", CSVColumns.auto, 3, #"empty text in column "text""#),
        ("text,intent\nhi, \n", CSVColumns.auto, 2, #"empty label in column "intent""#),
        ("text,intent,split\nhi,greet,train\nyo,greet,holdout\n", CSVColumns.auto, 3, #"unknown split name "holdout""#),
        ("text,intent\n\"hi,greet\n", CSVColumns.auto, 2, "unterminated quoted field"),
        ("text,intent\n", CSVColumns.auto, nil, "no training examples found"),
        ("", CSVColumns.auto, nil, "empty file: expected a header row"),
    ])
    func errors(csv: String, columns: CSVColumns, line: Int?, message: String) throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("data.csv", csv)
        expect(dataError { try DatasetLoader.load(path: file, csv: columns) }, file: file, line: line, contains: [message])
    }
}
