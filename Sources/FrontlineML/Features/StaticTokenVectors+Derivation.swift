import Dispatch
import Foundation

extension StaticTokenVectors {
    /// Sequences per forward pass: thousands of `[CLS] piece [SEP]` triples, so each weight
    /// matrix is read once for many rows (the scratch buffers stay under ~60 MB).
    static let sequencesPerPass = 2048

    /// Derives the table from `encoder`: every vocabulary piece alone through the encoder
    /// (`[CLS] piece [SEP]`, the 3 positions mean-pooled and normalised like a sentence),
    /// then PCA of those vectors down to `dimension`.
    public static func derive(from encoder: SentenceEncoder, dimension: Int = defaultDimension) -> StaticTokenVectors {
        let rows = encoder.tokenizer.vocabularySize
        let width = encoder.dimension
        var isolated = [Float](repeating: 0, count: rows * width)
        let passes = (rows + sequencesPerPass - 1) / sequencesPerPass
        isolated.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeShared(buffer)
            let (cls, sep) = (encoder.tokenizer.clsID, encoder.tokenizer.sepID)
            // Each pass writes only its own rows.
            DispatchQueue.concurrentPerform(iterations: passes) { pass in
                let range = (pass * sequencesPerPass)..<min(rows, (pass + 1) * sequencesPerPass)
                var ids: [Int32] = []
                ids.reserveCapacity(range.count * 3)
                for id in range { ids += [cls, Int32(id), sep] }
                let states = encoder.weights.hiddenStates(ids: ids, lengths: [Int](repeating: 3, count: range.count))
                for (i, id) in range.enumerated() {
                    let pooled = SentenceEncoder.meanPooled(states, rows: (3 * i)..<(3 * i + 3), width: width)
                    for j in 0..<width { shared.value[id * width + j] = pooled[j] }
                }
            }
        }
        let keep = min(dimension, width)
        let (table, _) = PrincipalComponents.project(isolated, rows: rows, width: width, keep: keep)
        return StaticTokenVectors(encoderName: encoder.name, encoderFingerprint: encoder.fingerprint, tokenizer: encoder.tokenizer, table: table, rows: rows, dimension: keep)
    }

    /// The table of `encoder` in `folder` (the encoder's folder): read when it is there,
    /// else derived and saved for next time.
    public static func loadOrDerive(from encoder: SentenceEncoder, folder: URL) throws -> StaticTokenVectors {
        let file = folder.appendingPathComponent(fileName(encoderFingerprint: encoder.fingerprint))
        if FileManager.default.fileExists(atPath: file.path) {
            let table = try StaticTokenVectors(file: file, encoderName: encoder.name, tokenizer: encoder.tokenizer)
            guard table.encoderFingerprint == encoder.fingerprint else {
                throw EncoderError(path: file.path, "derived from encoder \(table.encoderFingerprint), not this folder's \(encoder.fingerprint): delete it to derive it again")
            }
            return table
        }
        let table = derive(from: encoder)
        try table.write(to: file)
        return table
    }
}
