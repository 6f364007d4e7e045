import SwitchboardProtocol

/// Triage asks the model what a question is about (intent, models, window) as a JSON object
/// following ``schema``. The answer is used only when it validates, and only for what it may
/// decide: models must be ones the catalog or the user's data know, the window stays in range.
/// Otherwise the rules of ``QuestionParser`` decide, as they always did offline.
enum TriageUnderstanding {
    static let schemaName = "triage"

    static func schema(knownModels: [String]) -> JSONValue {
        [
            "type": "object",
            "properties": [
                "intent": ["type": "string", "enum": .array(Intent.allCases.map { .string($0.rawValue) })],
                "models": ["type": "array", "items": ["type": "string"], "maxItems": 10],
                "days": ["type": "integer", "minimum": 1, "maximum": 90],
            ],
            "required": ["intent", "models", "days"],
            "additionalProperties": false,
        ]
    }

    /// The model's reading applied over the parser's: nil when the answer does not validate.
    static func apply(
        _ answer: JSONValue?, to parsed: QuestionParser.Parsed, knownModels: [String]
    ) -> QuestionParser.Parsed? {
        guard let answer, JSONSchemaValidator.validate(answer, against: schema(knownModels: knownModels)) == nil,
            let fields = answer.objectValue, let intentText = fields["intent"]?.stringValue, let intent = Intent(rawValue: intentText),
            let days = fields["days"]?.numberValue, case .array(let modelValues)? = fields["models"]
        else { return nil }
        // A model named by the model must be one that exists, spelt as the catalog spells it.
        let byLowercase = Dictionary(knownModels.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let models = modelValues.compactMap(\.stringValue).compactMap { byLowercase[$0.lowercased()] }
        var understood = parsed
        understood.intent = intent
        understood.models = Array(Set(models + parsed.models)).sorted()
        understood.days = Int(days)
        return understood
    }
}
