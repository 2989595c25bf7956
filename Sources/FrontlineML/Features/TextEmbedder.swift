import Foundation

/// Something that turns texts into fixed-length dense vectors: a sentence encoder, or
/// a cache in front of one. The vectors go in front of the n-grams as a dense block.
public protocol TextEmbedder: Sendable {
    /// Which encoder, e.g. "all-MiniLM-L6-v2".
    var name: String { get }
    /// Identifies the weights and vocabulary: a model trained on one encoder refuses another.
    var fingerprint: String { get }
    var dimension: Int { get }
    /// One vector per text, in order, each `dimension` long.
    func embed(_ texts: [String]) -> [[Float]]
}

/// What the dense block is.
public enum DenseFeatureKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The encoder's sentence embedding (mean-pooled, L2-normalised).
    case sentence
    /// The mean of the encoder's per-word-piece static vectors (`StaticTokenVectors`).
    case staticVectors = "static"
}

/// The dense block of a model's features, saved in the manifest so that loading can find
/// (and check) the same encoder.
public struct DenseFeatureSettings: Sendable, Hashable, Codable {
    public var kind: DenseFeatureKind
    public var encoder: String
    public var fingerprint: String
    public var dimension: Int
    /// The block's scale: vectors are unit length; the n-gram blocks have norms 2 and 1.
    public var weight: Float

    public init(kind: DenseFeatureKind = .sentence, encoder: String, fingerprint: String, dimension: Int, weight: Float) {
        self.kind = kind
        self.encoder = encoder
        self.fingerprint = fingerprint
        self.dimension = dimension
        self.weight = weight
    }

    public init(kind: DenseFeatureKind = .sentence, embedder: any TextEmbedder, weight: Float) {
        self.init(kind: kind, encoder: embedder.name, fingerprint: embedder.fingerprint, dimension: embedder.dimension, weight: weight)
    }
}
