import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

/// The optional feature templates (far window, intent context) and how their settings
/// are saved: off, a tagger writes what earlier builds wrote; on, it is format 2.
@Suite struct TaggerTemplateTests {
    func keys(_ extractor: TagFeatureExtractor, _ text: String, intent: String? = "weather") -> Set<UInt64> {
        Set(extractor.extract(TagTokenizer.tokenize(text), text: text, intent: intent).keys)
    }

    @Test func farWindowAndIntentContextAddFeatures() {
        let text = "will it rain in new york tomorrow"
        let plain = TagFeatureExtractor(useIntent: true, gazetteer: nil, source: nil)
        let far = TagFeatureExtractor(useIntent: true, gazetteer: nil, source: nil, window: 3)
        let context = TagFeatureExtractor(useIntent: true, gazetteer: nil, source: nil, intentContext: true)
        #expect(keys(plain, text).isSubset(of: keys(far, text)))
        #expect(keys(far, text).count > keys(plain, text).count)
        #expect(keys(plain, text).isSubset(of: keys(context, text)))
        #expect(keys(context, text).count > keys(plain, text).count)
        // Intent context needs an intent; without one it adds nothing.
        #expect(keys(context, text, intent: nil) == keys(plain, text, intent: nil))
        // Far features of distance 3 differ from those of distance 4 for the same word.
        let four = TagFeatureExtractor(useIntent: true, gazetteer: nil, source: nil, window: 4)
        #expect(keys(four, text).count > keys(far, text).count)
    }

    @Test func settingsWithoutTheNewFieldsDecodeAsBefore() throws {
        var legacy = SlotTaggerSettings()
        legacy.window = 2
        legacy.intentContext = false
        let json = try JSONEncoder().encode(legacy)
        let text = String(decoding: json, as: UTF8.self)
        // The behaviour of before these fields existed is written without them...
        #expect(!text.contains("window"))
        #expect(!text.contains("intentContext"))
        // ...and a manifest without them reads as that behaviour, not as today's defaults.
        let decoded = try JSONDecoder().decode(SlotTaggerSettings.self, from: json)
        #expect(decoded == legacy)
        #expect(decoded.window == 2 && SlotTaggerSettings().window == 3)
        var settings = SlotTaggerSettings()
        settings.intentContext = true
        #expect(try JSONDecoder().decode(SlotTaggerSettings.self, from: JSONEncoder().encode(settings)) == settings)
    }

    @Test func newTemplatesSaveAsFormatTwoAndLoadBack() throws {
        var settings = SlotTaggerSettings()
        settings.window = 3
        settings.intentContext = true
        settings.maxIterations = 30
        let tagger = try SlotTagger.train(TaggerFixture.utterances, settings: settings)
        let dir = try TemporaryFolder()
        try tagger.save(to: dir.url)
        let manifest = try String(contentsOf: dir.url.appendingPathComponent("tagger.json"), encoding: .utf8)
        #expect(manifest.contains("\"formatVersion\" : 2"))
        let loaded = try SlotTagger.load(from: dir.url)
        #expect(loaded.settings == settings)
        for u in TaggerFixture.utterances {
            #expect(loaded.tag(u.text, intent: u.intent) == tagger.tag(u.text, intent: u.intent))
        }

        var legacy = SlotTaggerSettings()
        legacy.window = 2
        legacy.maxIterations = 30
        let plain = try SlotTagger.train(TaggerFixture.utterances, settings: legacy)
        try plain.save(to: dir.url("plain"))
        let old = try String(contentsOf: dir.url("plain").appendingPathComponent("tagger.json"), encoding: .utf8)
        #expect(old.contains("\"formatVersion\" : 1"))
    }
}
