import Foundation
import SwitchboardCore
import Testing

@Suite("Random UUIDs")
struct RandomUUIDTests {
    @Test("version 4, RFC 4122 variant, lowercase, what Foundation reads back, never twice in 10,000")
    func wellFormedAndUnique() {
        let ids = (0..<10_000).map { _ in RandomUUID.string() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(500) {
            #expect(id.count == 36)
            #expect(id == id.lowercased())
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
            #expect([8, 13, 18, 23].allSatisfy { characters[$0] == "-" })
        }
        // Every hex digit turns up in every free position over many ids: nothing stuck.
        let free = (0..<36).filter { ![8, 13, 14, 18, 19, 23].contains($0) }
        for position in free {
            #expect(Set(ids.map { Array($0)[position] }).count == 16, "position \(position)")
        }
    }
}
