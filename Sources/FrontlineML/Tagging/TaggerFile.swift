import Foundation

/// A slot tagger on disk: `tagger.json` (format, version, settings, labels,
/// hashing parameters, blob checksums) next to little-endian binary blobs, in the
/// style of `ModelFile`. Training the same data with the same settings writes the same bytes.
extension SlotTagger {
    public static let fileFormat = "frontline-slot-tagger"
    /// Bump on any change to what the files mean (features, templates, hashing, layout).
    public static let fileFormatVersion = 2
    /// Version 2 added the far window and intent-context templates; a tagger that uses
    /// neither is written as version 1, byte for byte what earlier builds wrote.
    static let oldestReadableVersion = 1

    var writtenFormatVersion: Int {
        settings.window == 2 && !settings.intentContext ? 1 : Self.fileFormatVersion
    }

    struct Manifest: Codable {
        struct Hashing: Codable {
            /// How feature strings become keys; a model only works with the same scheme.
            var scheme: String
            var gazetteerMaxTokens: Int
            var gazetteerLongest: Int
        }
        var format: String
        var formatVersion: Int
        var settings: SlotTaggerSettings
        var summary: SlotTaggerSummary
        var slots: [String]
        var intents: [String]
        var intentLabels: [[Int32]]
        var featureCount: Int
        var pairCount: Int
        var hashing: Hashing
        var gazetteer: Bool
        /// Whether training used a `TokenFeatureSource` (pass the same one to `load`).
        var externalFeatures: Bool
        var blobs: [String: ModelFile.Blob]
    }

    static let hashingScheme = "fnv1a64+splitmix64, templates v1"

    public func save(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var blobs: [String: ModelFile.Blob] = [:]
        func write<T>(_ name: String, _ values: [T], type: String) throws {
            let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
            let file = "\(name).bin"
            try data.write(to: directory.appendingPathComponent(file), options: .atomic)
            blobs[name] = ModelFile.Blob(file: file, type: type, count: values.count, checksum: ModelFile.checksum(data))
        }
        try write("feature_keys", weights.features.keys.map(\.littleEndian), type: "u64")
        try write("row_starts", weights.rowStarts.map(\.littleEndian), type: "i32")
        try write("pair_labels", weights.pairLabels.map(\.littleEndian), type: "i32")
        try write("weights", weights.values.map { $0.bitPattern.littleEndian }, type: "f32")
        let gaz = extractor.gazetteer
        if let gaz {
            let flat = gaz.flattened
            try write("gazetteer_keys", flat.keys.map(\.littleEndian), type: "u64")
            try write("gazetteer_counts", flat.slotCounts.map(\.littleEndian), type: "i32")
            try write("gazetteer_slots", flat.slots.map(\.littleEndian), type: "i32")
        }
        // Wall time is left out so the same data and settings write the same bytes.
        var stored = summary
        stored.seconds = 0
        let manifest = Manifest(
            format: Self.fileFormat, formatVersion: writtenFormatVersion, settings: settings, summary: stored,
            slots: bio.slots, intents: intents, intentLabels: intentLabels,
            featureCount: weights.features.count, pairCount: weights.pairCount,
            hashing: .init(scheme: Self.hashingScheme, gazetteerMaxTokens: SlotGazetteer.maxTokens, gazetteerLongest: gaz?.longest ?? 0),
            gazetteer: gaz != nil, externalFeatures: extractor.source != nil, blobs: blobs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: directory.appendingPathComponent("tagger.json"), options: .atomic)
    }

