import Foundation
import SwitchboardCore
import Testing

@Suite("Trimming whitespace without Foundation")
struct WhitespaceTrimmingTests {
    @Test("the same text as trimmingCharacters(in: .whitespacesAndNewlines)", arguments: [
        "", " ", "\n\t \r\n", "plain", "  both ends \n", "\u{00A0}no-break\u{2003}", "inner  space\nkept",
        "\u{0085}next line\u{2028}", "é\u{0301} combined ", "\r\n\r\nwindows\r\n", "🚀 emoji 🚀\t",
    ])
    func sameAsFoundation(_ text: String) {
        #expect(text.strippingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(Substring(text).strippingWhitespace == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
