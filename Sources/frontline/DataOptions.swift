import Foundation
import ArgumentParser
import FrontlineData
import FrontlineML

/// Where training or evaluation data comes from; shared by the commands that read data.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "A data file or folder in one of the formats below (--format).")
    var data: String

    @Option(name: .long, help: "The data's format (\(DataFormat.allCases.map(\.rawValue).joined(separator: "|"))); detected when omitted.")
    var format: DataFormat?

    @Option(name: .long, help: "CSV: the column holding the text (default: text).")
    var textColumn: String?

    @Option(name: .long, help: "CSV: the column holding the intent (default: intent, label or category).")
    var labelColumn: String?

    @Option(name: .long, help: "The assistant's domain.yml, for its slot declarations (default: domain.yml in the --data folder, when there is one).")
    var domain: String?

    /// The slots' declarations (entity kinds, patterns, values with synonyms) from the
    /// domain, or none for data without one (public data sets carry only annotations).
    func slotDefinitions() throws -> [SlotDefinition] {
        var path = domain
        // A Rasa or Dialogflow domain is not Frontline's: its slots come from the importer.
        if path == nil, let foreign = [format, try? DatasetLoader.detectFormat(path: data)].compactMap({ $0 }).first,
           foreign == .rasa || foreign == .dialogflow {
            do {
                return try DatasetLoader.importForeign(path: data, format: foreign).slotDefinitions
            } catch let error as DataError {
                throw ValidationError(error.description)
            }
        }
        if path == nil {
            let folder = URL(fileURLWithPath: data)
            if ["domain.yml", "domain.yaml"].contains(where: {
                FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
            }) {
                path = data
            }
        }
        guard let path else { return [] }
        do {
            return try DomainLoader.load(path: path).slotDefinitions
        } catch let error as DataError {
            throw ValidationError(error.description)
        }
    }

    func load() throws -> Dataset {
        do {
            return try DatasetLoader.load(
                path: data, format: format, csv: CSVColumns(text: textColumn, label: labelColumn))
        } catch let error as DataError {
            throw ValidationError(error.description)
        }
    }
}

extension DataFormat: ExpressibleByArgument {}
extension IntentAlgorithm: ExpressibleByArgument {}
extension MathBackend: ExpressibleByArgument {}
extension LogisticRegression.Optimizer: ExpressibleByArgument {}
extension LogisticRegression.ClassWeighting: ExpressibleByArgument {}

/// Progress lines go to standard error so standard output stays machine-readable.
func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

func percent(_ value: Double?) -> String {
    value.map { String(format: "%.2f%%", $0 * 100) } ?? "n/a"
}
