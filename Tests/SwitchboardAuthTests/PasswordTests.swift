import Foundation
import SwitchboardAuth
import SwitchboardCore
import Testing

@Suite("Passwords and e-mail addresses")
struct PasswordTests {
    @Test("e-mails are trimmed and lower-cased; malformed ones are refused on the email field")
    func emails() throws {
        #expect(try EmailAddress.normalized("  Ada.Lovelace+x@Example.CO.uk\n") == "ada.lovelace+x@example.co.uk")
        for bad in ["", "plain", "a@b", "a@@b.c", "a b@c.de", "<a@b.c>", "@b.c", "a@.c", String(repeating: "a", count: 65) + "@b.c"] {
            #expect(throws: ValidationFailure.self, "\(bad)") { try EmailAddress.normalized(bad) }
        }
    }

    @Test("the policy: 10 characters, at most 72 bytes, not the e-mail, not one repeated character")
    func policy() throws {
        try PasswordPolicy.check("correct horse", email: "ada@example.com")
        for (password, rule) in [
            ("123456789", "at least 10"), (String(repeating: "ab", count: 37), "at most 72"),
            ("ADA@example.com", "e-mail"), ("ADAlovelace", "e-mail"), ("zzzzzzzzzzzz", "repeat"),
        ] {
            let email = rule == "e-mail" && password.hasPrefix("ADAlove") ? "adalovelace@example.com" : "ada@example.com"
            let error = #expect(throws: ValidationFailure.self) { try PasswordPolicy.check(password, email: email) }
            #expect(error?.code == "WEAK_PASSWORD")
            #expect(error?.field == "password")
        }
    }

    @Test("bcrypt on the thread pool: a hash verifies its password only; the stand-in hash matches nothing")
    func hashing() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(try await hasher.verify("correct horse battery", hash: hash))
        #expect(try await !hasher.verify("correct horse batterY", hash: hash))
        #expect(try await hasher.hash("correct horse battery") != hash)
    }

    @Test("the stand-in verification (unknown or locked account) costs about as much as a real one")
    func standInCostsTheSame() async throws {
        let hasher = PasswordHasher(cost: 10)
        let hash = try await hasher.hash("correct horse battery")
        let clock = ContinuousClock()
        // The fastest of three of each, so a busy machine slows neither side alone.
        var real = Duration.seconds(60), standIn = Duration.seconds(60)
        for _ in 0..<3 {
            real = min(real, try await clock.measure { _ = try await hasher.verify("wrong horse battery", hash: hash) })
            standIn = min(standIn, try await clock.measure { try await hasher.verifyAgainstNothing("wrong horse battery") })
        }
        // A malformed stand-in would be refused in microseconds, a thousand times faster.
        #expect(standIn * 4 > real, "stand-in \(standIn), real \(real)")
    }

    @Test("secrets compare equal only when equal")
    func comparison() {
        #expect(SecretComparison.equal("billing-secret", "billing-secret"))
        #expect(!SecretComparison.equal("billing-secret", "billing-secreT"))
        #expect(!SecretComparison.equal("short", "a much longer secret"))
        #expect(SecretComparison.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