    /// Loads a saved tagger; `features` must be the source it was trained with, if any.
    public static func load(from directory: URL, features source: (any TokenFeatureSource)? = nil) throws -> SlotTagger {
        let url = directory.appendingPathComponent("tagger.json")
        guard let data = try? Data(contentsOf: url) else {
            throw ModelError(path: url.path, message: "no slot tagger here: tagger.json is missing or unreadable")
        }
        struct Header: Decodable { var format: String?; var formatVersion: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == fileFormat else {
            throw ModelError(path: url.path, message: "not a Frontline slot tagger manifest (expected \"format\": \"\(fileFormat)\")")
        }
        let version = header.formatVersion ?? 0
        guard (oldestReadableVersion...fileFormatVersion).contains(version) else {
            let age = version < fileFormatVersion ? "older" : "newer"
            throw ModelError(path: url.path, message: "slot tagger format version \(version) is \(age) than this frontline's version \(fileFormatVersion); retrain the tagger")
        }
        let m: Manifest
        do { m = try JSONDecoder().decode(Manifest.self, from: data) } catch {
            throw ModelError(path: url.path, message: "malformed manifest: \(error)")
        }
        guard m.hashing.scheme == hashingScheme else {
            throw ModelError(path: url.path, message: "feature hashing \"\(m.hashing.scheme)\" is not this frontline's \"\(hashingScheme)\"; retrain the tagger")
        }
        func read<T>(_ name: String, as: T.Type, expected: Int? = nil) throws -> [T] {
            guard let blob = m.blobs[name] else { throw ModelError(path: url.path, message: "manifest lists no blob \"\(name)\"") }
            let file = directory.appendingPathComponent(blob.file)
            guard let bytes = try? Data(contentsOf: file) else {
                throw ModelError(path: file.path, message: "blob \"\(name)\" is missing or unreadable")
            }
            let size = MemoryLayout<T>.stride
            guard bytes.count == blob.count * size, expected == nil || blob.count == expected else {
                throw ModelError(path: file.path, message: "blob \"\(name)\" has \(bytes.count / size) values, expected \(expected ?? blob.count)")
            }
            guard ModelFile.checksum(bytes) == blob.checksum else {
                throw ModelError(path: file.path, message: "blob \"\(name)\" is corrupt (checksum mismatch)")
            }
            return [T](unsafeUninitializedCapacity: blob.count) { buffer, count in
                _ = bytes.copyBytes(to: buffer)
                count = blob.count
            }
        }
        let bio = BIOLabels(slots: m.slots)
        let labelCount = bio.count
        let keys = try read("feature_keys", as: UInt64.self, expected: m.featureCount).map { UInt64(littleEndian: $0) }
        let rowStarts = try read("row_starts", as: Int32.self, expected: m.featureCount + 1).map { Int32(littleEndian: $0) }
        let pairLabels = try read("pair_labels", as: Int32.self, expected: m.pairCount).map { Int32(littleEndian: $0) }
        let values = try read("weights", as: UInt32.self, expected: m.pairCount + (labelCount + 1) * labelCount)
            .map { Float(bitPattern: UInt32(littleEndian: $0)) }
        // Never trust indices from disk: a bad one would crash the tagging loops.
        let rowsOK = rowStarts.first == 0 && rowStarts.last == Int32(m.pairCount) && zip(rowStarts, rowStarts.dropFirst()).allSatisfy { $0 <= $1 }
        let labelsOK = pairLabels.allSatisfy { $0 >= 0 && Int($0) < labelCount }
            && m.intentLabels.count == m.intents.count
            && m.intentLabels.allSatisfy { $0.first == 0 && $0.allSatisfy { $0 >= 0 && Int($0) < labelCount } }
        guard rowsOK, labelsOK, bio.slots == m.slots else {
            throw ModelError(path: url.path, message: "inconsistent tagger: feature rows or labels out of range")
        }
        var gazetteer: SlotGazetteer?
        if m.gazetteer {
            let slots = try read("gazetteer_slots", as: Int32.self).map { Int32(littleEndian: $0) }
            guard slots.allSatisfy({ $0 >= 0 && Int($0) < m.slots.count }),
                  let g = SlotGazetteer(
                    keys: try read("gazetteer_keys", as: UInt64.self).map { UInt64(littleEndian: $0) },
                    slotCounts: try read("gazetteer_counts", as: Int32.self).map { Int32(littleEndian: $0) },
                    slots: slots, longest: min(m.hashing.gazetteerLongest, SlotGazetteer.maxTokens))
            else { throw ModelError(path: url.path, message: "inconsistent gazetteer blobs") }
            gazetteer = g
        }
        let weights = TaggerWeights(
            labelCount: labelCount, features: FeatureIndex(keys: keys), rowStarts: rowStarts, pairLabels: pairLabels, values: values)
        return SlotTagger(
            settings: m.settings, summary: m.summary, bio: bio, weights: weights, gazetteer: gazetteer,
            source: source, intents: m.intents, intentLabels: m.intentLabels)
    }
}
