import FootprintCore
import FootprintSystem

/// The job a running process belongs to, read from its environment and cgroup in procfs: what
/// `footprint attach` records for the process it measures.
public enum ProcessJob {
    /// The job of `pid` (nil outside any), and whether its environment could be read: another
    /// user's process hides it, and then only its cgroup (a Kubernetes pod) can name the job.
    public static func detect(pid: Int32, procRoot: String = "/proc") -> (job: JobIdentity?, environmentRead: Bool) {
        let environment = ProcessEnvironment.read(procRoot: procRoot, pid: pid)
        let cgroup = try? SystemFile.text("\(procRoot)/\(pid)/cgroup")
        return (JobIdentity.detect(environment: environment ?? [:], cgroup: cgroup), environment != nil)
    }

    /// The job of this process, whose environment the command it starts inherits.
    public static func detectOwn(environment: [String: String], procRoot: String = "/proc") -> JobIdentity? {
        JobIdentity.detect(environment: environment, cgroup: try? SystemFile.text("\(procRoot)/self/cgroup"))
    }
}
