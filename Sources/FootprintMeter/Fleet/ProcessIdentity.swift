import FootprintCore
import FootprintSystem

#if canImport(Glibc)
import Glibc
#endif

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
            environment?["POD_NAMESPACE"].flatMap(name) ?? serviceAccountNamespace(procRoot: procRoot, pid: pid)
        return identity
    }

    /// The namespace the pod's service account token names, read through the process's root.
    ///
    /// In most images `/var/run` is a link to `/run`, and the runtime mounts the token where the link
    /// leads: `/run/secrets/…` is tried first. Only a real `/var/run` folder is then tried: an
    /// absolute link followed from outside the container resolves against the collector's own
    /// root, and would name the collector's namespace.
    static func serviceAccountNamespace(procRoot: String, pid: Int32) -> String? {
        let root = "\(procRoot)/\(pid)/root"
        let tail = "secrets/kubernetes.io/serviceaccount/namespace"
        if let text = try? SystemFile.text("\(root)/run/\(tail)") { return name(text) }
        var buffer = [CChar](repeating: 0, count: 8)
        guard readlink("\(root)/var/run", &buffer, buffer.count) < 0 else { return nil }
        return (try? SystemFile.text("\(root)/var/run/\(tail)")).flatMap(name)
    }

    /// A pod or namespace name as written, without surrounding blanks; nil when empty.
    static func name(_ text: String) -> String? {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).first
        guard let trimmed, !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(longestName))
    }
}
