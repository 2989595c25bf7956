import Foundation

/// The `frontline` executable of the same build: `swift build --build-tests` puts it beside
/// this test binary.
let frontline: URL? = {
    let tests = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = tests.deletingLastPathComponent()
    // Linux runs the test executable itself; elsewhere it lives inside a bundle.
    while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
        folder = folder.deletingLastPathComponent()
    }
    let binary = folder.appendingPathComponent("frontline")
    return FileManager.default.isExecutableFile(atPath: binary.path) ? binary : nil
}()

/// Runs the CLI with `input` on standard input (closed at once when nil); (exit status,
/// standard output + standard error).
func runFrontline(_ arguments: [String], input: String = "") throws -> (Int32, String) {
    guard let binary = frontline else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let output = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = stdin
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

