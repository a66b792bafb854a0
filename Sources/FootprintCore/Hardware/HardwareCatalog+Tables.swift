extension HardwareCatalog {
    static func loadAccelerators() throws -> [Accelerator] {
        let table = try DataTable.embedded("accelerators")
        let c = try (
            id: table.column("id"), name: table.column("name"), aliases: table.column("aliases"),
            kind: table.column("kind"), vendor: table.column("vendor"), year: table.column("year"),
            tdp: table.column("tdp_watts"), average: table.column("average_watts"),
            memory: table.column("memory_gb"), fp32: table.column("fp32_tflops"),
            tf32: table.column("tf32_tflops"), fp16: table.column("fp16_tflops"),
            fp8: table.column("fp8_tflops"), source: table.column("source"), note: table.column("note")
        )
        return try table.rows.enumerated().map { line, row in
            guard let kind = Accelerator.Kind(rawValue: String(row[c.kind])), let tdp = row[c.tdp].number,
                let memory = row[c.memory].number, let year = Int(row[c.year])
            else {
                throw DataTable.Malformed(
                    table: "accelerators", line: line + 1, reason: .missingValues("kind, TDP, memory or year"))
            }
            var peaks: [Precision: Double] = [:]
            for (precision, column) in [(Precision.fp32, c.fp32), (.tf32, c.tf32), (.fp16, c.fp16), (.fp8, c.fp8)] {
                if let tflops = row[column].number { peaks[precision] = tflops * 1e12 }
            }
            return Accelerator(
                id: String(row[c.id]), name: String(row[c.name]),
                aliases: row[c.aliases].split(separator: ",").map { String($0) },
                kind: kind, vendor: String(row[c.vendor]), year: year, tdp: .watts(tdp),
                averagePower: row[c.average].number.map(Power.watts), memoryGigabytes: memory,
                peakFLOPS: peaks, source: String(row[c.source]), note: String(row[c.note]))
        }
    }

    static func loadCPUs() throws -> [CPUModel] {
        let table = try DataTable.embedded("cpus")
        let (name, tdp) = try (table.column("name"), table.column("tdp_watts"))
        return table.rows.compactMap { row in
            row[tdp].number.map { CPUModel(name: String(row[name]), tdp: .watts($0)) }
        }
    }
}
