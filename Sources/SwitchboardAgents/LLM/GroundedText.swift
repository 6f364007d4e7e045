import Foundation

/// The gate between a model's streamed text and the user: text is held until a sentence is
/// complete, then the sentence is checked against the facts; a grounded sentence is released,
/// an ungrounded one is dropped and replaced by the template's sentence about the same thing
/// (the unused template sentence sharing most words with it), if there is one. So a dropped
/// sentence never reaches anyone, live or on resume. Pure: the agent feeds it deltas.
struct GroundedText: Sendable {
    let checker: GroundingChecker
    private var templateSentences: [String]
    private var pending = ""
    /// Everything released so far, in order: what the user saw, and what is stored.
    private(set) var released = ""
    private(set) var droppedSentences = 0
    private(set) var replacedSentences = 0

    init(checker: GroundingChecker, template: String) {
        self.checker = checker
        templateSentences = SentenceSplitter.sentences(of: template)
    }

    /// Adds model text; answers the text released by it (possibly empty).
    mutating func feed(_ text: String) -> String {
        var output = ""
        for character in text {
            pending.append(character)
            if SentenceSplitter.endsSentence(pending) {
                output += check(pending)
                pending = ""
            }
        }
        released += output
        return output
    }

    /// The model's answer ended: checks what is left.
    mutating func finish() -> String {
        defer { pending = "" }
        let output = pending.isEmpty ? "" : check(pending)
        released += output
        return output
    }

    /// The provider changed mid-answer: its unfinished sentence is abandoned.
    mutating func restart() {
        pending = ""
    }

    /// Falls back to the whole template (nothing was released, e.g. the model wrote only ungrounded text).
    mutating func releaseTemplateIfEmpty() -> String {
        guard released.allSatisfy(\.isWhitespace) else { return "" }
        let output = templateSentences.joined()
        templateSentences = []
        released += output
        return output
    }

    private mutating func check(_ sentence: String) -> String {
        if sentence.allSatisfy(\.isWhitespace) { return sentence }
        if checker.isGrounded(sentence) { return sentence }
        droppedSentences += 1
        guard let replacement = takeTemplateSentence(like: sentence) else { return "" }
        replacedSentences += 1
        return replacement.hasSuffix(" ") || replacement.hasSuffix("\n") ? replacement : replacement + " "
    }

    private mutating func takeTemplateSentence(like sentence: String) -> String? {
        let words = Self.words(sentence)
        var best: (index: Int, shared: Int)?
        for (index, candidate) in templateSentences.enumerated() {
            let shared = Self.words(candidate).intersection(words).count
            if shared > 0, shared > (best?.shared ?? 0) { best = (index, shared) }
        }
        guard let best else { return nil }
        return templateSentences.remove(at: best.index)
    }

    /// Lower-cased words of four letters or more: what a sentence is about, not its glue.
    private static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter }.filter { $0.count >= 4 }.map(String.init))
    }
}

