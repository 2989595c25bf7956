import ArgumentParser
import FrontlineData

/// `frontline export rasa`: Frontline data → a Rasa 3.x project, so nobody is locked in.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write Frontline data in another framework's format.",
        subcommands: [Rasa.self])

    struct Rasa: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an assistant folder (or NLU data) as Rasa 3.x NLU YAML, rules and a domain.",
            discussion: "`frontline import rasa` reads the result back to the same data.")

        @Option(name: .long, help: "The assistant folder (domain.yml, nlu/, kb/) or Frontline NLU YAML.")
        var data: String

        @Option(name: .long, help: "The Rasa project folder to write.")
        var out: String

        func run() throws {
            do {
                let summary = try RasaExporter.export(data: data, to: out)
                print("exported \(data) to \(out): \(summary.examples) examples, \(summary.spans) annotated spans")
                print("files     \(summary.files.joined(separator: ", "))")
                for note in summary.notes { print("note      \(note)") }
            } catch let error as DataError {
                throw ValidationError(error.description)
            }
        }
    }
}
