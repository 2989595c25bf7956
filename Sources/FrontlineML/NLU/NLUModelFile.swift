import Foundation

/// A whole NLU model on disk: the intent model's files (`manifest.json` and blobs,
/// see `ModelFile`), the slot tagger in `tagger/`, and `nlu.json` with the slots'
/// declarations. A folder with only the intent model still loads (no slots).
public enum NLUModelFile {
    public static let format = "frontline-nlu"
    public static let formatVersion = 1
    static let fileName = "nlu.json"
    static let taggerFolder = "tagger"

    struct Manifest: Codable {
        var format: String
        var formatVersion: Int
        var slots: [SlotDefinition]
        /// Folder of the slot tagger, relative to the model folder.
        var tagger: String?
        var entityFeatures: Bool
        var training: NLUTrainingSettings
    }

    public static func save(_ model: NLUModel, settings: NLUTrainingSettings, trainingData: [Utterance], to directory: URL) throws {
        try ModelFile.save(model.intents, settings: settings.intent, trainingData: trainingData, to: directory)
        let taggerURL = directory.appendingPathComponent(taggerFolder, isDirectory: true)
        if let tagger = model.tagger {
            try tagger.save(to: taggerURL)
        } else if FileManager.default.fileExists(atPath: taggerURL.path) {
            // A tagger left from an earlier model must not be loaded with this one.
            try FileManager.default.removeItem(at: taggerURL)
        }
        let manifest = Manifest(
            format: format, formatVersion: formatVersion, slots: model.slotDefinitions,
            tagger: model.tagger == nil ? nil : taggerFolder, entityFeatures: settings.entityFeatures, training: settings)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: directory.appendingPathComponent(fileName), options: .atomic)
    }

    public static func load(from directory: URL) throws -> (NLUModel, ModelFile.Manifest) {
        let (intents, intentManifest) = try ModelFile.load(from: directory)
        let url = directory.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else {
            return (try NLUModel(intents: intents, tagger: nil, slotDefinitions: []), intentManifest)
        }
        struct Header: Decodable { var format: String?; var formatVersion: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data), header.format == format else {
            throw ModelError(path: url.path, message: "not a Frontline NLU manifest (expected \"format\": \"\(format)\")")
        }
        guard header.formatVersion == formatVersion else {
            throw ModelError(
                path: url.path,
                message: "NLU format version \(header.formatVersion ?? 0) is not this frontline's version \(formatVersion); retrain with `frontline train`")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw ModelError(path: url.path, message: "malformed NLU manifest: \(error)")
        }
        var tagger: SlotTagger?
        if let folder = manifest.tagger {
            let source = manifest.entityFeatures ? try NLUModel.tokenFeatures(for: manifest.slots) : nil
            tagger = try SlotTagger.load(from: directory.appendingPathComponent(folder, isDirectory: true), features: source)
        }
        return (try NLUModel(intents: intents, tagger: tagger, slotDefinitions: manifest.slots), intentManifest)
    }
}
