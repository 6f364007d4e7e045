public import SwitchboardCore

/// What a new password must be: at least 10 characters, at most 72 UTF-8 bytes (bcrypt
/// ignores everything after the 72nd byte, so longer passwords would be silently cut), and
/// neither the e-mail address nor its local part. Refusals are 422 `WEAK_PASSWORD` on the
/// `password` field.
public enum PasswordPolicy {
    public static let minimumCharacters = 10
    public static let maximumBytes = 72

    public static func check(_ password: String, email: String) throws(ValidationFailure) {
        guard password.count >= minimumCharacters else {
            throw weak("must be at least \(minimumCharacters) characters")
        }
        guard password.utf8.count <= maximumBytes else {
            throw weak("must be at most \(maximumBytes) bytes (bcrypt's limit)")
        }
        let lowered = password.lowercased()
        let localPart = email.split(separator: "@").first.map(String.init) ?? email
        guard lowered != email.lowercased(), lowered != localPart.lowercased() else {
            throw weak("must not be the e-mail address")
        }
        guard Set(password).count > 1 else { throw weak("must not repeat one character") }
    }

    private static func weak(_ message: String) -> ValidationFailure {
        ValidationFailure(field: "password", message, code: "WEAK_PASSWORD")
    }
}
