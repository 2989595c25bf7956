import Foundation

/// The package's root folder, found from this file's path: tests read the shipped
/// assistant, examples and fixtures from it wherever the package is checked out.
public enum PackageRoot {
    public static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FrontlineTestFiles
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package root

    public static var path: String { url.path }

    /// `relative` inside the package.
    public static func url(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// `relative` inside the package.
    public static func path(_ relative: String) -> String { url(relative).path }
}

/// The public benchmark sets in `../shared/datasets` beside the package root. They are
/// never copied into the repository and are absent on some machines, so the tests that
/// read them check `present(_:)` and are skipped, with a message naming what is missing.
public enum SharedDatasets {
    public static let url = PackageRoot.url.appendingPathComponent("../shared/datasets", isDirectory: true).standardizedFileURL

    public static var path: String { url.path }

    /// `relative` inside ../shared/datasets, e.g. "clinc150/data_full.json".
    public static func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// Whether `relative` (a file or a folder) exists inside ../shared/datasets.
    public static func present(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }
}
