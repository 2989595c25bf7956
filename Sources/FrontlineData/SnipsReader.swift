import Foundation
import FrontlineML

/// Reads the Snips NLU benchmark 2017-06, "custom intent engines" (Coucke et al. 2018):
///
///     <root>/<Intent>/train_<Intent>.json        a few hundred queries (Snips' low-data runs)
///     <root>/<Intent>/train_<Intent>_full.json   about 2,000 queries
///     <root>/<Intent>/validate_<Intent>.json     100 queries
///
/// Each file is `{"<Intent>": [{"data": [{"text": "play "}, {"text": "Adele", "entity": "artist"}]}, …]}`:
/// an utterance is its chunks' texts concatenated, and a chunk with an `entity` is a slot.
///
/// - `path` may be the root (one subfolder per intent), one intent's folder, or one file.
/// - Splits: `train` comes from `train_<Intent>_full.json`, or from `train_<Intent>.json` when
///   there is no `_full` file (the benchmark's headline numbers are for the full sets).
///   `test` comes from `validate_<Intent>.json`: despite the name these are Snips' held-out
///   test sets, the ones its published per-slot metrics are measured on. There is no `val`.
///   A single file goes to `test` when its name starts with `validate_`, else to `train`.
/// - The intent is the JSON key. Leading and trailing white space is trimmed off each slot
///   and off the utterance (offsets adjusted); inner white space, newlines included, is kept.
///   Offsets are Unicode-scalar offsets, as everywhere in `Utterance`.
/// - Text: UTF-8 (with or without a byte-order mark), or UTF-16 with a byte-order mark.
///   `PlayMusic/train_PlayMusic_full.json` (line 9091) writes 🍕 as two UTF-8-encoded
///   UTF-16 surrogates (CESU-8), which strict UTF-8 rejects; such pairs are decoded to the
///   character they stand for. Any other invalid byte is an error naming its line.
enum SnipsReader {
    static let chunkKeys: Set<String> = ["text", "entity"]

    /// The files of one intent folder: the training file chosen and the validation file.
    struct IntentFiles: Equatable {
        var train: String?
        var test: String?
    }

    static func read(path: String) throws -> Dataset {
        var splits: [String: [Utterance]] = [:]
        switch FileAccess.kind(of: path) {
        case nil:
            throw DataError(file: path, message: "no such file or directory")
        case .file:
            return try read(document: JSONDocument.read(path))
        case .directory:
            let folders = try intentFolders(in: path)
            guard !folders.isEmpty else {
                throw DataError(file: path, message: """
                    no Snips files found: expected <Intent>/train_<Intent>_full.json (or train_<Intent>.json) \
                    and <Intent>/validate_<Intent>.json in subfolders, or those files in this folder
                    """)
            }
            for folder in folders {
                for files in try self.files(in: folder) {
                    if let train = files.train { splits[Dataset.trainSplit, default: []] += try readFile(train) }
                    if let test = files.test { splits[Dataset.testSplit, default: []] += try readFile(test) }
                }
            }
        }
        return try Dataset(source: path, format: .snips, splits: splits)
    }

    /// True for a folder auto-detection should read as Snips: it, or a subfolder of it, holds
    /// `train_*.json` or `validate_*.json` files.
    static func isSnipsFolder(_ path: String) -> Bool {
        ((try? intentFolders(in: path)) ?? []).isEmpty == false
    }

    /// True for the shape auto-detection looks for: intent keys holding lists whose first
    /// element is an object with a "data" key.
    static func looksLikeSnips(_ object: Any) -> Bool {
        guard let top = object as? [String: Any], !top.isEmpty else { return false }
        var sawItem = false
        for value in top.values {
            guard let items = value as? [Any] else { return false }
            guard let first = items.first else { continue }
            guard let item = first as? [String: Any], item["data"] != nil else { return false }
            sawItem = true
        }
        return sawItem
    }

    /// `path` itself when it holds Snips files, else its subfolders that do, sorted by name.
    static func intentFolders(in path: String) throws -> [String] {
        if try !files(in: path).isEmpty { return [path] }
        return try FileAccess.visibleEntries(of: path)
            .map { FileAccess.join(path, $0) }
            .filter { FileAccess.kind(of: $0) == .directory }
            .filter { ((try? files(in: $0)) ?? []).isEmpty == false }
    }

