import Foundation

/// How numbers read in reasoning and reports: money with two decimals and thousands
/// separators, shares as whole percents, plain numbers without trailing zeros.
public enum NumberText {
    public static func usd(_ value: Double) -> String {
        let cents = (value * 100).rounded()
        let negative = cents < 0
        let whole = Int64(abs(cents) / 100)
        let fraction = Int64(abs(cents).truncatingRemainder(dividingBy: 100))
        return (negative ? "-$" : "$") + grouped(whole) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    public static func percent(_ share: Double) -> String {
        "\(NumberText.plain((share * 1000).rounded() / 10)) %"
    }

    public static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = String(format: "%.2f", value)
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    static func grouped(_ value: Int64) -> String {
        let digits = String(value)
        var output = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output.append(",") }
            output.append(digit)
        }
        return output
    }
}
