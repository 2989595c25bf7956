import Foundation

/// A labelled set of customer questions, each with the article that answers it
/// (`Tests/Fixtures/kb-questions.yml`): what knowledge-base retrieval is measured on.
///
/// The file is a YAML subset read line by line, so errors can name their line:
///
///     article-id:
///       - "a customer question"
///       - another question
///
/// Blank lines and lines starting with `#` are skipped. Quoted questions may use `\"` and `\\`.
public struct KBQuestionSet: Sendable {
    public struct Question: Sendable, Hashable {
        public var text: String
        public var articleId: String
        /// Position among its article's questions (0, 1, 2…): the split into halves uses it.
        public var position: Int
        public var line: Int
    }

    public var questions: [Question]

    public init(questions: [Question]) {
        self.questions = questions
    }

    /// Questions at even positions under their article: where fusion settings are chosen.
    public var validation: [Question] { questions.filter { $0.position % 2 == 0 } }
    /// Questions at odd positions: reported, never tuned on.
    public var test: [Question] { questions.filter { $0.position % 2 == 1 } }

    public static func read(file: String) throws -> KBQuestionSet {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw KBQuestionSetError(file: file, line: nil, "cannot read it as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> KBQuestionSet {
        var questions: [Question] = []
        var article: String?
        var count = 0
        var seen: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let content = raw.trimmingCharacters(in: .whitespaces)
            if content.isEmpty || content.hasPrefix("#") { continue }
            if !raw.hasPrefix(" ") {
                guard content.hasSuffix(":"), content.count > 1, !content.contains(" ") else {
                    throw KBQuestionSetError(file: file, line: line, "expected an article id followed by ':', found \"\(content)\"")
                }
                let id = String(content.dropLast())
                guard seen.insert(id).inserted else {
                    throw KBQuestionSetError(file: file, line: line, "article \(id) appears twice; keep its questions under one heading")
                }
                article = id
                count = 0
                continue
            }
            guard content.hasPrefix("- ") else {
                throw KBQuestionSetError(file: file, line: line, "expected a question as '- \"text\"', found \"\(content)\"")
            }
            guard let article else {
                throw KBQuestionSetError(file: file, line: line, "a question before any article id")
            }
            let question = try unquote(String(content.dropFirst(2)).trimmingCharacters(in: .whitespaces), file: file, line: line)
            guard !question.isEmpty else {
                throw KBQuestionSetError(file: file, line: line, "empty question")
            }
            questions.append(Question(text: question, articleId: article, position: count, line: line))
            count += 1
        }
        guard !questions.isEmpty else {
            throw KBQuestionSetError(file: file, line: nil, "no questions: expected 'article-id:' lines followed by '  - \"question\"' lines")
        }
        return KBQuestionSet(questions: questions)
    }

    private static func unquote(_ text: String, file: String, line: Int) throws -> String {
        guard text.hasPrefix("\"") else { return text }
        guard text.count >= 2, text.hasSuffix("\""), !text.hasSuffix("\\\"") || text.hasSuffix("\\\\\"") else {
            throw KBQuestionSetError(file: file, line: line, "a quoted question must end with '\"'")
        }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                guard character == "\"" || character == "\\" else {
                    throw KBQuestionSetError(file: file, line: line, "unknown escape \\\(character); only \\\" and \\\\ are allowed")
                }
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                throw KBQuestionSetError(file: file, line: line, "a '\"' inside a quoted question must be written \\\"")
            } else {
                result.append(character)
            }
        }
        return result
    }
}

public struct KBQuestionSetError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
