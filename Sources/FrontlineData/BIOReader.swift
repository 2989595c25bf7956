import Foundation
import FrontlineML

/// Reads joint intent + slot data in the BIO folder layout of Goo et al. 2018 (ATIS, SNIPS):
///
///     train/seq.in   tokens, space-separated, one utterance per line
///     train/seq.out  one tag per token: O, B-<slot> or I-<slot>
///     train/label    one intent per line
///     valid/ ...     (or val/, dev/, validation/)   test/ ...
///
/// Utterance text is the tokens joined by single spaces; B-/I- runs become spans in scalar
/// offsets. An I- tag that does not continue a span of the same slot starts a new one, as
/// CoNLL evaluation does.
enum BIOReader {
    static let inputFile = "seq.in"
    static let tagFile = "seq.out"
    static let labelFile = "label"

    /// Immediate subfolders of `directory` that hold a `seq.in`, sorted by name.
    static func splitFolders(in directory: String) -> [String] {
        let names = (try? FileAccess.visibleEntries(of: directory)) ?? []
        return names.filter { name in
            let folder = FileAccess.join(directory, name)
            return FileAccess.kind(of: folder) == .directory
                && FileAccess.kind(of: FileAccess.join(folder, inputFile)) == .file
        }
    }

    static func read(path: String) throws -> Dataset {
        guard FileAccess.kind(of: path) == .directory else {
            throw DataError(file: path, message: FileAccess.kind(of: path) == nil
                ? "no such file or directory"
                : "expected a folder with train/, valid/ and test/ subfolders holding seq.in, seq.out and label")
        }
        let folders = splitFolders(in: path)
        guard !folders.isEmpty else {
            throw DataError(file: path, message: "no split folders found: expected train/, valid/ or test/ holding seq.in, seq.out and label")
        }
        var splits: [String: [Utterance]] = [:]
        var folderForSplit: [String: String] = [:]
        for name in folders {
            let folder = FileAccess.join(path, name)
            guard let split = Dataset.canonicalSplitName(name) else {
                throw DataError(file: folder, message: Dataset.unknownSplitMessage(name))
            }
            if let other = folderForSplit[split] {
                throw DataError(file: folder, message: "both \(other)/ and \(name)/ hold the \(split) split: expected only one")
            }
            folderForSplit[split] = name
            splits[split] = try readSplit(folder: folder)
        }
        return try Dataset(source: path, format: .bio, splits: splits)
    }

    static func readSplit(folder: String) throws -> [Utterance] {
        let inputPath = FileAccess.join(folder, inputFile)
        let tagPath = FileAccess.join(folder, tagFile)
        let labelPath = FileAccess.join(folder, labelFile)
        let inputs = try lines(of: inputPath)
        let tags = try lines(of: tagPath)
        let labels = try lines(of: labelPath)
        for (file, count) in [(tagPath, tags.count), (labelPath, labels.count)] where count != inputs.count {
            throw DataError(file: file, message: "expected \(inputs.count) lines (one per line of \(inputFile)) but found \(count)")
        }

        var utterances: [Utterance] = []
        utterances.reserveCapacity(inputs.count)
        for index in inputs.indices {
            let line = index + 1
            let tokens = whitespaceSplit(inputs[index])
            guard !tokens.isEmpty else {
                throw DataError(file: inputPath, line: line, message: "empty utterance: expected at least one token")
            }
            let lineTags = whitespaceSplit(tags[index])
            guard lineTags.count == tokens.count else {
                throw DataError(file: tagPath, line: line,
                                message: "expected \(tokens.count) tags (one per token of \(inputFile) line \(line)) but found \(lineTags.count)")
            }
            let intent = String(decoding: labels[index], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !intent.isEmpty else {
                throw DataError(file: labelPath, line: line, message: "empty label: expected an intent name")
            }
            let slots: [SlotSpan]
            do throws(TagError) {
                slots = try spans(tokens: tokens, tags: lineTags)
            } catch {
                throw DataError(file: tagPath, line: line, message: error.message)
            }
            utterances.append(Utterance(text: tokens.joined(separator: " "), intent: intent, slots: slots))
        }
        return utterances
    }

    struct TagError: Error, Equatable {
        var message: String
    }

    /// Slot spans, in scalar offsets into the tokens joined by single spaces.
    static func spans(tokens: [String], tags: [String]) throws(TagError) -> [SlotSpan] {
        var spans: [SlotSpan] = []
        var open: SlotSpan?
        var offset = 0
        for (token, tag) in zip(tokens, tags) {
            let start = offset
            let end = start + token.unicodeScalars.count
            offset = end + 1  // the joining space
            if tag == "O" {
                if let span = open { spans.append(span) }
                open = nil
                continue
            }
            let isBegin = tag.hasPrefix("B-")
            guard isBegin || tag.hasPrefix("I-"), tag.count > 2 else {
                throw TagError(message: "expected O, B-<slot> or I-<slot> but found \"\(tag)\"")
            }
            let slot = String(tag.dropFirst(2))
            if !isBegin, var span = open, span.slot == slot {
                span.end = end
                open = span
                continue
            }
            if let span = open { spans.append(span) }
            open = SlotSpan(slot: slot, start: start, end: end)
        }
        if let span = open { spans.append(span) }
        return spans
    }

    /// Splits a line on runs of ASCII whitespace (trailing spaces are common in these files).
    /// A byte loop, because this runs on every line of 13k-line files even in debug builds.
    static func whitespaceSplit(_ line: ArraySlice<UInt8>) -> [String] {
        var tokens: [String] = []
        var start: Int?
        for index in line.indices {
            let byte = line[index]
            let isSpace = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
            if isSpace, let tokenStart = start {
                tokens.append(String(decoding: line[tokenStart..<index], as: UTF8.self))
                start = nil
            } else if !isSpace, start == nil {
                start = index
            }
        }
        if let tokenStart = start {
            tokens.append(String(decoding: line[tokenStart..<line.endIndex], as: UTF8.self))
        }
        return tokens
    }

    /// Lines of a text file as UTF-8 bytes; a final newline does not add an empty line.
    /// Splitting bytes also handles CRLF, which as a Character would not match "\n".
    private static func lines(of path: String) throws -> [ArraySlice<UInt8>] {
        let bytes = Array(try FileAccess.readText(path).utf8)  // readText validates UTF-8
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
