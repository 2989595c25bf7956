import ArgumentParser
import Foundation
import FrontlineData

/// `frontline import rasa|dialogflow`: another framework's project → a Frontline assistant folder.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a Rasa project or a Dialogflow ES agent into a Frontline assistant folder.",
        discussion: """
            The folder (domain.yml, nlu/, kb/) is ready for `frontline train`, `evaluate` and `chat`. \
            What has no Frontline equivalent (stories, rules, custom actions, …) is listed in \
            DIR/import-report.md and on the terminal with file:line; a malformed annotation skips that \
            example with a warning.
            """,
        subcommands: [Rasa.self, Dialogflow.self])

    struct Rasa: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a Rasa 2.x/3.x project (a folder with domain.yml and data/, or YAML files).")

        @Argument(help: "The Rasa project folder or a YAML file.")
        var path: String

        @Option(name: .long, help: "The assistant folder to write.")
        var out: String

        func run() throws {
            try ImportCommand.finish(try RasaImporter.read(path: path), out: out)
        }
    }

    struct Dialogflow: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a Dialogflow ES agent export (the unzipped folder or the .zip).")

        @Argument(help: "The agent folder (agent.json, intents/, entities/) or its .zip export.")
        var path: String

        @Option(name: .long, help: "The assistant folder to write.")
        var out: String

        @Option(name: .long, help: "The language to import (default: the agent's default language).")
        var language: String?

        func run() throws {
            try ImportCommand.finish(try DialogflowImporter.read(path: path, language: language), out: out)
        }
    }

    /// Writes the folder and prints the report's summary.
    static func finish(_ imported: @autoclosure () throws -> ImportedAssistant, out: String) throws {
        do {
            let report = try AssistantFolderWriter.write(try imported(), to: out)
            let reportPath = (out as NSString).appendingPathComponent(AssistantFolderWriter.reportFile)
            print("imported \(report.source) (\(report.format)) into \(out)")
            print(report.terminalSummary(reportPath: reportPath))
            print("report    \(reportPath)")
            print("next      frontline train --data \(out) --out Models/imported")
        } catch let error as DataError {
            throw ValidationError(error.description)
        }
    }
}
