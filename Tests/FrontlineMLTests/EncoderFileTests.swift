import Foundation
import FrontlineTestFiles
import Testing
@testable import FrontlineML

/// Safetensors parsing and the encoder's file checks: a damaged file is an error that
/// names the file and what was expected, never garbage weights or a crash.
@Suite("Encoder files")
struct EncoderFileTests {
    /// A safetensors file with the given tensors (F32 unless stated) and optional header override.
    static func safetensors(_ tensors: [(name: String, dtype: String, shape: [Int], bytes: [UInt8])], header: String? = nil) -> Data {
        var entries: [String] = []
        var data: [UInt8] = []
        for t in tensors {
            entries.append("\"\(t.name)\":{\"dtype\":\"\(t.dtype)\",\"shape\":\(t.shape),\"data_offsets\":[\(data.count),\(data.count + t.bytes.count)]}")
            data += t.bytes
        }
        let json = Array((header ?? "{\"__metadata__\":{\"format\":\"pt\"}," + entries.joined(separator: ",") + "}").utf8)
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: json)
        out.append(contentsOf: data)
        return out
    }

    static func f32(_ values: [Float]) -> [UInt8] { values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } } }

    @Test func readsF32AndF16() throws {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, smallest subnormal = 0x0001.
        let half: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38, 0x01, 0x00]
        let file = try SafetensorsFile(
            bytes: Self.safetensors([("a", "F32", [2, 2], Self.f32([1, -2, 3.5, 0])), ("b", "F16", [4], half)]), path: "m.safetensors")
        #expect(try file.floats("a", shape: [2, 2]) == [1, -2, 3.5, 0])
        #expect(try file.floats("b", shape: [4]) == [1, -2, 0.5, Float(sign: .plus, exponent: -24, significand: 1)])
        #expect(SafetensorsFile.halfToFloat(0x7C00) == .infinity)
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func damagedFilesGiveClearErrors() {
        let good = Self.safetensors([("a", "F32", [4], Self.f32([1, 2, 3, 4]))])
        let truncated = Self.message { _ = try SafetensorsFile(bytes: good.prefix(good.count - 3), path: "t.safetensors") }
        #expect(truncated.contains("t.safetensors") && truncated.contains("truncated"), "\(truncated)")
        let tiny = Self.message { _ = try SafetensorsFile(bytes: Data([1, 2, 3]), path: "x.safetensors") }
        #expect(tiny.contains("x.safetensors") && tiny.contains("not a safetensors file"), "\(tiny)")
        var hugeLength = Data()
        withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { hugeLength.append(contentsOf: $0) }
        hugeLength.append(contentsOf: Array("{}".utf8))
        let huge = Self.message { _ = try SafetensorsFile(bytes: hugeLength, path: "h.safetensors") }
        #expect(huge.contains("header length"), "\(huge)")
        let notJSON = Self.message { _ = try SafetensorsFile(bytes: Self.safetensors([], header: "{not json"), path: "j.safetensors") }
        #expect(notJSON.contains("not valid JSON"), "\(notJSON)")
        let badEntry = Self.message { _ = try SafetensorsFile(bytes: Self.safetensors([], header: "{\"a\":{\"dtype\":\"F32\",\"shape\":\"four\"}}"), path: "e.safetensors") }
        #expect(badEntry.contains("tensor a") && badEntry.contains("data_offsets"), "\(badEntry)")
        let wrongSize = Self.message { _ = try SafetensorsFile(bytes: Self.safetensors([("a", "F32", [5], Self.f32([1, 2, 3, 4]))]), path: "s.safetensors") }
        #expect(wrongSize.contains("needs 20 bytes"), "\(wrongSize)")
        let unknownType = Self.message { _ = try SafetensorsFile(bytes: Self.safetensors([("a", "Q4", [4], [0, 0])]), path: "q.safetensors") }
        #expect(unknownType.contains("unknown dtype Q4"), "\(unknownType)")
    }

    @Test func missingOrMisshapenTensorsAreNamed() throws {
        let file = try SafetensorsFile(bytes: Self.safetensors([("a", "F32", [4], Self.f32([1, 2, 3, 4])), ("i", "I64", [1], Array(repeating: 0, count: 8))]), path: "m.safetensors")
        let missing = Self.message { _ = try file.floats("encoder.layer.0.attention.self.query.weight", shape: [4]) }
        #expect(missing.contains("no tensor named encoder.layer.0.attention.self.query.weight"), "\(missing)")
        let shape = Self.message { _ = try file.floats("a", shape: [2, 3]) }
        #expect(shape.contains("has shape [4], expected [2, 3]"), "\(shape)")
        let integer = Self.message { _ = try file.floats("i", shape: [1]) }
        #expect(integer.contains("I64"), "\(integer)")
    }

    @Test func encoderFolderErrorsNameTheFile() throws {
        let folder = try TemporaryFolder()
        let empty = Self.message { _ = try SentenceEncoder(folder: folder.url) }
        #expect(empty.contains("model.safetensors") && empty.contains("Scripts/setup"), "\(empty)")
        // A tokenizer of another kind is refused with its type named.
        try Data("{\"model\":{\"type\":\"BPE\",\"vocab\":{}}}".utf8).write(to: folder.url.appendingPathComponent("tokenizer.json"))
        let bpe = Self.message { _ = try WordPieceTokenizer(tokenizerJSON: folder.url.appendingPathComponent("tokenizer.json")) }
        #expect(bpe.contains("tokenizer.json") && bpe.contains("WordPiece"), "\(bpe)")
        // Weights that are not a BERT checkpoint.
        try Self.safetensors([("a", "F32", [1], Self.f32([1]))]).write(to: folder.url.appendingPathComponent("model.safetensors"))
        try Data("{\"model\":{\"type\":\"WordPiece\",\"vocab\":{\"[UNK]\":0,\"[CLS]\":1,\"[SEP]\":2}}}".utf8).write(to: folder.url.appendingPathComponent("tokenizer.json"))
        let foreign = Self.message { _ = try SentenceEncoder(folder: folder.url) }
        #expect(foreign.contains("model.safetensors") && foreign.contains("no tensor named embeddings.word_embeddings.weight"), "\(foreign)")
    }
}
