import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

@Suite struct SharedDatasetTests {
    @Test(.enabled(if: SharedDatasets.present("clinc150/data_full.json"),
                   "CLINC150 not found at ../shared/datasets/clinc150/data_full.json; skipping"))
    func clinc150Full() throws {
        let dataset = try DatasetLoader.load(path: SharedDatasets.path("clinc150/data_full.json"))
        #expect(dataset.format == .clinc)
        func counts(_ split: [Utterance]?) -> (inScope: Int, oos: Int) {
            let utterances = split ?? []
            let oos = utterances.filter { $0.intent == "oos" }.count
            return (utterances.count - oos, oos)
        }
        #expect(counts(dataset.train) == (15000, 100))
        #expect(counts(dataset.validation) == (3000, 100))
        #expect(counts(dataset.test) == (4500, 1000))
        #expect(Set(dataset.train.map(\.intent)).count == 151)
    }

    @Test(.enabled(if: SharedDatasets.present("snips-joint/train/seq.in"),
                   "snips-joint not found at ../shared/datasets/snips-joint; skipping"))
    func snipsJoint() throws {
        let dataset = try DatasetLoader.load(path: SharedDatasets.path("snips-joint"))
        #expect(dataset.format == .bio)
        #expect(dataset.train.count == 13084)
        #expect(dataset.validation?.count == 700)
        #expect(dataset.test?.count == 700)
        #expect(Set(dataset.train.map(\.intent)).count == 7)
        // Every span must cut whole tokens out of the text.
        for utterance in dataset.train + (dataset.test ?? []) {
            let scalars = Array(utterance.text.unicodeScalars)
            for span in utterance.slots {
                #expect(span.start >= 0 && span.start < span.end && span.end <= scalars.count)
                #expect(span.start == 0 || scalars[span.start - 1] == " ")
                #expect(span.end == scalars.count || scalars[span.end] == " ")
            }
        }
        let first = try #require(dataset.train.first)
        #expect(first.text == "listen to westbam alumb allergic on google music")
        #expect(first.slots.map(\.slot) == ["artist", "album", "service"])
    }
}
