/// A small RFC 4180 CSV parser: comma-separated fields, optional double quotes around a
/// field, `""` for a quote inside one, line breaks (LF, CRLF or CR) inside quotes kept as data.
///
/// Strict on purpose: a stray quote usually means a broken export, and guessing would
/// quietly shift columns, so it is reported with its line instead.
enum CSVParser {
    struct Record: Equatable {
        var fields: [String]
        /// 1-based physical line on which the record starts.
        var line: Int
    }

    struct ParseError: Error, Equatable {
        var line: Int
        var message: String
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Records in order; blank lines (no characters at all) are skipped.
    static func parse(_ text: String) throws(ParseError) -> [Record] {
        // Delimiters are ASCII, so slicing UTF-8 bytes at them keeps every field valid UTF-8.
        let bytes = Array(text.utf8)
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var recordHasContent = false
        var i = 0

        func finishRecord() {
            fields.append(String(decoding: field, as: UTF8.self))
            if recordHasContent {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields = []
            field = []
            recordHasContent = false
        }

        while i < bytes.count {
            let c = bytes[i]
            // A quote opens a quoted field only at its start; after a closing quote the next byte
            // is checked to be a delimiter, so `field.isEmpty` is enough to tell the start.
            if c == quote && field.isEmpty {
                let openLine = line
                recordHasContent = true
                i += 1
                var closed = false
                while i < bytes.count {
                    let d = bytes[i]
                    if d == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if d == lf || (d == cr && (i + 1 >= bytes.count || bytes[i + 1] != lf)) {
                        line += 1
                    }
                    field.append(d)
                    i += 1
                }
                guard closed else {
                    throw ParseError(line: openLine, message: "unterminated quoted field: expected a closing '\"' before the end of the file")
                }
                if i < bytes.count, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    throw ParseError(line: line, message: "expected ',' or end of line after a closing quote but found '\(String(decoding: [bytes[i]], as: UTF8.self))'")
                }
                continue
            }
            switch c {
            case comma:
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
                recordHasContent = true
                i += 1
            case lf, cr:
                i += (c == cr && i + 1 < bytes.count && bytes[i + 1] == lf) ? 2 : 1
                finishRecord()
                line += 1
                recordLine = line
            case quote:
                throw ParseError(line: line, message: "unexpected '\"' inside an unquoted field: expected the whole field in quotes with inner quotes doubled (\"\")")
            default:
                field.append(c)
                recordHasContent = true
                i += 1
            }
        }
        if recordHasContent {
            finishRecord()
        }
        return records
    }
}
