import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

/// The weights live outside the repo (Scripts/setup fetches them into .cache/encoders).
/// Locally the tests that need them skip with a message when they are absent; in CI
/// (CI set) they run and fail, since CI runs Scripts/setup first.
enum EncoderFixture {
    static let repoRoot = PackageRoot.url
    static let folder = SentenceEncoder.locate(from: repoRoot)
    static let inCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    /// Run the weight-dependent tests: the weights are here, or CI demands them.
    static let enabled = folder != nil || inCI
    static let skipMessage = ".cache/encoders/\(SentenceEncoder.defaultName) is absent (run Scripts/setup): encoder tests skipped"

    /// Loaded once for all tests (90 MB of weights).
    static let loaded: Result<SentenceEncoder, any Error> = Result {
        guard let folder else {
            throw EncoderError(path: repoRoot.appendingPathComponent(".cache/encoders").path, "encoder weights missing: CI must run Scripts/setup before the tests")
        }
        return try SentenceEncoder(folder: folder)
    }

    static func encoder() throws -> SentenceEncoder { try loaded.get() }

    struct Case: Decodable {
        var text: String
        var ids: [Int32]
        var offsets: [[Int]?]
    }

    struct Reference: Decodable {
        var maxLength: Int
        var dimension: Int
        var cases: [Case]
    }

    static let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures/encoder")

    static func reference() throws -> (Reference, embeddings: [[Float]]) {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixtures.appendingPathComponent("reference.json")))
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("embeddings.f32"))
        let d = reference.dimension
        try #require(bytes.count == reference.cases.count * d * 4, "embeddings.f32 must hold one row per text")
        let flat = bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        return (reference, (0..<reference.cases.count).map { Array(flat[($0 * d)..<(($0 + 1) * d)]) })
    }
}

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        na += Double(x) * Double(x)
        nb += Double(y) * Double(y)
    }
    return dot / max((na * nb).squareRoot(), 1e-30)
}

@Suite("Encoder against the reference (tokenizers + numpy)", .enabled(if: EncoderFixture.enabled, .init(rawValue: EncoderFixture.skipMessage)))
struct EncoderReferenceTests {
    @Test func fixtureIsVaried() throws {
        let (reference, embeddings) = try EncoderFixture.reference()
        #expect(reference.cases.count >= 200)
        #expect(embeddings.count == reference.cases.count)
        // Some texts hit the 128-piece limit, some are only [CLS] [SEP].
        #expect(reference.cases.contains { $0.ids.count == reference.maxLength })
        #expect(reference.cases.contains { $0.ids.count == 2 })
    }

