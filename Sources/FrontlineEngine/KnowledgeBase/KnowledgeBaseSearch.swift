import Foundation
import FrontlineData
import FrontlineML

/// The knowledge-base search an assistant uses: full-text fused with the sentence encoder
/// when one is available (`SemanticKnowledgeBase`), else exactly the full-text index.
public struct KnowledgeBaseSearch: Sendable {
    /// What the engine searches.
    public let index: any KnowledgeBaseIndex
    /// The semantic layer, when an encoder was found and loaded.
    public let semantic: SemanticKnowledgeBase?
    private let loadWarning: String?

    /// `FRONTLINE_KB_SEMANTIC=off` keeps the full-text search alone (to compare, or to save
    /// the encoder's memory).
    public static let switchVariable = "FRONTLINE_KB_SEMANTIC"

    /// Worth a line in the log: an encoder that failed to load, a vector cache rebuilt.
    public var warnings: [String] { (loadWarning.map { [$0] } ?? []) + (semantic?.warnings ?? []) }

    /// Wraps `fullText` with `embedder`, or with the encoder `SentenceEncoder.locate` finds
    /// from `folder` (the assistant's data folder: `$FRONTLINE_ENCODERS`, else
    /// `.cache/encoders/…` in or above it). Without one, or with the switch off, the
    /// full-text index alone. Passage vectors are cached in `cacheFolder`, by default in
    /// `kb-vectors/<hash of the data folder's path>` beside the encoder (git-ignored, shared
    /// by every process that serves that assistant, so tests and restarts start warm).
    public static func assemble(
        fullText: any KnowledgeBaseIndex, near folder: URL, cacheFolder: URL? = nil, embedder: (any TextEmbedder)? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> KnowledgeBaseSearch {
        if let value = environment[switchVariable]?.lowercased(), ["off", "0", "false", "no"].contains(value) {
            return KnowledgeBaseSearch(index: fullText, semantic: nil, loadWarning: nil)
        }
        var chosen = embedder
        var cache = cacheFolder
        var warning: String?
        if chosen == nil, let encoderFolder = SentenceEncoder.locate(from: folder) {
            do {
                // The process's one copy of the encoder (the NLU model may use it too), with its text cache.
                chosen = try EncoderRegistry.shared.load(near: folder)
                cache = cache ?? defaultCacheFolder(encoder: encoderFolder, data: folder)
            } catch {
                warning = "knowledge base: full-text search only, the encoder at \(encoderFolder.path) did not load (\(error))"
            }
        }
        guard let chosen else { return KnowledgeBaseSearch(index: fullText, semantic: nil, loadWarning: warning) }
        let semantic = SemanticKnowledgeBase(fullText: fullText, embedder: chosen, cacheFolder: cache)
        return KnowledgeBaseSearch(index: semantic, semantic: semantic, loadWarning: nil)
    }

    /// `<encoders folder>/kb-vectors/<FNV-1a of the data folder's absolute path>`.
    static func defaultCacheFolder(encoder: URL, data: URL) -> URL {
        let scope = String(StableHash.of(data.standardizedFileURL.path), radix: 16)
        return encoder.deletingLastPathComponent().appendingPathComponent("kb-vectors", isDirectory: true)
            .appendingPathComponent(scope, isDirectory: true)
    }

    /// The articles an assistant indexes: its customer-facing ones (as `indexKnowledgeBase`).
    public static func documents(of domain: Domain) -> [KBDocument] {
        // General (fallback) articles are sent when no specific one fits, and variants replace
        // their article when the context fits them: neither is found by search.
        domain.articles.filter { $0.audience == .customer && !$0.isFallback && $0.applicability.variantOf == nil }
            .map(KBDocument.init)
    }
}
