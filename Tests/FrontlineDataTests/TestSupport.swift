import Foundation
import Testing
@testable import FrontlineData

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
