import Foundation

/// Extracts a .zip with the system's `unzip` (Info-ZIP) into a temporary folder: exports are
/// small, and FrontlineData takes no archive library for one command.
enum ZipArchive {
    static let unzipPath = "/usr/bin/unzip"

    static func withExtracted<T>(_ zip: String, _ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try extract(zip, to: folder)
        return try body(folder)
    }

    static func extract(_ zip: String, to folder: String) throws {
        guard FileManager.default.isExecutableFile(atPath: unzipPath) else {
            throw DataError(file: zip, message: "cannot open the archive: \(unzipPath) is missing (install the 'unzip' package, or unzip it yourself and import the folder)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: unzipPath)
        // -qq: quiet, -o: overwrite without asking (the folder is new), -d: destination.
        process.arguments = ["-qq", "-o", zip, "-d", folder]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DataError(file: zip, message: "cannot run \(unzipPath): \(error.localizedDescription)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DataError(file: zip, message: "not a readable .zip archive (unzip: \(message.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
    }
}
