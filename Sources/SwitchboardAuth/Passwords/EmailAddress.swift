import Foundation
public import SwitchboardCore

/// E-mail addresses as the auth namespace stores them: trimmed and lower-cased (the whole
/// address, so `Alice@Example.COM` and `alice@example.com` are one account), at most 254
/// bytes, one `@` with a non-empty local part and a dotted domain, no spaces or control
/// characters. Refusals are 422 `VALIDATION_FAILED` on the `email` field.
public enum EmailAddress {
    public static let maxBytes = 254

    public static func normalized(_ text: String) throws(ValidationFailure) -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard !email.isEmpty else { throw ValidationFailure(field: "email", "is required") }
        guard email.utf8.count <= maxBytes else {
            throw ValidationFailure(field: "email", "must be at most \(maxBytes) bytes")
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else {
            throw ValidationFailure(field: "email", "is not an e-mail address")
        }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationFailure(field: "email", "is not an e-mail address")
        }
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters).union(CharacterSet(charactersIn: "<>()[]\\,;\""))
        guard email.unicodeScalars.allSatisfy({ !forbidden.contains($0) }) else {
            throw ValidationFailure(field: "email", "is not an e-mail address")
        }
        return email
    }
}
