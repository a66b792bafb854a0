import Testing

@testable import FootprintCore

@Suite struct DataTableTests {
    @Test func everyBundledTableParses() throws {
        for name in [
            "grid-countries", "grid-subnational", "grid-cloud", "grid-electricitymaps", "cpus", "accelerators",
            "embodied", "embodied-nodes", "embodied-dies", "wue"
        ] {
            let table = try DataTable.embedded(name)
            #expect(!table.rows.isEmpty, "\(name)")
        }
        #expect(HardwareCatalog.bundled.cpus.count > 4_800)
    }

    @Test func malformedTablesAreReportedWithTheLine() {
        #expect { try DataTable(name: "t", text: "# only a comment\n") } throws: { error in
            (error as? DataTable.Malformed)?.reason == .noHeader
        }
        #expect {
            try DataTable(name: "t", text: "a\tb\n1\t2\n3\n")
        } throws: { error in
            (error as? DataTable.Malformed).map { $0.line == 3 && $0.reason == .cellCount(found: 1, expected: 2) }
                ?? false
        }
    }

    @Test func closestMatchDistance() {
        #expect(ClosestMatch.distance("germny", "germany") == 1)
        #expect(ClosestMatch.distance("", "abc") == 3)
        #expect(ClosestMatch.distance("kitten", "sitting") == 3)
    }
}
