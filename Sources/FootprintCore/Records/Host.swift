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

    /// The login name of the effective user, from the password database (not `USER`, which a
    /// shell may not set or may carry over from `sudo`); nil where it has no entry (a container
    /// running as an arbitrary uid).
    public static func userName() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        let text = String(cString: name)
        return text.isEmpty ? nil : text
    }

    /// footprint's data folder: `FOOTPRINT_DATA_DIR`, else `$XDG_DATA_HOME/footprint`, else
    /// `~/.local/share/footprint`. The ledger and run journals live in it.
    public static func dataFolder(environment: [String: String]) -> String {
        if let explicit = environment["FOOTPRINT_DATA_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = xdgFolder("XDG_DATA_HOME", environment: environment) { return xdg + "/footprint" }
        return homeFolder(environment: environment) + "/.local/share/footprint"
    }

    /// The user's home folder: `HOME`, else (unset or empty, as under some service managers) the
    /// password database's entry, so that the ledger is never put in a shared `/tmp` or at `/`.
    public static func homeFolder(environment: [String: String]) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        if let entry = getpwuid(getuid()), let folder = entry.pointee.pw_dir {
            let path = String(cString: folder)
            if path.hasPrefix("/") { return path }
        }
        return "/tmp"
    }

    /// An XDG base directory variable's folder, or nil when it is unset, empty or relative: the XDG
    /// Base Directory Specification has a relative path ignored, which would otherwise put a ledger
    /// or read a configuration wherever footprint happens to be started.
    public static func xdgFolder(_ variable: String, environment: [String: String]) -> String? {
        guard let value = environment[variable], value.hasPrefix("/") else { return nil }
        return value
    }
}

/// The hardware components Footprint accounts for.
public enum Component: String, Sendable, Hashable, Codable, CaseIterable {
    case cpu, gpu, ram
}
