import Foundation

/// A cgroup named like a container's (a 64-hex id), for a test process to move itself into, so that
/// the exporter counts it as a container's on a machine that runs none. Made where root may make
/// one (the v1 `pids` hierarchy, else the v2 root), removed by ``remove()``; nil elsewhere.
struct TestCgroup {
    /// The cgroup's folder: a process writes its pid to `cgroup.procs` in it.
    let path: String
    /// The container id its name is.
    let id: String
    private let parent: String

    init?() {
        let id = (0..<4).map { _ in String(format: "%016llx", UInt64.random(in: 0...UInt64.max)) }.joined()
        for hierarchy in ["/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"] {
            let parent = "\(hierarchy)/footprint-test-\(UUID().uuidString.prefix(8))"
            guard mkdir(parent, 0o755) == 0 else { continue }
            guard mkdir("\(parent)/\(id)", 0o755) == 0,
                FileManager.default.fileExists(atPath: "\(parent)/\(id)/cgroup.procs")
            else {
                rmdir("\(parent)/\(id)")
                rmdir(parent)
                continue
            }
            self.path = "\(parent)/\(id)"
            self.id = id
            self.parent = parent
            return
        }
        return nil
    }

    /// Removes the cgroup once the processes in it have ended (the kernel refuses it before).
    func remove() {
        for _ in 0..<50 {
            if rmdir(path) == 0 || errno == ENOENT { break }
            usleep(100_000)
        }
        rmdir(parent)
    }
}