    /// Snips files in one folder grouped by intent (sorted by name); `_full` wins for training.
    static func files(in folder: String) throws -> [IntentFiles] {
        var byIntent: [String: (full: String?, small: String?, test: String?)] = [:]
        for name in try FileAccess.visibleEntries(of: folder) where name.lowercased().hasSuffix(".json") {
            let path = FileAccess.join(folder, name)
            guard FileAccess.kind(of: path) == .file else { continue }
            let stem = String(name.dropLast(5))
            if stem.hasPrefix("validate_"), stem.count > 9 {
                byIntent[String(stem.dropFirst(9)), default: (nil, nil, nil)].test = path
            } else if stem.hasPrefix("train_"), stem.count > 6 {
                let intent = stem.dropFirst(6)
                if intent.hasSuffix("_full"), intent.count > 5 {
                    byIntent[String(intent.dropLast(5)), default: (nil, nil, nil)].full = path
                } else {
                    byIntent[String(intent), default: (nil, nil, nil)].small = path
                }
            }
        }
        return byIntent.keys.sorted().compactMap { intent in
            byIntent[intent].map { IntentFiles(train: $0.full ?? $0.small, test: $0.test) }
        }
    }

    /// One already parsed file as a dataset: `validate_*` files are the test split, others train.
    static func read(document: JSONDocument) throws -> Dataset {
        let isTest = FileAccess.fileName(document.file).lowercased().hasPrefix("validate_")
        return try Dataset(source: document.file, format: .snips,
                           splits: [isTest ? Dataset.testSplit : Dataset.trainSplit: utterances(in: document)])
    }

    static func readFile(_ path: String) throws -> [Utterance] {
        try utterances(in: JSONDocument.read(path))
    }

    /// Utterances of a parsed file, intents in key order, utterances in file order.
    static func utterances(in document: JSONDocument) throws -> [Utterance] {
        let file = document.file
        func fail(_ at: [JSONDocument.PathComponent], _ message: String) -> DataError {
            DataError(file: file, line: document.line(at: at), message: message)
        }
        guard let top = document.value as? [String: Any], !top.isEmpty else {
            throw fail([], "expected a JSON object mapping an intent name to its utterances "
                + "({\"<Intent>\": [{\"data\": [{\"text\": …, \"entity\": …}, …]}, …]}) but found \(describe(document.value))")
        }
        var utterances: [Utterance] = []
        for key in top.keys.sorted() {
            let intent = key.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !intent.isEmpty else {
                throw fail([.key(key)], "empty intent name \"\(key)\": expected the intent as the key of a list of utterances")
            }
            guard let items = top[key] as? [Any] else {
                throw fail([.key(key)], "expected a list of utterances under \"\(key)\" but found \(describe(top[key] as Any))")
            }
            utterances.reserveCapacity(utterances.count + items.count)
            for (index, item) in items.enumerated() {
                let at: [JSONDocument.PathComponent] = [.key(key), .index(index)]
                let place = "utterance at index \(index) of \"\(key)\""
                do throws(UtteranceError) {
                    utterances.append(try utterance(item, intent: intent))
                } catch {
                    throw fail(at + error.path, "\(place)\(error.chunk.map { ", chunk at index \($0)" } ?? ""): \(error.message)")
                }
            }
        }
        return utterances
    }

    struct UtteranceError: Error {
        /// Where inside the utterance, for the line number.
        var path: [JSONDocument.PathComponent] = []
        var chunk: Int?
        var message: String
    }

