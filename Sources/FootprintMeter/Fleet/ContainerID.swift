/// The container a process runs in, from the cgroup paths of `/proc/PID/cgroup`.
///
/// Container runtimes name a container's cgroup after its 64-hex id: Docker (`/docker/ID` with the
/// cgroupfs driver, `docker-ID.scope` with systemd's), containerd under Kubernetes
/// (`cri-containerd-ID.scope`, or a bare `ID` folder under the pod's with cgroupfs), CRI-O
/// (`crio-ID.scope`) and Podman (`libpod-ID.scope`). The runtimes' monitor processes
/// (`crio-conmon-ID`, `libpod-conmon-ID`) run beside the container, not in it, and get none.
public enum ContainerID {
    /// The prefixes runtimes put before the id in a systemd scope's name.
    static let scopePrefixes = ["docker-", "cri-containerd-", "crio-", "libpod-", "containerd-"]

    /// The container id a `/proc/PID/cgroup` text names (lowercase hex), nil for a process on the host.
    public static func parse(cgroup: String) -> String? {
        // The deepest component wins: a container's cgroup sits under its pod's and its runtime's.
        for line in cgroup.split(separator: "\n") {
            // hierarchy-ID:controllers:path; the path may itself hold ':'.
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            for component in fields[2].split(separator: "/").reversed() {
                if let id = id(inComponent: component) { return id }
            }
        }
        return nil
    }

    /// The id in one path component: `ID`, `ID.scope`, or a runtime prefix then `ID[.scope]`.
    static func id(inComponent component: Substring) -> String? {
        var name = component
        if name.hasSuffix(".scope") { name = name.dropLast(".scope".count) }
        if name.count != 64, let prefix = scopePrefixes.first(where: { name.hasPrefix($0) }) {
            name = name.dropFirst(prefix.count)
        }
        guard name.utf8.count == 64, name.utf8.allSatisfy(isHexDigit) else { return nil }
        return name.lowercased()
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
