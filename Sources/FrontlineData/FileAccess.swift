import Foundation

/// File-system helpers that turn every failure into a `DataError` naming the path.
enum FileAccess {
    enum Kind { case file, directory }

    /// What is at `path`, or nil when nothing is (symlinks are followed).
    static func kind(of path: String) -> Kind? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue ? .directory : .file
    }

    static func readData(_ path: String) throws -> Data {
        guard let kind = kind(of: path) else {
            throw DataError(file: path, message: "no such file or directory")
        }
        guard kind == .file else {
            throw DataError(file: path, message: "expected a file but found a directory")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DataError(file: path, message: "cannot read file: \(error.localizedDescription)")
        }
    }

    /// The file's text; throws with the line of the first bad byte when it is not UTF-8.
    static func readText(_ path: String) throws -> String {
        let data = try readData(path)
        guard var text = String(data: data, encoding: .utf8) else {
            throw DataError(file: path, line: firstInvalidUTF8Line(data),
                            message: "expected UTF-8 text but found bytes that are not valid UTF-8")
        }
        // Spreadsheet exports often start with a byte-order mark; it is not part of the data.
        if text.unicodeScalars.first == "\u{FEFF}" {
            text.unicodeScalars.removeFirst()
        }
        return text
    }

    static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var decoder = UTF8()
        var bytes = data.makeIterator()
        var line = 1
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput, .error: return line
            }
        }
    }

    /// Entries of a directory, sorted by name, hidden ones (".git", ".DS_Store") left out.
    static func visibleEntries(of directory: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw DataError(file: directory, message: "cannot list directory: \(error.localizedDescription)")
        }
    }

    /// Files under `directory` (recursively) whose extension is in `extensions`, as full paths
    /// sorted by their path relative to `directory` so the order is the same on every machine.
    static func files(under directory: String, extensions: Set<String>) throws -> [String] {
        var relative: [String] = []
        func walk(_ sub: String, depth: Int) throws {
            // Guards against symlink loops; real training-data trees are shallow.
            guard depth < 32 else {
                throw DataError(file: join(directory, sub), message: "folder nesting deeper than 32 levels (symlink loop?)")
            }
            for name in try visibleEntries(of: join(directory, sub)) {
                let rel = sub.isEmpty ? name : sub + "/" + name
                switch kind(of: join(directory, rel)) {
                case .directory: try walk(rel, depth: depth + 1)
                case .file: if extensions.contains(fileExtension(name)) { relative.append(rel) }
                case nil: break  // a dangling symlink holds no data
                }
            }
        }
        try walk("", depth: 0)
        return relative.sorted().map { join(directory, $0) }
    }

    static func join(_ directory: String, _ name: String) -> String {
        if name.isEmpty { return directory }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Lower-cased extension without the dot ("" when none).
    static func fileExtension(_ path: String) -> String {
        (path as NSString).pathExtension.lowercased()
    }

    static func fileName(_ path: String) -> String {
        (path as NSString).lastPathComponent
    }
}
