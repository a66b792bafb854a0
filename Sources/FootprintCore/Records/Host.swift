#if canImport(Glibc)
import Glibc
#endif

/// Facts about the machine and user footprint runs for, shared by the meter and the ledger.
public enum Host {
    /// The machine's name, straight from the kernel (Foundation's `hostName` may ask DNS).
    public static func name() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// footprint's data folder: `FOOTPRINT_DATA_DIR`, else `$XDG_DATA_HOME/footprint`, else
    /// `~/.local/share/footprint`. The ledger and run journals live in it.
    public static func dataFolder(environment: [String: String]) -> String {
        if let explicit = environment["FOOTPRINT_DATA_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/footprint" }
        return (environment["HOME"] ?? "/tmp") + "/.local/share/footprint"
    }
}

/// The hardware components Footprint accounts for.
public enum Component: String, Sendable, Hashable, Codable, CaseIterable {
    case cpu, gpu, ram
}
