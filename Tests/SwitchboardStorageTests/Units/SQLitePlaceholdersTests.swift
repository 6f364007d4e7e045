@testable import SwitchboardStorage
import Testing

@Suite("SQLite placeholders")
struct SQLitePlaceholdersTests {
    @Test func numberedPlaceholdersBecomeQuestionMarksOutsideQuotesAndComments() {
        #expect(SQLitePlaceholders.translate("SELECT 1") == "SELECT 1")
        #expect(SQLitePlaceholders.translate("SELECT $2, $1, $10") == "SELECT ?2, ?1, ?10")
        #expect(SQLitePlaceholders.translate("SELECT '$1', \"$2\", `$3`, 'it''s $4' , $5") == "SELECT '$1', \"$2\", `$3`, 'it''s $4' , ?5")
        #expect(SQLitePlaceholders.translate("SELECT $1 -- $2\n, $3") == "SELECT ?1 -- $2\n, ?3")
        #expect(SQLitePlaceholders.translate("SELECT /* $1 */ $2") == "SELECT /* $1 */ ?2")
        #expect(SQLitePlaceholders.translate("SELECT 'é$1ü' || $2, $ab, $") == "SELECT 'é$1ü' || ?2, $ab, $")
        #expect(SQLitePlaceholders.translate("SELECT '日本$1' , 日本$2") == "SELECT '日本$1' , 日本?2")
        #expect(SQLitePlaceholders.translate("SELECT 'unterminated $1") == "SELECT 'unterminated $1")
        #expect(SQLitePlaceholders.translate("SELECT /* open $1") == "SELECT /* open $1")
        let bulk = (1...3_000).map { "$\($0)" }.joined(separator: ", ")
        #expect(SQLitePlaceholders.translate(bulk) == (1...3_000).map { "?\($0)" }.joined(separator: ", "))
    }
}
