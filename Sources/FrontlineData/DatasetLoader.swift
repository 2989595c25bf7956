import Foundation

/// Entry point for reading training data in any supported format.
public enum DatasetLoader {
    /// Reads the data at `path`, detecting its format unless `format` is given.
    /// `csv` chooses columns for CSV input and is ignored otherwise.
    public static func load(path: String, format: DataFormat? = nil, csv: CSVColumns = .auto) throws -> Dataset {
        if let format {
            return try read(path: path, format: format, csv: csv)
        }
        switch try detect(path: path) {
        case .format(let format):
            return try read(path: path, format: format, csv: csv)
        case .clincJSON(let object):
            // Already parsed during detection; a 2.5 MB file is not worth parsing twice.
            return try ClincReader.read(object: object, file: path)
        case .snipsJSON(let document):
            return try SnipsReader.read(document: document)
        }
    }

    /// The format `load` would pick for `path`.
    public static func detectFormat(path: String) throws -> DataFormat {
        switch try detect(path: path) {
        case .format(let format): format
        case .clincJSON: .clinc
        case .snipsJSON: .snips
        }
    }

    private static func read(path: String, format: DataFormat, csv: CSVColumns) throws -> Dataset {
        switch format {
        case .frontline: try FrontlineYAMLReader.read(path: path)
        case .clinc: try ClincReader.read(path: path)
        case .csv: try CSVReader.read(path: path, columns: csv)
        case .bio: try BIOReader.read(path: path)
        case .snips: try SnipsReader.read(path: path)
        case .rasa, .dialogflow: try importForeign(path: path, format: format).dataset(source: path, format: format)
        }
    }

    private enum Detection {
        case format(DataFormat)
        case clincJSON(Any)
        case snipsJSON(JSONDocument)
    }

    private static func detect(path: String) throws -> Detection {
        switch FileAccess.kind(of: path) {
        case nil:
            throw DataError(file: path, message: "no such file or directory")
        case .directory:
            if !BIOReader.splitFolders(in: path).isEmpty { return .format(.bio) }
            if SnipsReader.isSnipsFolder(path) { return .format(.snips) }
            if let foreign = foreignFormat(folder: path) { return .format(foreign) }
            if try !FileAccess.files(under: path, extensions: ["yml", "yaml"]).isEmpty { return .format(.frontline) }
            throw unknownFormat(path, "a folder with neither split subfolders holding seq.in, Snips train_*.json/validate_*.json files nor .yml/.yaml files")
        case .file:
            switch FileAccess.fileExtension(path) {
            case "yml", "yaml": return .format(.frontline)
            case "csv": return .format(.csv)
            case "zip": return .format(.dialogflow)
            case "json":
                // Parsed once here and handed to the reader; Snips files need its lenient decoding.
                let document = try JSONDocument.read(path)
                if ClincReader.looksLikeClinc(document.value) { return .clincJSON(document.value) }
                if SnipsReader.looksLikeSnips(document.value) { return .snipsJSON(document) }
                throw unknownFormat(path, "JSON without CLINC150's top-level \"train\" and \"oos_train\" or \"val\" keys, "
                    + "or Snips' {\"<Intent>\": [{\"data\": [...]}, ...]}")
            case let ext:
                throw unknownFormat(path, ext.isEmpty ? "a file without an extension" : "a .\(ext) file")
            }
        }
    }

    /// Reads a Rasa project or Dialogflow agent as an importer does (the report goes unused here).
    public static func importForeign(path: String, format: DataFormat) throws -> ImportedAssistant {
        format == .dialogflow ? try DialogflowImporter.read(path: path, language: nil) : try RasaImporter.read(path: path)
    }

    /// A Rasa project (domain.yml beside data/, no Frontline nlu/) or a Dialogflow agent (agent.json).
    public static func foreignFormat(folder: String) -> DataFormat? {
        if FileAccess.kind(of: FileAccess.join(folder, "agent.json")) == .file { return .dialogflow }
        let hasDomain = ["domain.yml", "domain.yaml"].contains { FileAccess.kind(of: FileAccess.join(folder, $0)) == .file }
        if hasDomain, FileAccess.kind(of: FileAccess.join(folder, "data")) == .directory,
           FileAccess.kind(of: FileAccess.join(folder, "nlu")) != .directory {
            return .rasa
        }
        return nil
    }

    private static func unknownFormat(_ path: String, _ found: String) -> DataError {
        let formats = DataFormat.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n")
        return DataError(file: path, message: """
            cannot detect the data format: found \(found). Expected one of these; \
            pass --format \(DataFormat.allCases.map(\.rawValue).joined(separator: "|")) to choose:
            \(formats)
            """)
    }
}
