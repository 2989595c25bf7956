import Foundation
import Synchronization

/// A cache in front of a `TextEmbedder`, keyed by the text as the encoder sees it
/// (lower-cased, white space collapsed: the WordPiece tokenizer ignores both), so
/// retraining, cross-validation and learning curves encode only texts they have not
/// seen, and a server doesn't re-encode a text customers send again and again.
///
/// The in-memory part is bounded: two generations of at most `capacity / 2` entries
/// each; a hit in the older one moves the entry forward, and when the newer one fills
/// up the older one is dropped (an LRU approximation with O(1) bookkeeping).
/// With a `file`, every vector computed is appended to it and read back on the next
/// start: training runs want that; a server keeps customer text in memory only.
public final class EmbeddingCache: TextEmbedder, Sendable {
    public let base: any TextEmbedder
    public let capacity: Int
    public let file: URL?
    public var name: String { base.name }
    public var fingerprint: String { base.fingerprint }
    public var dimension: Int { base.dimension }

    /// The two generations, the file appended to and the counters.
    private struct State {
        /// Entries per generation.
        let generation: Int
        var newer: [String: [Float]] = [:]
        var older: [String: [Float]] = [:]
        var handle: FileHandle?
        var counters = (hits: 0, misses: 0)

        init(capacity: Int) { generation = capacity / 2 }

        mutating func lookup(_ key: String) -> [Float]? {
            if let v = newer[key] { return v }
            guard let v = older.removeValue(forKey: key) else { return nil }
            insert(key, v)
            return v
        }

        mutating func insert(_ key: String, _ vector: [Float]) {
            if newer.count >= generation {
                older = newer
                newer = [:]
                newer.reserveCapacity(generation)
            }
            newer[key] = vector
        }
    }

    private let state: Mutex<State>

    /// Opens (or creates) the cache; a `file` written by another encoder or dimension is
    /// refused, and a record cut short by a crash is dropped, not misread.
    public init(base: any TextEmbedder, capacity: Int = 50_000, file: URL? = nil) throws {
        self.base = base
        self.capacity = max(2, capacity)
        self.file = file
        var state = State(capacity: self.capacity)
        if let file { state.handle = try Self.open(file, of: base, into: &state) }
        self.state = Mutex(state)
    }

    deinit { state.withLock { try? $0.handle?.close() } }

    /// Cache hits and misses so far (texts, not calls).
    public var statistics: (hits: Int, misses: Int) { state.withLock { $0.counters } }

    public static func key(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The vector of `text` if the cache has it (counted as a hit), without encoding.
    public func cached(_ text: String) -> [Float]? {
        let key = Self.key(text)
        return state.withLock { state in
            let v = state.lookup(key)
            if v != nil { state.counters.hits += 1 }
            return v
        }
    }

    public func embed(_ texts: [String]) -> [[Float]] {
        let keys = texts.map(Self.key)
        var result = [[Float]?](repeating: nil, count: texts.count)
        var missing: [String: Int] = [:]  // key → position in `toEncode`
        var toEncode: [String] = []
        state.withLock { state in
            for (i, key) in keys.enumerated() {
                if let v = state.lookup(key) {
                    result[i] = v
                    state.counters.hits += 1
                } else if missing[key] == nil {
                    missing[key] = toEncode.count
                    toEncode.append(texts[i])
                }
            }
            state.counters.misses += toEncode.count
        }
        guard !toEncode.isEmpty else { return result.map { $0! } }
        let fresh = base.embed(toEncode)
        state.withLock { state in
            var appended = Data()
            for (key, position) in missing {
                state.insert(key, fresh[position])
                if state.handle != nil { Self.appendRecord(key: key, vector: fresh[position], to: &appended) }
            }
            if let handle = state.handle, !appended.isEmpty { try? handle.write(contentsOf: appended) }
        }
        for (i, key) in keys.enumerated() where result[i] == nil {
            result[i] = fresh[missing[key]!]
        }
        return result.map { $0! }
    }

    // MARK: - File: a header line, then records [UInt32 key length][key UTF-8][dimension × Float32], little-endian.

    private static func header(_ base: any TextEmbedder) -> String {
        "frontline-embedding-cache v1 \(base.name) \(base.fingerprint) \(base.dimension)\n"
    }

    /// Reads `file`'s records into `state`; returns the file opened for appending.
    private static func open(_ file: URL, of base: any TextEmbedder, into state: inout State) throws -> FileHandle {
        let fm = FileManager.default
        try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let headerBytes = Data(header(base).utf8)
        if !fm.fileExists(atPath: file.path) {
            guard fm.createFile(atPath: file.path, contents: headerBytes) else {
                throw ModelError(path: file.path, message: "can't create the embedding cache")
            }
        }
        let data = try Data(contentsOf: file, options: .alwaysMapped)
        guard data.count >= headerBytes.count, data.prefix(headerBytes.count) == headerBytes else {
            throw ModelError(path: file.path, message: "not an embedding cache of \(base.name) (\(base.fingerprint), \(base.dimension) dimensions); delete it to start a new one")
        }
        let good = readRecords(data, from: headerBytes.count, dimension: base.dimension, into: &state)
        let handle = try FileHandle(forUpdating: file)
        // A record cut short (a crash mid-write) is dropped so that appends stay aligned.
        if good < data.count { try handle.truncate(atOffset: UInt64(good)) }
        try handle.seekToEnd()
        return handle
    }

    /// Reads whole records into memory; returns the offset after the last whole one.
    private static func readRecords(_ data: Data, from start: Int, dimension d: Int, into state: inout State) -> Int {
        var offset = start
        data.withUnsafeBytes { raw in
            while offset + 4 <= raw.count {
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                let end = offset + 4 + length + 4 * d
                guard end <= raw.count, let key = String(validating: raw[(offset + 4)..<(offset + 4 + length)], as: UTF8.self) else { break }
                var vector = [Float](repeating: 0, count: d)
                for j in 0..<d {
                    vector[j] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 + length + 4 * j, as: UInt32.self)))
                }
                state.insert(key, vector)
                offset = end
            }
        }
        return offset
    }

    private static func appendRecord(key: String, vector: [Float], to data: inout Data) {
        let bytes = Array(key.utf8)
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: bytes)
        for v in vector { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
    }
}
