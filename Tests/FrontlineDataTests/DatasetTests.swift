import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct DatasetTests {
    let a = Utterance(text: "a", intent: "x")
    let b = Utterance(text: "b", intent: "y")

    @Test func normalisesSplitNames() throws {
        let dataset = try Dataset(source: "mem", format: .csv, splits: ["TRAIN": [a], "dev": [b], "Test": [a, b]])
        #expect(dataset.splitNames == ["train", "val", "test"])
        #expect(dataset.train == [a])
        #expect(dataset.validation == [b])
        #expect(dataset.test == [a, b])
        #expect(dataset.count == 4)
        for alias in ["val", "valid", "dev", "validation", " VALID "] {
            #expect(dataset.split(named: alias) == [b])
        }
        #expect(dataset.split(named: "holdout") == nil)
        #expect(dataset.source == "mem")
        #expect(dataset.format == .csv)
    }

    @Test func absentSplitsAreEmptyOrNil() throws {
        let dataset = try Dataset(source: "mem", format: .bio, splits: ["test": [a]])
        #expect(dataset.train.isEmpty)
        #expect(dataset.validation == nil)
        #expect(dataset.splitNames == ["test"])
    }

    @Test func aliasesOfOneSplitAreCombinedDeterministically() throws {
        let dataset = try Dataset(source: "mem", format: .csv, splits: ["valid": [b], "dev": [a]])
        #expect(dataset.validation == [a, b])  // sorted key order: dev, valid
    }

    @Test func unknownSplitNameIsAnError() {
        let error = dataError { try Dataset(source: "mem", format: .csv, splits: ["holdout": [a]]) }
        expect(error, file: "mem", line: nil, contains: ["unknown split name \"holdout\"", "expected train, val"])
    }

    @Test func emptyDatasetIsAnError() {
        let error = dataError { try Dataset(source: "mem", format: .csv, splits: ["train": []]) }
        expect(error, file: "mem", line: nil, contains: ["no training examples"])
    }

    @Test func errorDescriptionLooksLikeADiagnostic() {
        #expect(DataError(file: "a/b.yml", line: 12, message: "expected x but found y").description
            == "a/b.yml:12: expected x but found y")
        #expect(DataError(file: "a/b.json", message: "oops").description == "a/b.json: oops")
    }
}
