import Foundation
import FrontlineTestFiles
import FrontlineML
import Testing
@testable import FrontlineData

extension SharedDatasets {
    static let snips2017 = path("snips-2017/2017-06-custom-intent-engines")
}

@Suite struct SnipsSharedDatasetTests {
    static let intents = ["AddToPlaylist", "BookRestaurant", "GetWeather", "PlayMusic", "RateBook",
                          "SearchCreativeWork", "SearchScreeningEvent"]

    @Test(.enabled(if: SharedDatasets.present("snips-2017/2017-06-custom-intent-engines/PlayMusic"),
                   "snips-2017 not found at ../shared/datasets/snips-2017/2017-06-custom-intent-engines; skipping"))
    func snips2017() throws {
        let dataset = try DatasetLoader.load(path: SharedDatasets.snips2017)
        #expect(dataset.format == .snips)
        #expect(dataset.splitNames == ["train", "test"])
        func perIntent(_ utterances: [Utterance]?) -> [String: Int] {
            Dictionary(grouping: utterances ?? [], by: \.intent).mapValues(\.count)
        }
        // The _full training files, and 100 held-out queries per intent.
        #expect(perIntent(dataset.train) == [
            "AddToPlaylist": 1942, "BookRestaurant": 1973, "GetWeather": 2000, "PlayMusic": 2000,
            "RateBook": 1956, "SearchCreativeWork": 1954, "SearchScreeningEvent": 1959,
        ])
        #expect(dataset.train.count == 13784)
        #expect(perIntent(dataset.test) == Dictionary(uniqueKeysWithValues: Self.intents.map { ($0, 100) }))

        // The CESU-8 line of train_PlayMusic_full.json comes through as the character it encodes.
        #expect(dataset.train.contains { $0.text.contains("Pop Punk Perfection 🍕") })

        // Every span cuts out exactly its chunk's text (white space around it trimmed), in order,
        // and no utterance starts or ends with white space.
        for intent in Self.intents {
            let folder = SharedDatasets.snips2017 + "/" + intent
            for (file, split) in [("train_\(intent)_full.json", dataset.train), ("validate_\(intent).json", dataset.test ?? [])] {
                let chunks = try entityChunks(JSONDocument.read(folder + "/" + file), intent: intent)
                let utterances = split.filter { $0.intent == intent }
                try #require(chunks.count == utterances.count, "\(file)")
                for (utterance, expected) in zip(utterances, chunks) {
                    let scalars = Array(utterance.text.unicodeScalars)
                    #expect(scalars.first?.properties.isWhitespace == false && scalars.last?.properties.isWhitespace == false)
                    let spans = utterance.slots.map { span -> (String, String) in
                        guard span.start >= 0, span.start < span.end, span.end <= scalars.count else { return (span.slot, "<out of range>") }
                        var view = String.UnicodeScalarView()
                        view.append(contentsOf: scalars[span.start..<span.end])
                        return (span.slot, String(view))
                    }
                    #expect(spans.map(\.0) == expected.map(\.0), "\(file): \(utterance.text)")
                    #expect(spans.map(\.1) == expected.map(\.1), "\(file): \(utterance.text)")
                }
            }
        }
    }

    /// (entity, text trimmed) of each utterance's entity chunks, read independently of the reader.
    private func entityChunks(_ document: JSONDocument, intent: String) throws -> [[(String, String)]] {
        let items = try #require((document.value as? [String: Any])?[intent] as? [[String: Any]])
        return try items.map { item in
            let chunks = try #require(item["data"] as? [[String: Any]])
            return chunks.compactMap { chunk in
                guard let entity = chunk["entity"] as? String, let text = chunk["text"] as? String else { return nil }
                return (entity, text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
    }
}
