import Foundation
import FrontlineData
import FrontlineML

/// Trains an assistant's model the way `frontline train --data DIR --out MODEL --no-embedding-cache` does
/// with its defaults (n-grams plus the sentence encoder), so a model trained on first start is
/// byte-identical to the shipped one.
enum ModelTraining {
    static func exists(at folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.json").path)
    }

    static func train(data: String, slots: [SlotDefinition], to folder: URL, progress: ((String) -> Void)?) throws {
        let dataset: Dataset
        do {
            dataset = try DatasetLoader.load(path: data)
        } catch {
            throw AssistantError.training(path: data, reason: "\(error)")
        }
        guard !dataset.train.isEmpty else {
            throw AssistantError.training(path: data, reason: "no training examples")
        }
        // The default recipe: n-grams plus the sentence encoder's embedding (see the README for
        // why). The encoder's weights come from Scripts/setup; without them this says so.
        let embedder: any TextEmbedder
        do {
            // A private, empty cache: the process's shared one may hold vectors computed in
            // other batches (a parse, a search), which can differ in the last bits, and the
            // model must be the bytes `frontline train --no-embedding-cache` writes.
            let shared = try EncoderRegistry.shared.load()
            embedder = try EmbeddingCache(base: (shared as? EmbeddingCache)?.base ?? shared)
        } catch {
            throw AssistantError.training(
                path: data, reason: "the default recipe needs the sentence encoder (run Scripts/setup): \(error)")
        }
        let settings = NLUTrainingSettings(intent: .recommended(with: embedder))
        let (model, _) = try NLUTrainer.train(
            dataset.train, validation: dataset.validation, slots: slots, settings: settings, progress: progress)
        // Written next to the target and renamed, so a crash never leaves half a model behind.
        let staging = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).training-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: staging)
        try NLUModelFile.save(model, settings: settings, trainingData: dataset.train, to: staging)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.moveItem(at: staging, to: folder)
    }
}
