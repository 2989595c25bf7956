import Foundation
import Testing
@testable import FrontlineData

/// A fresh temporary folder for one test's fixture files, removed when the test is done.
final class TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("frontline-data-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `relative` (creating folders) and returns the full path.
    @discardableResult
    func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, Data(contents.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ data: Data) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
        return full
    }

    func mkdir(_ relative: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }
}

/// Runs `body`, which must throw a `DataError`, and returns that error (recording an issue otherwise).
func dataError(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Any
) -> DataError? {
    do {
        let value = try body()
        Issue.record("expected a DataError but got \(value)", sourceLocation: sourceLocation)
    } catch let error as DataError {
        return error
    } catch {
        Issue.record("expected a DataError but got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Checks an error names the file, the line (as `file:line:`), and says what was expected.
func expect(
    _ error: DataError?, file: String, line: Int?, contains fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let error else { return }
    #expect(error.file == file, sourceLocation: sourceLocation)
    #expect(error.line == line, sourceLocation: sourceLocation)
    let prefix = line.map { "\(file):\($0): " } ?? "\(file): "
    #expect(error.description.hasPrefix(prefix), "\(error.description)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(error.description.contains(fragment), "\(error.description)", sourceLocation: sourceLocation)
    }
}
