import ArgumentParser
import FrontlineData

@main
struct Frontline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontline",
        abstract: "Frontline, a customer-service bot: serve, train intent models, predict, evaluate.",
        discussion: """
            Typical use:
              frontline serve --port 8080 --db frontline.db
              frontline train --data TrainingData --out Models/default
              frontline predict --model Models/default "where is my order?"
              frontline evaluate --model Models/clinc --data ../shared/datasets/clinc150/data_full.json --report reports/clinc
              frontline compare --model Models/clinc-nb --model Models/clinc --data ../shared/datasets/clinc150/data_full.json --report reports/compare
            Data formats (auto-detected, or --format NAME):
            \(DataFormat.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n"))
            """,
        subcommands: [
            TrainCommand.self, PredictCommand.self, EvaluateCommand.self, CompareCommand.self, ChatCommand.self, ServeCommand.self, DemoOrdersCommand.self,
            OutcomesCommand.self, RetrainCommand.self, RollbackCommand.self, ReviewCommand.self, ReportCommand.self,
            ImportCommand.self, ExportCommand.self, MigrateCommand.self,
            BenchCommand.self, BenchSlotsCommand.self, BenchTurnsCommand.self, BenchKBCommand.self, BenchEncoderCommand.self, BenchReplayCommand.self,
        ]
    )
}
