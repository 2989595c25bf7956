import Foundation

/// Word-piece ids of one text, as the encoder sees them.
public struct WordPieceEncoding: Sendable {
    /// Vocabulary ids, `[CLS]` first and `[SEP]` last.
    public var ids: [Int32]
    /// Per id, the range of the original text it came from (nil for `[CLS]` and `[SEP]`).
    /// Ranges sit on Unicode-scalar boundaries: slice with `text.unicodeScalars[range]`
    /// (a piece can start inside a character, e.g. a letter before a combining accent).
    public var offsets: [Range<String.Index>?]

    public init(ids: [Int32], offsets: [Range<String.Index>?]) {
        self.ids = ids
        self.offsets = offsets
    }
}

/// BERT's WordPiece tokenizer, read from a Hugging Face `tokenizer.json`: BertNormalizer,
/// BertPreTokenizer, WordPiece with `##` continuations, the `[CLS] … [SEP]` template, and
/// the special tokens matched verbatim in the input as the reference library does.
public final class WordPieceTokenizer: Sendable {
    let vocabulary: [String: Int32]
    let normalizer: BertNormalizer
    let unknownID: Int32
    let clsID: Int32
    let sepID: Int32
    let continuingPrefix: String
    let maxInputCharsPerWord: Int
    /// Added tokens (e.g. "[SEP]") found as-is in the text, longest first.
    let addedTokens: [(content: String, id: Int32)]

    public var vocabularySize: Int { vocabulary.count }

    public init(tokenizerJSON url: URL) throws {
        let path = url.path
        let root: [String: Any]
        do {
            let data = try Data(contentsOf: url)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw EncoderError(path: path, "expected a JSON object (a Hugging Face tokenizer.json)")
            }
            root = object
        } catch let error as EncoderError {
            throw error
        } catch {
            throw EncoderError(path: path, "cannot read tokenizer.json (\(error.localizedDescription))")
        }
        guard let model = root["model"] as? [String: Any], model["type"] as? String == "WordPiece",
            let vocab = model["vocab"] as? [String: Any]
        else {
            throw EncoderError(path: path, "expected model.type \"WordPiece\" with a vocab object")
        }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(vocab.count)
        for (piece, id) in vocab {
            guard let n = (id as? NSNumber)?.int32Value, n >= 0 else {
                throw EncoderError(path: path, "vocab entry \"\(piece)\": expected a non-negative integer id")
            }
            vocabulary[piece] = n
        }
        self.vocabulary = vocabulary
        let unknown = model["unk_token"] as? String ?? "[UNK]"
        guard let unknownID = vocabulary[unknown] else {
            throw EncoderError(path: path, "unknown token \(unknown) is not in the vocabulary")
        }
        self.unknownID = unknownID
        continuingPrefix = model["continuing_subword_prefix"] as? String ?? "##"
        maxInputCharsPerWord = (model["max_input_chars_per_word"] as? NSNumber)?.intValue ?? 100

        var normalizer = BertNormalizer()
        if let n = root["normalizer"] as? [String: Any] {
            guard n["type"] as? String == "BertNormalizer" else {
                throw EncoderError(path: path, "normalizer \(n["type"] ?? "?") is not supported; expected BertNormalizer")
            }
            normalizer.cleanText = n["clean_text"] as? Bool ?? true
            normalizer.handleChineseChars = n["handle_chinese_chars"] as? Bool ?? true
            normalizer.lowercase = n["lowercase"] as? Bool ?? true
            // null means: strip accents when lower-casing.
            normalizer.stripAccents = n["strip_accents"] as? Bool ?? normalizer.lowercase
        } else {
            normalizer = BertNormalizer(cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: false)
        }
        self.normalizer = normalizer
        if let p = root["pre_tokenizer"] as? [String: Any], p["type"] as? String != "BertPreTokenizer" {
            throw EncoderError(path: path, "pre_tokenizer \(p["type"] ?? "?") is not supported; expected BertPreTokenizer")
        }

        // [CLS] text [SEP]: from the template when there is one, else the vocabulary.
        var cls = "[CLS]", sep = "[SEP]"
        if let post = root["post_processor"] as? [String: Any] {
            if let single = post["single"] as? [[String: Any]] {
                let specials = single.compactMap { ($0["SpecialToken"] as? [String: Any])?["id"] as? String }
                guard specials.count == 2, single.count == 3 else {
                    throw EncoderError(path: path, "post_processor template must be [CLS-like] $A [SEP-like], found \(single.count) parts")
                }
                (cls, sep) = (specials[0], specials[1])
            } else if let c = (post["cls"] as? [Any])?.first as? String, let s = (post["sep"] as? [Any])?.first as? String {
                (cls, sep) = (c, s)
            }
        }
        guard let clsID = vocabulary[cls], let sepID = vocabulary[sep] else {
            throw EncoderError(path: path, "special tokens \(cls) and \(sep) must be in the vocabulary")
        }
        self.clsID = clsID
        self.sepID = sepID

