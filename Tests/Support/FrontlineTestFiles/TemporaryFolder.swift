import Foundation

/// A fresh folder under the system temp folder for one test's files, named
/// `frontline-test-<UUID>` so a leftover is easy to recognise.
///
/// It is removed when the value is released. A test whose files stay open in something
/// else (a store's database) removes it with `defer { folder.remove() }` instead: Swift may
/// release a value right after its last use, before the store is done with the file, and
/// the `defer` keeps the folder until the end of the scope.
public final class TemporaryFolder: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("frontline-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { remove() }

    public var path: String { url.path }

    /// Where `relative` would be inside the folder (nothing is created).
    public func url(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// Where `relative` would be inside the folder (nothing is created).
    public func path(_ relative: String) -> String { url(relative).path }

    /// A database file inside the folder, for tests that open one store.
    public var databasePath: String { path("frontline.db") }

    /// Writes `contents` to `relative` (creating the folders on the way) and returns its path.
    @discardableResult
    public func write(_ relative: String, _ contents: String) throws -> String {
        try write(relative, Data(contents.utf8))
    }

    /// Writes `data` to `relative` (creating the folders on the way) and returns its path.
    @discardableResult
    public func write(_ relative: String, _ data: Data) throws -> String {
        let file = url(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    /// Removes the folder and everything in it (a folder already gone is fine).
    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
