import FrontlineData
import Testing

@Suite("CLI: help text")
struct CommandLineHelpTests {
    @Test("frontline --help names every data format the loader reads, with its summary",
          .enabled(if: frontline != nil, "the frontline executable is not beside the tests (build with swift build --build-tests)"))
    func helpListsEveryFormat() throws {
        let (status, output) = try runFrontline(["--help"])
        #expect(status == 0, "\(output)")
        // ArgumentParser wraps long lines: compare with the whitespace folded.
        let folded = output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for format in DataFormat.allCases {
            let line = "\(format.rawValue): \(format.summary)".split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(folded.contains(line), "no line for \(format.rawValue) in frontline --help")
        }
    }
}
