import Foundation

/// Reads a question the way triage needs it: what it is about, which models, metrics, time
/// window and target it names. Rules, not a model: the same question always parses the same.
///
/// ```swift
/// QuestionParser.parse("cut gpt-4o cost by 30% over the last 7 days", knownModels: ["gpt-4o"], defaultDays: 30)
/// // intent .cost, models ["gpt-4o"], days 7, target cost −30 %
/// ```
public enum QuestionParser {
    public struct Parsed: Sendable, Hashable {
        public var intent: Intent
        public var metrics: [String]
        public var models: [String]
        public var days: Int
        public var target: Target?
    }

    /// Words that mark each intent, in order of precedence.
    static let vocabulary: [(Intent, [String])] = [
        (.cost, ["cost", "costs", "bill", "billing", "spend", "spending", "expensive", "price", "pricing", "cheaper", "cheap",
                 "save", "saving", "savings", "budget", "money", "$", "invoice", "dollars"]),
        (.latency, ["latency", "slow", "slower", "fast", "faster", "speed", "p50", "p90", "p99", "response time", "lag"]),
        (.errors, ["error", "errors", "fail", "failing", "failure", "failures", "timeout", "timeouts", "rate limit", "429"]),
        (.caching, ["cache", "caching", "repeated", "duplicate", "duplicates", "same prompt"]),
        (.usage, ["token", "tokens", "usage", "volume", "calls", "requests", "traffic", "models", "model", "optimize", "optimise"]),
    ]

    public static func parse(_ question: String, knownModels: [String], defaultDays: Int) -> Parsed {
        let text = question.lowercased()
        let words = Set(tokens(of: text))
        var metrics: [String] = []
        for (intent, markers) in vocabulary where markers.contains(where: { isPhrase($0) ? has(text, $0) : words.contains($0) }) {
            metrics.append(intent.rawValue)
        }
        let intent = metrics.first.flatMap(Intent.init(rawValue:)) ?? .unknown
        let known = Dictionary(knownModels.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var models: [String] = []
        for word in tokens(of: text) {
            if let model = known[word], !models.contains(model) { models.append(model) }
        }
        return Parsed(
            intent: intent, metrics: metrics, models: models, days: days(in: text) ?? defaultDays,
            target: target(in: text, intent: intent))
    }

    /// Words and model-like names: split on anything but letters, digits and `- . _ :`, with
    /// trailing dots dropped ("gpt-4o." is "gpt-4o").
    static func tokens(of text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || "-._:$".contains($0)) }
            .map { token in
                var word = Substring(token)
                while word.last == "." { word = word.dropLast() }
                return String(word)
            }
            .filter { !$0.isEmpty }
    }

    static func days(in text: String) -> Int? {
        // Each pattern needs its unit word; most questions name none, and a regular expression
        // costs far more than a search for the word.
        if has(text, "day") {
            if let count = firstNumber(text, Patterns.lastDays) { return clamp(count) }
            if let count = firstNumber(text, Patterns.days) { return clamp(count) }
        }
        if has(text, "week"), let weeks = firstNumber(text, Patterns.lastWeeks) { return clamp(weeks * 7) }
        if has(text, "yesterday") || has(text, "today") || has(text, "24 hours") { return 1 }
        if has(text, "this week") || has(text, "last week") || has(text, "past week") { return 7 }
        if has(text, "this month") || has(text, "last month") || has(text, "past month") { return 30 }
        if has(text, "quarter") { return 90 }
        return nil
    }

    static func target(in text: String, intent: Intent) -> Target? {
        guard has(text, "%") || has(text, "percent"),
            let percent = firstMatch(text, Patterns.target).flatMap(Double.init), percent > 0, percent <= 100
        else { return nil }
        return Target(metric: intent == .latency ? "latency" : "cost", percent: percent)
    }

    private static func clamp(_ days: Int) -> Int { min(max(days, 1), 90) }

    /// A marker found anywhere in the text rather than as a word: several words, or `$`.
    private static func isPhrase(_ marker: String) -> Bool {
        marker.utf8.contains(UInt8(ascii: " ")) || marker == "$"
    }

    /// Whether `text` holds `needle`, byte for byte. Neither library search will do here:
    /// Foundation's `contains` goes through `range(of:options:)` and a CFString for every call
    /// (1.2 % of the event path's CPU), and the standard library's `utf8.contains(_:)` is a
    /// generic Z-algorithm search that allocates per call (4.7 %); glibc's `memmem` is not
    /// imported into Swift.
    static func has(_ text: String, _ needle: String) -> Bool {
        var text = text, needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in
                guard let first = pattern.first else { return true }
                guard pattern.count <= haystack.count else { return false }
                for start in 0...(haystack.count - pattern.count) where haystack[start] == first {
                    if memcmp(haystack.baseAddress! + start, pattern.baseAddress!, pattern.count) == 0 { return true }
                }
                return false
            }
        }
    }

    private static func firstNumber(_ text: String, _ expression: NSRegularExpression) -> Int? {
        firstMatch(text, expression).flatMap { Int($0) }
    }

    private static func firstMatch(_ text: String, _ expression: NSRegularExpression) -> String? {
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }

    /// Compiled once: compiling them for every question was 3 % of the server's CPU in the
    /// saturated load scenario (`bench/event-path`). Immutable and safe to share.
    private enum Patterns {
        static let lastDays = compile(#"(?:last|past|previous)\s+(\d{1,3})\s+days?"#)
        static let days = compile(#"(\d{1,3})\s+days?"#)
        static let lastWeeks = compile(#"(?:last|past)\s+(\d{1,2})\s+weeks?"#)
        static let target = compile(
            #"(?:cut|reduce|lower|save|decrease|drop|trim|bring down)\b.{0,40}?(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(?:%|percent)"#)

        private static func compile(_ pattern: String) -> NSRegularExpression {
            do {
                return try NSRegularExpression(pattern: pattern)
            } catch {
                preconditionFailure("QuestionParser pattern does not compile: \(pattern): \(error)")
            }
        }
    }
}