        var added: [(content: String, id: Int32)] = []
        for case let token as [String: Any] in root["added_tokens"] as? [Any] ?? [] {
            guard let content = token["content"] as? String, !content.isEmpty, let id = (token["id"] as? NSNumber)?.int32Value else {
                throw EncoderError(path: path, "added_tokens: expected {id, content} entries")
            }
            added.append((content, id))
        }
        addedTokens = added.sorted { $0.content.utf8.count > $1.content.utf8.count }
    }

    /// Word-piece ids of `text` between `[CLS]` and `[SEP]`, at most `maxLength` in all.
    public func encode(_ text: String, maxLength: Int) -> WordPieceEncoding {
        let budget = max(0, maxLength - 2)
        var ids: [Int32] = [clsID]
        var offsets: [Range<String.Index>?] = [nil]
        var normalized: [NormalizedScalar] = []
        normalized.reserveCapacity(text.utf8.count)

        func encodeSegment(_ range: Range<String.Index>) {
            let start = normalized.count
            normalizer.normalize(text, range, into: &normalized)
            for word in BertNormalizer.words(normalized, from: start) {
                if ids.count - 1 >= budget { return }
                appendPieces(normalized[word], ids: &ids, offsets: &offsets, budget: budget)
            }
        }

        var segmentStart = text.startIndex
        for match in addedTokenMatches(in: text) {
            if ids.count - 1 >= budget { break }
            encodeSegment(segmentStart..<match.range.lowerBound)
            if ids.count - 1 >= budget { break }
            ids.append(match.id)
            offsets.append(match.range)
            segmentStart = match.range.upperBound
        }
        if ids.count - 1 < budget { encodeSegment(segmentStart..<text.endIndex) }
        if ids.count - 1 > budget {
            ids.removeLast(ids.count - 1 - budget)
            offsets.removeLast(offsets.count - 1 - budget)
        }
        if maxLength >= 2 {
            ids.append(sepID)
            offsets.append(nil)
        }
        return WordPieceEncoding(ids: ids, offsets: offsets)
    }

    /// Greedy longest-match-first pieces of one word; the whole word is `[UNK]` when any
    /// part of it has no piece, or when it is longer than `maxInputCharsPerWord`.
    private func appendPieces(
        _ word: ArraySlice<NormalizedScalar>, ids: inout [Int32], offsets: inout [Range<String.Index>?], budget: Int
    ) {
        guard let first = word.first, let last = word.last else { return }
        let whole = first.origin.lowerBound..<last.origin.upperBound
        if word.count > maxInputCharsPerWord {
            ids.append(unknownID)
            offsets.append(whole)
            return
        }
        var pieces: [(Int32, Range<String.Index>)] = []
        var start = word.startIndex
        while start < word.endIndex {
            var end = word.endIndex
            var found: Int32?
            while end > start {
                var candidate = start > word.startIndex ? continuingPrefix : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end].lazy.map(\.scalar))
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(unknownID)
                offsets.append(whole)
                return
            }
            pieces.append((id, word[start].origin.lowerBound..<word[end - 1].origin.upperBound))
            start = end
        }
        for (id, range) in pieces.prefix(budget - (ids.count - 1)) {
            ids.append(id)
            offsets.append(range)
        }
    }

    /// Non-overlapping occurrences of added tokens in `text`, left to right (longest first at a position).
    private func addedTokenMatches(in text: String) -> [(range: Range<String.Index>, id: Int32)] {
        guard !addedTokens.isEmpty else { return [] }
        let firstBytes = Set(addedTokens.compactMap { $0.content.utf8.first })
        var matches: [(Range<String.Index>, Int32)] = []
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            if firstBytes.contains(utf8[i]) {
                let rest = utf8[i...]
                if let token = addedTokens.first(where: { rest.starts(with: $0.content.utf8) }) {
                    let end = utf8.index(i, offsetBy: token.content.utf8.count)
                    matches.append((i..<end, token.id))
                    i = end
                    continue
                }
            }
            i = utf8.index(after: i)
        }
        return matches
    }
}