    /// One `{"data": [chunks]}` item as an utterance with trimmed text and slots.
    static func utterance(_ item: Any, intent: String) throws(UtteranceError) -> Utterance {
        guard let object = item as? [String: Any] else {
            throw UtteranceError(message: "expected an object with a \"data\" list of chunks but found \(describe(item))")
        }
        if let unknown = object.keys.sorted().first(where: { $0 != "data" }) {
            throw UtteranceError(path: [.key(unknown)], message: "unexpected key \"\(unknown)\": expected only \"data\"")
        }
        guard let data = object["data"] else {
            throw UtteranceError(message: "expected a \"data\" key holding the list of chunks")
        }
        guard let chunks = data as? [Any] else {
            throw UtteranceError(path: [.key("data")], message: "expected \"data\" to be a list of chunks but found \(describe(data))")
        }
        var scalars: [Unicode.Scalar] = []
        var slots: [SlotSpan] = []
        for (index, element) in chunks.enumerated() {
            let at: [JSONDocument.PathComponent] = [.key("data"), .index(index)]
            func fail(_ message: String, key: String? = nil) -> UtteranceError {
                UtteranceError(path: at + (key.map { [.key($0)] } ?? []), chunk: index, message: message)
            }
            guard let chunk = element as? [String: Any] else {
                throw fail("expected an object with \"text\" and an optional \"entity\" but found \(describe(element))")
            }
            if let unknown = chunk.keys.sorted().first(where: { !chunkKeys.contains($0) }) {
                throw fail("unexpected key \"\(unknown)\": expected only \"text\" and \"entity\"", key: unknown)
            }
            guard let textValue = chunk["text"] else {
                throw fail("expected a \"text\" key")
            }
            guard let text = textValue as? String else {
                throw fail("expected \"text\" to be a string but found \(describe(textValue))", key: "text")
            }
            var start = scalars.count
            scalars.append(contentsOf: text.unicodeScalars)
            var end = scalars.count
            guard let entityValue = chunk["entity"] else { continue }
            guard let entity = entityValue as? String,
                  !entity.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw fail("expected \"entity\" to be a slot name but found \(describe(entityValue))", key: "entity")
            }
            // Some values carry a trailing space ("vimeo "); the slot is the words, not the gap.
            while start < end, scalars[start].properties.isWhitespace { start += 1 }
            while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
            guard start < end else {
                throw fail("slot \"\(entity)\" has no text: expected its value in \"text\"", key: "text")
            }
            slots.append(SlotSpan(slot: entity.trimmingCharacters(in: .whitespacesAndNewlines), start: start, end: end))
        }
        // Trim the utterance by scalars, the unit of the offsets; slots hold no edge white space,
        // so they all lie inside what is kept and only shift left.
        var first = 0
        var last = scalars.count
        while first < last, scalars[first].properties.isWhitespace { first += 1 }
        while last > first, scalars[last - 1].properties.isWhitespace { last -= 1 }
        guard first < last else {
            throw UtteranceError(path: [.key("data")], message: "empty utterance: expected chunks with some non-blank \"text\"")
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[first..<last])
        for index in slots.indices {
            slots[index].start -= first
            slots[index].end -= first
        }
        return Utterance(text: String(text), intent: intent, slots: slots)
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case let array as [Any]: "a list of \(array.count) element(s)"
        case is [String: Any]: "an object"
        case let string as String: "the string \"\(string.prefix(40))\""
        case is NSNull: "null"
        case is NSNumber: "a number"
        default: "\(type(of: value))"
        }
    }
}

