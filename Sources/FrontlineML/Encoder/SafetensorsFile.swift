import Foundation

/// A safetensors file (https://github.com/huggingface/safetensors): an 8-byte little-endian
/// header length, a JSON header `{name: {dtype, shape, data_offsets}}`, then the tensors' bytes.
/// Everything in the header is checked against the file before a tensor is read, so a
/// truncated or foreign file gives an error naming it instead of garbage weights.
struct SafetensorsFile {
    struct Tensor {
        var dtype: String
        var shape: [Int]
        /// Byte range in `bytes` (already offset past the header).
        var range: Range<Int>
    }

    let path: String
    /// The whole file (memory-mapped where the platform allows).
    let bytes: Data
    let tensors: [String: Tensor]

    static let elementSizes: [String: Int] = ["F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1]
    /// A header this big is not a model header (real ones are a few kB).
    static let maxHeaderBytes = 100_000_000

    init(url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw EncoderError(path: url.path, "cannot read the weights file (\(error.localizedDescription))")
        }
        try self.init(bytes: data, path: url.path)
    }

    init(bytes: Data, path: String) throws {
        self.path = path
        self.bytes = bytes
        guard bytes.count >= 8 else {
            throw EncoderError(path: path, "not a safetensors file: \(bytes.count) bytes, expected an 8-byte header length and a JSON header")
        }
        let headerLength = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength >= 2, headerLength <= UInt64(Self.maxHeaderBytes), Int(headerLength) <= bytes.count - 8 else {
            throw EncoderError(path: path, "not a safetensors file or truncated: header length \(headerLength), file has \(bytes.count - 8) bytes after it")
        }
        let dataStart = 8 + Int(headerLength)
        let header = bytes.subdata(in: bytes.startIndex + 8..<bytes.startIndex + dataStart)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw EncoderError(path: path, "safetensors header is not valid JSON (\(error.localizedDescription))")
        }
        guard let entries = json as? [String: Any] else {
            throw EncoderError(path: path, "safetensors header must be a JSON object of tensors")
        }
        let dataLength = bytes.count - dataStart
        var tensors: [String: Tensor] = [:]
        for (name, value) in entries where name != "__metadata__" {
            guard let entry = value as? [String: Any],
                let dtype = entry["dtype"] as? String,
                let shape = (entry["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                let offsets = (entry["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                shape.count == (entry["shape"] as? [Any])?.count, offsets.count == 2
            else {
                throw EncoderError(path: path, "tensor \(name): expected {dtype, shape: [ints], data_offsets: [begin, end]} in the header")
            }
            guard let size = Self.elementSizes[dtype] else {
                throw EncoderError(path: path, "tensor \(name): unknown dtype \(dtype)")
            }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw EncoderError(path: path, "tensor \(name): bad shape \(shape) or data_offsets \(offsets)")
            }
            guard offsets[1] <= dataLength else {
                throw EncoderError(path: path, "truncated: tensor \(name) ends at byte \(offsets[1]) of the data, the file holds \(dataLength)")
            }
            let count = shape.reduce(1, *)
            guard count * size == offsets[1] - offsets[0] else {
                throw EncoderError(path: path, "tensor \(name): shape \(shape) of \(dtype) needs \(count * size) bytes, data_offsets span \(offsets[1] - offsets[0])")
            }
            tensors[name] = Tensor(dtype: dtype, shape: shape, range: (dataStart + offsets[0])..<(dataStart + offsets[1]))
        }
        self.tensors = tensors
    }

    /// The tensor `name` as Floats (F32, or F16/BF16 widened), checked against `shape`.
    func floats(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let tensor = tensors[name] else {
            throw EncoderError(path: path, "no tensor named \(name) (is this a BERT model? it has \(tensors.count) tensors, e.g. \(tensors.keys.sorted().prefix(3).joined(separator: ", ")))")
        }
        guard tensor.shape == expected else {
            throw EncoderError(path: path, "tensor \(name) has shape \(tensor.shape), expected \(expected)")
        }
        let count = expected.reduce(1, *)
        return try bytes.withUnsafeBytes { raw -> [Float] in
            let source = UnsafeRawBufferPointer(rebasing: raw[tensor.range])
            switch tensor.dtype {
            case "F32":
                return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    // copyMemory: the data need not be 4-byte aligned in the file.
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                    initialized = count
                }
            case "F16":
                return (0..<count).map { Self.halfToFloat(source.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
            case "BF16":
                return (0..<count).map { Float(bitPattern: UInt32(source.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) << 16) }
            default:
                throw EncoderError(path: path, "tensor \(name) is \(tensor.dtype); expected F32, F16 or BF16 weights")
            }
        }
    }

    /// IEEE 754 binary16 → binary32 (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0:
            // Subnormal (or zero): mantissa · 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 31:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
