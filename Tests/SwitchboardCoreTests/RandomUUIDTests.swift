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

    @Test("version 7: the Unix milliseconds first, then 74 random bits; ids of later milliseconds sort after")
    func timeOrdered() {
        let ids = (0..<10_000).map { RandomUUID.timeOrdered(at: Date(timeIntervalSince1970: Double(1_796_000_000_123 + $0 / 10) / 1000)) }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(500) {
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "7")
            #expect("89ab".contains(characters[19]))
        }
        // 1,796,000,000,123 ms = 0x1a229f1287b: the first 12 hex digits, dash after the eighth.
        #expect(ids[0].hasPrefix("01a229f1-287b-7"))
        #expect(ids[10].hasPrefix("01a229f1-287c-7"))
        // Ten ids per millisecond: every millisecond's ids sort before the next one's.
        for index in stride(from: 10, to: ids.count, by: 10) {
            #expect(ids[index - 10 ..< index].allSatisfy { $0 < ids[index] })
        }
        let free = [15, 16, 17] + (20..<36).filter { $0 != 23 }
        for position in free {
            #expect(Set(ids.map { Array($0)[position] }).count == 16, "position \(position)")
        }
    }
}
