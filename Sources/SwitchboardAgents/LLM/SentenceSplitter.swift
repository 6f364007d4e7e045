/// Where sentences end in model and template text: after `.`, `!` or `?` followed by a space,
/// and at line ends. A decimal point (`1.5`) is followed by a digit, so it ends nothing. Pieces
/// keep their trailing space, so they join back into the text.
enum SentenceSplitter {
    static func sentences(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if endsSentence(current) {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Whether `text` ends with a sentence's end (its trailing space or newline included).
    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        if last == "\n" { return true }
        return last == " " && [".", "!", "?"].contains(text.dropLast().last)
    }
}
