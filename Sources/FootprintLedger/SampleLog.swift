import FootprintCore
import FootprintSystem
import Foundation

/// A run's samples and tasks as they are taken, appended to `<ledger>.d/<run id>.samples` with one
/// `write` each, and folded into the ledger's tables in batches and when the run ends.
///
/// A SQLite commit per sample costs six `fcntl` locks and two page writes; an append costs one
/// `write`. The kernel keeps what was written when the process is killed (SIGKILL included), as
/// SQLite's WAL with `synchronous=NORMAL` does; neither is synced to the disk, so a power cut may
/// drop the last seconds of both. Whoever opens the ledger next folds the log of a run whose
/// recorder is gone (``Ledger/foldOrphanedLogs(ofLedger:into:)``): a recorder holds an exclusive `flock` on its
/// log for as long as it lives, and the kernel drops it when the process dies.
///
/// Format: the 8 bytes `FPLOG1\n\0`, then records of `UInt32` payload length, one kind byte, the
/// payload, and an FNV-1a hash of kind and payload, all little-endian. A sample's payload is ten
/// `Double`s (t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j,
/// cpu_utilization, process_cpu_share); a task's is five (start_s, end_s, cpu_j, gpu_j, ram_j) and
/// then its name in UTF-8. A record cut short (a full disk, a power cut) or whose hash does not
/// match ends the log: what came before it is read, nothing after.
enum SampleLog {
    /// What a log holds, in the order it was written.
    enum Record: Hashable, Sendable {
        case sample(SampleRecord)
        case task(TaskRecord)
    }

    static let magic: [UInt8] = Array("FPLOG1\n\0".utf8)
    static let fileSuffix = ".samples"
    static let sampleKind: UInt8 = 1
    static let taskKind: UInt8 = 2
    /// The longest payload a reader accepts: a task name is a line of the task pipe, far shorter.
    static let longestPayload = 1 << 20

    /// The folder of a ledger's logs.
    static func folder(ofLedger path: String) -> String { path + ".d" }

    /// The log of run `id` in `folder`.
    static func path(folder: String, runID id: String) -> String { folder + "/" + id + fileSuffix }

    /// The run id a log's file name holds, nil for another file.
    static func runID(fileName name: String) -> String? {
        guard name.hasSuffix(fileSuffix), !name.hasPrefix(".") else { return nil }
        let id = String(name.dropLast(fileSuffix.count))
        return id.isEmpty ? nil : id
    }

    // MARK: Encoding

    static func encode(_ record: Record) -> [UInt8] {
        // Written in place after a length placeholder: one buffer per record on the sampler's path.
        var bytes: [UInt8] = [0, 0, 0, 0]
        let kind: UInt8
        switch record {
        case .sample(let r):
            kind = sampleKind
            bytes.reserveCapacity(9 + 80)
            bytes.append(kind)
            for value in [
                r.t, r.duration, r.cpuJoules, r.cpuProcessJoules, r.gpuJoules, r.gpuProcessJoules, r.ramJoules,
                r.ramProcessJoules, r.cpuUtilization, r.processCPUShare
            ] {
                append(value.bitPattern, to: &bytes)
            }
        case .task(let r):
            kind = taskKind
            bytes.reserveCapacity(9 + 40 + r.name.utf8.count)
            bytes.append(kind)
            for value in [r.start, r.end, r.cpuJoules, r.gpuJoules, r.ramJoules] {
                append(value.bitPattern, to: &bytes)
            }
            bytes += r.name.utf8
        }
        let length = UInt32(bytes.count - 5)
        withUnsafeBytes(of: length.littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        append(hash(kind, bytes[5...]), to: &bytes)
        return bytes
    }

    /// The records of a log, up to the first one that is cut short or damaged; nil when the bytes
    /// are not a sample log at all.
    static func decode(_ bytes: [UInt8]) -> [Record]? {
        guard bytes.count >= magic.count else { return bytes == Array(magic.prefix(bytes.count)) ? [] : nil }
        guard Array(bytes.prefix(magic.count)) == magic else { return nil }
        var records: [Record] = []
        var at = magic.count
        while bytes.count - at >= 9 {
            let length = Int(read(UInt32.self, bytes, at))
            guard length <= longestPayload, bytes.count - at - 9 >= length else { break }
            let kind = bytes[at + 4]
            let payload = bytes[(at + 5)..<(at + 5 + length)]
            guard read(UInt32.self, bytes, at + 5 + length) == hash(kind, payload),
                let record = record(kind, payload)
            else { break }
            records.append(record)
            at += 9 + length
        }
        return records
    }

    private static func record(_ kind: UInt8, _ payload: ArraySlice<UInt8>) -> Record? {
        let start = payload.startIndex
        func double(_ i: Int) -> Double { Double(bitPattern: read(UInt64.self, payload, start + 8 * i)) }
        switch kind {
        case sampleKind where payload.count == 80:
            return .sample(
                SampleRecord(
                    t: double(0), duration: double(1), cpuJoules: double(2), cpuProcessJoules: double(3),
                    gpuJoules: double(4), gpuProcessJoules: double(5), ramJoules: double(6),
                    ramProcessJoules: double(7), cpuUtilization: double(8), processCPUShare: double(9)))
        case taskKind where payload.count >= 40:
            guard let name = String(validating: payload[(start + 40)...], as: UTF8.self) else { return nil }
            return .task(
                TaskRecord(
                    name: name, start: double(0), end: double(1), cpuJoules: double(2), gpuJoules: double(3),
                    ramJoules: double(4)))
        default:
            return nil
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func read<T: FixedWidthInteger, C: RandomAccessCollection<UInt8>>(
        _: T.Type, _ bytes: C, _ at: C.Index
    ) -> T where C.Index == Int {
        var value: T = 0
        for i in 0..<MemoryLayout<T>.size { value |= T(bytes[at + i]) << (8 * i) }
        return value
    }

    /// FNV-1a, 32 bits: enough to tell a record from the zeros or garbage a power cut can leave.
    static func hash(_ kind: UInt8, _ payload: ArraySlice<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        h = (h ^ UInt32(kind)) &* 16_777_619
        for byte in payload { h = (h ^ UInt32(byte)) &* 16_777_619 }
        return h
    }
}
