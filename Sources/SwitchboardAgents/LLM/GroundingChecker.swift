import Foundation
public import SwitchboardProtocol

/// Decides whether a sentence a model wrote rests on the facts it was given: every number in it
/// must be one of the facts' numbers (those in number facts and those written inside string
/// facts, like `$1,234.50` or `gpt-4o`), or round from one to the decimals written — also as a
/// percent of a share (`0.123` → `12 %`). A sentence with any other number is ungrounded.
///
/// ```swift
/// let checker = GroundingChecker(facts: ["total": 1234.5])
/// checker.isGrounded("You spent $1,234.50.")   // true
/// checker.isGrounded("You spent $1,300.")      // false
/// ```
public struct GroundingChecker: Sendable {
    /// A number as written: its value and how many decimals it was written with.
    struct Written: Sendable, Hashable {
        var value: Double
        var decimals: Int
    }

    private let known: [Double]

    public init(facts: [String: JSONValue]) {
        var known: [Double] = []
        Self.collect(.object(facts), into: &known)
        self.known = known
    }

    public func isGrounded(_ sentence: String) -> Bool {
        Self.numbers(in: sentence).allSatisfy(isKnown)
    }

    /// The numbers of a sentence that no fact accounts for.
    public func ungroundedNumbers(in sentence: String) -> [Double] {
        Self.numbers(in: sentence).filter { !isKnown($0) }.map(\.value)
    }

    private func isKnown(_ written: Written) -> Bool {
        // Half a unit of the last decimal written, plus room for binary floating point.
        let tolerance = 0.5 * pow(10, Double(-written.decimals)) + 1e-9
        return known.contains { fact in
            abs(abs(fact) - written.value) <= tolerance || abs(abs(fact) * 100 - written.value) <= tolerance
        }
    }

    private static func collect(_ value: JSONValue, into known: inout [Double]) {
        switch value {
        case .number(let number): known.append(number)
        case .string(let text): known += numbers(in: text).map(\.value)
        case .array(let items): for item in items { collect(item, into: &known) }
        case .object(let fields): for field in fields.values { collect(field, into: &known) }
        case .bool, .null: break
        }
    }

    /// Digit runs with thousands separators (`1,234`) and decimals (`0.05`), signs dropped:
    /// "-$3" and "$3" state the same figure.
    static func numbers(in text: String) -> [Written] {
        var found: [Written] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isDigit(_ at: Int) -> Bool { at < scalars.count && ("0"..."9").contains(scalars[at]) }
        while index < scalars.count {
            guard isDigit(index) else {
                index += 1
                continue
            }
            var digits = ""
            var decimals = 0
            var inFraction = false
            while index < scalars.count {
                let scalar = scalars[index]
                if ("0"..."9").contains(scalar) {
                    digits.unicodeScalars.append(scalar)
                    if inFraction { decimals += 1 }
                    index += 1
                } else if scalar == ",", !inFraction, isDigit(index + 1), isDigit(index + 2), isDigit(index + 3), !isDigit(index + 4) {
                    index += 1  // a thousands separator
                } else if scalar == ".", !inFraction, isDigit(index + 1) {
                    digits.append(".")
                    inFraction = true
                    index += 1
                } else {
                    break
                }
            }
            if let value = Double(digits) { found.append(Written(value: value, decimals: decimals)) }
        }
        return found
    }
}
