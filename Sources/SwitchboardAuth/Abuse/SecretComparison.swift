import Crypto
import Foundation

/// Digests and comparisons of secrets that take the same time whatever the input.
public enum SecretComparison {
    /// Lower-case hex SHA-256 of the UTF-8 text.
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares the SHA-256 digests of both texts byte by byte without stopping early, so the
    /// time taken says nothing about where they differ (nor about the lengths).
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(SHA256.hash(data: Data(lhs.utf8)))
        let right = Array(SHA256.hash(data: Data(rhs.utf8)))
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
