import Foundation

/// The fast dense block: one fixed vector per word piece of the encoder's vocabulary (a
/// `vocabulary × 256` table derived from the encoder once, see `derive(from:)`), so a text's
/// vector is a table lookup and a mean instead of a transformer pass.
///
/// embed(text) = the mean of the table rows of the text's word pieces ([CLS]/[SEP] left
/// out), L2-normalised; a text without word pieces gets the zero vector.
public final class StaticTokenVectors: TextEmbedder, Sendable {
    public static let defaultDimension = 256
    static let nameSuffix = "-static256"

    /// e.g. "all-MiniLM-L6-v2-static256".
    public let name: String
    /// The encoder's fingerprint with `-static256`: the table is a function of the encoder.
    public let fingerprint: String
    public let dimension: Int
    public let tokenizer: WordPieceTokenizer
    /// Row-major `rows × dimension`, row = word-piece id.
    let table: [Float]
    let rows: Int

    public init(encoderName: String, encoderFingerprint: String, tokenizer: WordPieceTokenizer, table: [Float], rows: Int, dimension: Int) {
        precondition(table.count == rows * dimension, "the table must hold rows × dimension values")
        name = encoderName + Self.nameSuffix
        fingerprint = encoderFingerprint + Self.nameSuffix
        self.tokenizer = tokenizer
        self.table = table
        self.rows = rows
        self.dimension = dimension
    }

    /// The fingerprint of the encoder the table was derived from.
    public var encoderFingerprint: String { String(fingerprint.dropLast(Self.nameSuffix.count)) }

    public func embed(_ texts: [String]) -> [[Float]] { texts.map(vector) }

    /// One text's vector (see the type's comment).
    public func vector(_ text: String) -> [Float] {
        // No truncation: a lookup costs nothing per piece, unlike the encoder's positions.
        let ids = tokenizer.encode(text, maxLength: Int(Int32.max)).ids.dropFirst().dropLast()
        var mean = [Float](repeating: 0, count: dimension)
        var count = 0
        table.withUnsafeBufferPointer { rowsOf in
            for id in ids where id >= 0 && Int(id) < rows {
                let start = Int(id) * dimension
                for j in 0..<dimension { mean[j] += rowsOf[start + j] }
                count += 1
            }
        }
        guard count > 0 else { return mean }
        var norm: Float = 0
        for v in mean { norm += v * v }
        guard norm > 0 else { return mean }
        let scale = 1 / norm.squareRoot()
        return mean.map { $0 * scale }
    }

    /// The table's file in the encoder's folder: named by the encoder's fingerprint, so a
    /// changed encoder never picks up an old table.
    public static func fileName(encoderFingerprint: String) -> String {
        "static\(defaultDimension)-\(encoderFingerprint.replacingOccurrences(of: "/", with: "_")).bin"
    }

    /// The encoder name and fingerprint behind a static block's name and fingerprint, or nil
    /// when they don't end in `-static256`.
    static func encoderIdentity(name: String, fingerprint: String) -> (name: String, fingerprint: String)? {
        guard name.hasSuffix(nameSuffix), fingerprint.hasSuffix(nameSuffix) else { return nil }
        return (String(name.dropLast(nameSuffix.count)), String(fingerprint.dropLast(nameSuffix.count)))
    }
}

// MARK: - The table file

extension StaticTokenVectors {
    /// "FLSTATIC", then UInt32 version, rows, dimension and fingerprint length (little-endian),
    /// the encoder's fingerprint in UTF-8 padded to 4 bytes, then rows × dimension Float32.
    static let magic = Array("FLSTATIC".utf8)
    static let version: UInt32 = 1

    public func write(to url: URL) throws {
        var data = Data(Self.magic)
        let print = Array(encoderFingerprint.utf8)
        for value in [Self.version, UInt32(rows), UInt32(dimension), UInt32(print.count)] {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        data.append(contentsOf: print)
        data.append(contentsOf: [UInt8](repeating: 0, count: (4 - print.count % 4) % 4))
        table.withUnsafeBytes { data.append(contentsOf: $0) }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw EncoderError(path: url.path, "cannot write the static vector table (\(error.localizedDescription))")
        }
    }

    /// Reads a table written by `write(to:)` (one mapped read); `encoderName` names the encoder.
    public convenience init(file url: URL, encoderName: String, tokenizer: WordPieceTokenizer) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw EncoderError(path: url.path, "cannot read the static vector table (\(error.localizedDescription))")
        }
        func fail(_ message: String) -> EncoderError { EncoderError(path: url.path, message + " (delete the file: it is derived again from the encoder)") }
        let header = Self.magic.count + 16
        guard data.count >= header, Array(data.prefix(Self.magic.count)) == Self.magic else {
            throw fail("not a static vector table: expected the \"FLSTATIC\" header")
        }
        func word(_ index: Int) -> Int {
            let offset = Self.magic.count + 4 * index
            return Int(data[offset..<(offset + 4)].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) })
        }
        let (version, rows, dimension, printLength) = (word(0), word(1), word(2), word(3))
        guard version == Int(Self.version) else { throw fail("table version \(version), expected \(Self.version)") }
        let start = header + printLength + (4 - printLength % 4) % 4
        guard rows > 0, dimension > 0, data.count == start + rows * dimension * 4 else {
            throw fail("expected \(rows) × \(dimension) floats after the header, the file has \(data.count) bytes")
        }
        guard let print = String(bytes: data[header..<(header + printLength)], encoding: .utf8) else {
            throw fail("the encoder fingerprint in the header is not UTF-8")
        }
        guard rows >= tokenizer.vocabularySize else {
            throw fail("\(rows) rows do not cover the tokenizer's \(tokenizer.vocabularySize) word pieces")
        }
        var table = [Float](repeating: 0, count: rows * dimension)
        table.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + rows * dimension * 4)]))
            }
        }
        self.init(encoderName: encoderName, encoderFingerprint: print, tokenizer: tokenizer, table: table, rows: rows, dimension: dimension)
    }
}
