import FootprintCore
import FootprintSystem

/// What a process belongs to, read once when the collector first sees it (a pid and start time):
/// its kernel name, container, Kubernetes pod and namespace, and batch job.
struct ProcessIdentity: Sendable, Hashable {
    var comm: String
    var containerID: String?
    /// The pod's uid from the cgroup path, where the process runs in a Kubernetes pod.
    var podUID: String?
    var pod: String?
    var namespace: String?
    var job: JobIdentity?

    /// Where a pod's service account token mounts its namespace inside the container.
    static let namespaceFile = "var/run/secrets/kubernetes.io/serviceaccount/namespace"

    /// The longest pod or namespace name kept (Kubernetes allows 253 characters).
    static let longestName = 253

    /// Reads the identity of `pid` under `procRoot`. Files that cannot be read leave their part nil:
    /// the environment of another user's process is readable only by root, and a process may exit
    /// between two reads.
    static func read(procRoot: String, pid: Int32) -> ProcessIdentity {
        let comm = ProcessTreeReader.name(procRoot: procRoot, pid: pid) ?? ""
        let cgroup = try? SystemFile.text("\(procRoot)/\(pid)/cgroup")
        let environment = ProcessEnvironment.read(procRoot: procRoot, pid: pid)
        var identity = ProcessIdentity(comm: comm)
        identity.containerID = cgroup.flatMap(ContainerID.parse(cgroup:))
        identity.podUID = cgroup.flatMap(JobIdentity.podUID(cgroup:))
        if let environment {
            identity.job = JobIdentity.detect(environment: environment, cgroup: cgroup)
        }
        let inKubernetes = identity.podUID != nil || environment?["KUBERNETES_SERVICE_HOST"] != nil
        guard inKubernetes else { return identity }
        // In a pod, HOSTNAME is the pod's name unless the pod sets hostname; POD_NAME and
        // POD_NAMESPACE, where the downward API gives them, say it for certain.
        identity.pod = (environment?["POD_NAME"] ?? environment?["HOSTNAME"]).flatMap(name)
        identity.namespace =
            environment?["POD_NAMESPACE"].flatMap(name)
            ?? (try? SystemFile.text("\(procRoot)/\(pid)/root/\(namespaceFile)")).flatMap(name)
        return identity
    }

    /// A pod or namespace name as written, without surrounding blanks; nil when empty.
    static func name(_ text: String) -> String? {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).first
        guard let trimmed, !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(longestName))
    }
}