    @Test func tokenIDsAreIdentical() throws {
        let encoder = try EncoderFixture.encoder()
        let (reference, _) = try EncoderFixture.reference()
        var mismatches: [String] = []
        for c in reference.cases {
            let ids = encoder.tokenizer.encode(c.text, maxLength: reference.maxLength).ids
            if ids != c.ids { mismatches.append("\(c.text.debugDescription): \(ids) ≠ \(c.ids)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) texts differ:\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test func offsetsMapBackToTheOriginalText() throws {
        let encoder = try EncoderFixture.encoder()
        let (reference, _) = try EncoderFixture.reference()
        var checked = 0
        for c in reference.cases {
            let encoding = encoder.tokenizer.encode(c.text, maxLength: reference.maxLength)
            try #require(encoding.offsets.count == encoding.ids.count)
            guard encoding.ids == c.ids else { continue }  // reported by tokenIDsAreIdentical
            let scalars = c.text.unicodeScalars
            for (offset, expected) in zip(encoding.offsets, c.offsets) {
                // The reference counts Unicode scalars; compare positions and the substrings.
                let actual = offset.map { [scalars.distance(from: scalars.startIndex, to: $0.lowerBound), scalars.distance(from: scalars.startIndex, to: $0.upperBound)] }
                #expect(actual == expected, "\(c.text.debugDescription)")
                if let offset, let expected {
                    let a = scalars.index(scalars.startIndex, offsetBy: expected[0])
                    let b = scalars.index(scalars.startIndex, offsetBy: expected[1])
                    #expect(String(scalars[offset]) == String(scalars[a..<b]))
                    checked += 1
                }
            }
        }
        #expect(checked > 2000)
    }

    @Test func offsetsOfPlainText() throws {
        let encoder = try EncoderFixture.encoder()
        let text = "Where's order A-12345?"
        let encoding = encoder.tokenizer.encode(text, maxLength: 128)
        let pieces = encoding.offsets.map { $0.map { String(text.unicodeScalars[$0]) } }
        #expect(pieces.first! == nil && pieces.last! == nil)
        // Pieces: where ' s order a - 123 ##45 ? — each points at the original spelling.
        #expect(pieces.compactMap { $0 } == ["Where", "'", "s", "order", "A", "-", "123", "45", "?"])
    }

    @Test func embeddingsMatchWithinCosine() throws {
        let encoder = try EncoderFixture.encoder()
        let (reference, expected) = try EncoderFixture.reference()
        #expect(encoder.dimension == reference.dimension)
        let actual = encoder.embed(reference.cases.map(\.text))
        try #require(actual.count == expected.count)
        var worst = (cosine: 1.0, text: "")
        for (i, c) in reference.cases.enumerated() {
            #expect(actual[i].count == reference.dimension)
            let similarity = cosine(actual[i], expected[i])
            if similarity < worst.cosine { worst = (similarity, c.text) }
        }
        #expect(worst.cosine >= 0.9999, "lowest cosine \(worst.cosine) for \(worst.text.debugDescription)")
        // Unit length, as sentence-transformers normalises.
        for v in actual { #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4) }
    }

    @Test func batchedEqualsOneAtATime() throws {
        let encoder = try EncoderFixture.encoder()
        let (reference, _) = try EncoderFixture.reference()
        // Mixed lengths in one batch, big enough to be split over threads.
        let texts = stride(from: 0, to: reference.cases.count, by: 7).map { reference.cases[$0].text }
        let batched = encoder.embed(texts)
        for (i, text) in texts.enumerated() {
            let alone = encoder.embed([text])[0]
            #expect(maxDifference(alone, batched[i]) < 1e-5, "\(text.debugDescription)")
        }
        #expect(encoder.embed([]).isEmpty)
    }

    @Test func tokenStatesPoolToTheEmbedding() throws {
        let encoder = try EncoderFixture.encoder()
        let text = "I want to return the café table I ordered (order A-12345)"
        let (encoding, states) = encoder.tokenStates(text)
        #expect(states.count == encoding.ids.count)
        var mean = [Float](repeating: 0, count: encoder.dimension)
        for s in states { for j in mean.indices { mean[j] += s[j] } }
        #expect(cosine(mean, encoder.embed([text])[0]) > 0.99999)
        // Contextual: the same piece in different sentences gets different states.
        let a = encoder.tokenStates("book a table").states[1]
        let b = encoder.tokenStates("read a book").states[3]
        #expect(maxDifference(a, b) > 0.1)
    }

    @Test func identityAndSimilarity() throws {
        let encoder = try EncoderFixture.encoder()
        #expect(encoder.name == SentenceEncoder.defaultName)
        #expect(encoder.fingerprint.hasPrefix("fnv1a64:"))
        #expect(encoder.fingerprint == (try SentenceEncoder(folder: try #require(EncoderFixture.folder))).fingerprint)
        let v = encoder.embed(["where is my package", "my parcel has not arrived yet", "what is the weather tomorrow"])
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.2)
    }
}

@Suite("Locating an encoder folder")
struct EncoderLocateTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FRONTLINE_ENCODERS"] == nil, "FRONTLINE_ENCODERS is set: it overrides the search"))
    func walksUpToTheCache() throws {
        let root = try TemporaryFolder()
        let folder = root.url.appendingPathComponent(".cache/encoders/tiny", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let deep = root.url.appendingPathComponent("Models/default", isDirectory: true)
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        #expect(SentenceEncoder.locate(name: "tiny", from: deep) == nil, "no weights yet")
        try Data([0]).write(to: folder.appendingPathComponent("model.safetensors"))
        #expect(SentenceEncoder.locate(name: "tiny", from: deep)?.standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(SentenceEncoder.locate(name: "other", from: deep) == nil)
    }
}
