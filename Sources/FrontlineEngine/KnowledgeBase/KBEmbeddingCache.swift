import Foundation

/// Passage embeddings on disk, so a restart doesn't re-encode the knowledge base.
///
/// One file per encoder (its fingerprint in the file name and header), holding one vector
/// per passage keyed by the FNV-1a hash of the passage's text: an edited article changes
/// only its own passages' keys, so only those are encoded again. The file is rewritten
/// whole (atomically) with exactly the current passages, so it never grows stale.
///
/// Layout: a text header `frontline-kb-vectors 1\n<fingerprint>\n<dimension> <count>\n`,
/// then `count` records of a little-endian UInt64 key and `dimension` little-endian Float32.
public struct KBEmbeddingCache: Sendable {
    public static let magic = "frontline-kb-vectors 1"

    public let file: URL
    public let fingerprint: String
    public let dimension: Int

    public init(folder: URL, fingerprint: String, dimension: Int) {
        // Fingerprints hold ':' and '-'; keep the file name portable.
        let safe = String(fingerprint.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        self.file = folder.appendingPathComponent("kb-\(safe).vectors")
        self.fingerprint = fingerprint
        self.dimension = dimension
    }

    /// The passage key: FNV-1a 64 of its text (stable across processes, unlike `Hasher`).
    public static func key(_ text: String) -> UInt64 { StableHash.of(text) }

    /// The stored vectors; empty when the file doesn't exist yet. A file that is cut short,
    /// from another encoder or otherwise unreadable throws, naming the file and the problem.
    public func load() throws -> [UInt64: [Float]] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [:] }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw KBEmbeddingCacheError(file: file.path, "cannot read (\(error.localizedDescription))")
        }
        let bytes = [UInt8](data)
        var offset = 0
        func headerLine() throws -> String {
            guard let end = bytes[offset...].firstIndex(of: 0x0A), end - offset < 1024 else {
                throw KBEmbeddingCacheError(file: file.path, "header is cut short or not a knowledge-base vector file")
            }
            defer { offset = end + 1 }
            return String(decoding: bytes[offset..<end], as: UTF8.self)
        }
        guard try headerLine() == Self.magic else {
            throw KBEmbeddingCacheError(file: file.path, "does not start with \"\(Self.magic)\"")
        }
        let storedFingerprint = try headerLine()
        guard storedFingerprint == fingerprint else {
            throw KBEmbeddingCacheError(file: file.path, "written by encoder \(storedFingerprint), expected \(fingerprint)")
        }
        let sizes = try headerLine().split(separator: " ").compactMap { Int($0) }
        guard sizes.count == 2, sizes[0] == dimension, sizes[1] >= 0 else {
            throw KBEmbeddingCacheError(file: file.path, "expected '\(dimension) <count>' on the third line")
        }
        let count = sizes[1]
        let recordSize = 8 + 4 * dimension
        guard bytes.count - offset == count * recordSize else {
            throw KBEmbeddingCacheError(file: file.path, "holds \(bytes.count - offset) bytes of vectors, expected \(count) × \(recordSize)")
        }
        var vectors: [UInt64: [Float]] = [:]
        vectors.reserveCapacity(count)
        for _ in 0..<count {
            var key: UInt64 = 0
            for i in 0..<8 { key |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
            offset += 8
            var vector = [Float](repeating: 0, count: dimension)
            for j in 0..<dimension {
                let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
                vector[j] = Float(bitPattern: bits)
                offset += 4
            }
            vectors[key] = vector
        }
        return vectors
    }

    /// Replaces the file with `vectors` (every one `dimension` long), creating the folder.
    public func save(_ vectors: [(key: UInt64, vector: [Float])]) throws {
        var bytes = Array("\(Self.magic)\n\(fingerprint)\n\(dimension) \(vectors.count)\n".utf8)
        bytes.reserveCapacity(bytes.count + vectors.count * (8 + 4 * dimension))
        for (key, vector) in vectors {
            guard vector.count == dimension else {
                throw KBEmbeddingCacheError(file: file.path, "a vector of \(vector.count) values, expected \(dimension)")
            }
            for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: key >> (8 * UInt64(i)))) }
            for value in vector {
                let bits = value.bitPattern
                for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(i)))) }
            }
        }
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: file, options: .atomic)
        } catch {
            throw KBEmbeddingCacheError(file: file.path, "cannot write (\(error.localizedDescription))")
        }
    }
}

public struct KBEmbeddingCacheError: Error, CustomStringConvertible {
    public var file: String
    public var message: String

    init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "knowledge-base vector cache \(file): \(message)" }
}