/// A parsed JSON file that keeps its bytes, so errors found in the parsed value can name the
/// line the value is on (`JSONSerialization` only reports positions of syntax errors).
struct JSONDocument {
    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
    }

    let file: String
    let value: Any
    /// The UTF-8 text that was parsed (byte-order mark removed, surrogate pairs repaired).
    let bytes: [UInt8]

    static func read(_ path: String) throws -> JSONDocument {
        let bytes = try utf8Text(FileAccess.readData(path), file: path)
        do {
            let value = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
            return JSONDocument(file: path, value: value, bytes: bytes)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw DataError(file: path, line: syntaxErrorLine(detail, in: bytes),
                            message: "invalid JSON: \(detail ?? error.localizedDescription)")
        }
    }

    /// The file's text as valid UTF-8 without a byte-order mark.
    static func utf8Text(_ data: Data, file: String) throws -> [UInt8] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        } else if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            throw DataError(file: file, line: 1, message: "expected UTF-8 or UTF-16 text but found a UTF-32 byte-order mark")
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let text = String(data: Data(bytes.dropFirst(2)), encoding: encoding) else {
                throw DataError(file: file, line: 1, message: "expected UTF-16 text after the UTF-16 byte-order mark but found invalid UTF-16")
            }
            return Array(text.utf8)
        }
        if String(validating: bytes, as: UTF8.self) != nil { return bytes }
        let repaired = joiningEncodedSurrogatePairs(bytes)
        if String(validating: repaired, as: UTF8.self) != nil { return repaired }
        throw DataError(file: file, line: FileAccess.firstInvalidUTF8Line(Data(repaired)),
                        message: "expected UTF-8 text but found bytes that are not valid UTF-8")
    }

    /// Replaces each UTF-16 surrogate pair written as two 3-byte UTF-8 sequences (CESU-8, Java's
    /// "modified UTF-8") by the 4-byte UTF-8 of the character it encodes. Valid UTF-8 never
    /// holds these bytes, so nothing else changes; a lone surrogate is left to fail validation.
    static func joiningEncodedSurrogatePairs(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + 5 < bytes.count, bytes[i] == 0xED, (0xA0...0xAF).contains(bytes[i + 1]),
               (0x80...0xBF).contains(bytes[i + 2]), bytes[i + 3] == 0xED,
               (0xB0...0xBF).contains(bytes[i + 4]), (0x80...0xBF).contains(bytes[i + 5]) {
                let high = 0xD000 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                let low = 0xD000 | UInt32(bytes[i + 4] & 0x3F) << 6 | UInt32(bytes[i + 5] & 0x3F)
                let value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                if let scalar = Unicode.Scalar(value) {
                    UTF8.encode(scalar) { out.append($0) }
                    i += 6
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// Foundation says "around character N" (a byte offset); a truncated file is reported at its
    /// last non-blank line.
    static func syntaxErrorLine(_ detail: String?, in bytes: [UInt8]) -> Int? {
        guard let detail else { return nil }
        if let range = detail.range(of: "character ") {
            let digits = detail[range.upperBound...].prefix { $0.isNumber }
            guard let offset = Int(digits) else { return nil }
            return lineOf(offset: offset, in: bytes)
        }
        if detail.localizedCaseInsensitiveContains("end of file") || detail.localizedCaseInsensitiveContains("end of data") {
            let lastByte = bytes.lastIndex { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } ?? 0
            return lineOf(offset: lastByte, in: bytes)
        }
        return nil
    }

    static func lineOf(offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(max(0, offset)).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// The 1-based line where the value at `path` starts; nil when it cannot be found (a key
    /// written with escapes, say). Only called on the error path, on text that parsed, so a
    /// plain walk that skips what it does not descend into is enough. A repeated key is
    /// resolved to its last occurrence, as `JSONSerialization` keeps the last value.
    func line(at path: [PathComponent]) -> Int? {
        var scanner = Scanner(bytes: bytes)
        for component in path {
            scanner.skipWhitespace()
            switch component {
            case .key(let key):
                guard scanner.consume(UInt8(ascii: "{")) else { return nil }
                var found: Int?
                scanner.skipWhitespace()
                while let name = scanner.string() {
                    scanner.skipWhitespace()
                    guard scanner.consume(UInt8(ascii: ":")) else { return nil }
                    scanner.skipWhitespace()
                    if name.elementsEqual(key.utf8) { found = scanner.position }
                    scanner.skipValue()
                    scanner.skipWhitespace()
                    guard scanner.consume(UInt8(ascii: ",")) else { break }
                    scanner.skipWhitespace()
                }
                guard let found else { return nil }
                scanner.position = found
            case .index(let index):
                guard scanner.consume(UInt8(ascii: "[")) else { return nil }
                for _ in 0..<index {
                    scanner.skipWhitespace()
                    scanner.skipValue()
                    scanner.skipWhitespace()
                    guard scanner.consume(UInt8(ascii: ",")) else { return nil }
                }
            }
        }
        scanner.skipWhitespace()
        return scanner.position < bytes.count ? JSONDocument.lineOf(offset: scanner.position, in: bytes) : nil
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// The raw bytes between the quotes of a string at the position, which is moved past it.
        mutating func string() -> ArraySlice<UInt8>? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard position < bytes.count else { return nil }
            position += 1
            return bytes[start..<(position - 1)]
        }

        /// Moves past one value: a string, a bracketed object or array, or a bare literal.
        mutating func skipValue() {
            guard position < bytes.count else { return }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                _ = string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while position < bytes.count {
                    switch bytes[position] {
                    case UInt8(ascii: "\""):
                        _ = string()
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                    default:
                        break
                    }
                    position += 1
                    if depth == 0 { return }
                }
            default:
                while position < bytes.count, !",}] \t\r\n".utf8.contains(bytes[position]) { position += 1 }
            }
        }
    }
}
