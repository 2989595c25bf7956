/// The training-data formats `DatasetLoader` can read.
///
/// Raw values are what users type after `--format`.
public enum DataFormat: String, CaseIterable, Sendable {
    /// Frontline's own NLU YAML: a `.yml`/`.yaml` file or a folder of them (format described in FrontlineYAMLReader.swift).
    case frontline
    /// CLINC150 JSON: `train`/`val`/`test` and `oos_*` keys holding `[text, label]` pairs.
    case clinc
    /// CSV with a header row: a `text` column, an `intent`/`label`/`category` column, optional `split`.
    case csv
    /// BIO folders: `train|valid|test/{seq.in,seq.out,label}`.
    case bio
    /// Snips NLU benchmark 2017 JSON: `<Intent>/train_<Intent>_full.json` and `validate_<Intent>.json` (SnipsReader.swift).
    case snips
    /// A Rasa 2.x/3.x project: domain.yml and data/*.yml (RasaImporter.swift), read without writing an assistant folder.
    case rasa
    /// A Dialogflow ES agent export: agent.json, intents/, entities/, or its .zip (DialogflowImporter.swift).
    case dialogflow

    /// One line for help text and error messages.
    public var summary: String {
        switch self {
        case .frontline: "Frontline NLU YAML (.yml/.yaml file or folder)"
        case .clinc: "CLINC150 JSON ({\"train\": [[text, label], ...], \"oos_train\": ...})"
        case .csv: "CSV with header (text, intent|label|category, optional split)"
        case .bio: "BIO folders (train|valid|test/seq.in, seq.out, label)"
        case .snips: "Snips 2017 JSON (<Intent>/train_<Intent>_full.json, validate_<Intent>.json; folder or file)"
        case .rasa: "Rasa 2.x/3.x project (domain.yml and data/*.yml) or Rasa NLU YAML file"
        case .dialogflow: "Dialogflow ES agent export (agent.json, intents/, entities/; folder or .zip)"
        }
    }
}
