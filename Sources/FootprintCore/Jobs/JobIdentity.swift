/// The batch job a run belongs to, and the run's place in it: which scheduler started it, the
/// job's id and name, the rank of this process among the job's processes, and the node it ran on.
///
/// Read from the environment a scheduler gives each process (``detect(environment:cgroup:)``), or
/// set by hand (`--job ID`). Runs that share a job id are one logical run across nodes.
public struct JobIdentity: Sendable, Hashable, Codable {
    /// Who started the job.
    public enum Scheduler: String, Sendable, Hashable, Codable, CaseIterable {
        /// Slurm (`SLURM_JOB_ID`, `SLURM_PROCID`, …).
        case slurm
        /// PyTorch's torchrun / elastic launcher (`TORCHELASTIC_RUN_ID`, `RANK`, …).
        case torchrun
        /// A Kubernetes pod (downward API variables, `KUBERNETES_SERVICE_HOST`).
        case kubernetes
        /// Set by hand with `--job`.
        case manual
    }

    /// Who started the job.
    public var scheduler: Scheduler
    /// The job's id (Slurm's job id, torchrun's run id, the pod's owner or name, or the `--job` value).
    public var id: String
    /// The job's name where the scheduler gives one.
    public var name: String?
    /// This process's global rank, 0-based.
    public var rank: Int?
    /// This process's rank on its node, 0-based.
    public var localRank: Int?
    /// How many processes the job has.
    public var worldSize: Int?
    /// The node's name as the scheduler knows it (Slurm's node name, Kubernetes' node name), else nil:
    /// the run's host then names the node.
    public var node: String?
    /// The Kubernetes pod, where the job runs in one.
    public var pod: String?
    /// The Kubernetes namespace of ``pod``.
    public var namespace: String?

    public init(
        scheduler: Scheduler, id: String, name: String? = nil, rank: Int? = nil, localRank: Int? = nil,
        worldSize: Int? = nil, node: String? = nil, pod: String? = nil, namespace: String? = nil
    ) {
        self.scheduler = scheduler
        self.id = id
        self.name = name
        self.rank = rank
        self.localRank = localRank
        self.worldSize = worldSize
        self.node = node
        self.pod = pod
        self.namespace = namespace
    }

    /// The longest job id kept; longer ones are cut (a scheduler's id is far shorter).
    public static let longestID = 256

    /// The job a process with this environment belongs to, nil outside any job.
    ///
    /// Slurm first (its variables are the most complete, and torchrun is often started under
    /// srun: then torchrun's RANK/LOCAL_RANK/WORLD_SIZE, the training process's own, win over
    /// Slurm's task numbers), then torchrun alone, then a Kubernetes pod. `cgroup` is the text of
    /// `/proc/PID/cgroup`, which names the pod's uid when no downward API variable does.
    public static func detect(environment: [String: String], cgroup: String? = nil) -> JobIdentity? {
        func text(_ key: String) -> String? {
            guard let value = environment[key]?.trimmingSpaces, !value.isEmpty else { return nil }
            return String(value.prefix(longestID))
        }
        func number(_ key: String) -> Int? {
            guard let value = text(key), let n = Int(value), n >= 0, n <= 10_000_000 else { return nil }
            return n
        }
        let torchRank = number("RANK"), torchLocal = number("LOCAL_RANK"), torchWorld = number("WORLD_SIZE")
        let pod = text("POD_NAME") ?? (text("KUBERNETES_SERVICE_HOST") != nil ? text("HOSTNAME") : nil)
        let namespace = text("POD_NAMESPACE")
        if let id = text("SLURM_JOB_ID") {
            // A step of a heterogeneous or array job keeps the array's id and index together.
            let arrayID = text("SLURM_ARRAY_JOB_ID"), arrayTask = text("SLURM_ARRAY_TASK_ID")
            let jobID = arrayID.flatMap { a in arrayTask.map { "\(a)_\($0)" } } ?? id
            return JobIdentity(
                scheduler: .slurm, id: jobID, name: text("SLURM_JOB_NAME"),
                rank: torchRank ?? number("SLURM_PROCID"), localRank: torchLocal ?? number("SLURM_LOCALID"),
                worldSize: torchWorld ?? number("SLURM_NTASKS"), node: text("SLURMD_NODENAME"), pod: pod,
                namespace: namespace)
        }
        if var id = text("TORCHELASTIC_RUN_ID") {
            // torchrun's run id is "none" unless --rdzv-id names it: every such launch would be one
            // job. Its rendezvous point (MASTER_ADDR:MASTER_PORT, the same on every node of one
            // launch) tells launches apart.
            if id == "none", let address = text("MASTER_ADDR") {
                id = "torchrun@\(address):\(text("MASTER_PORT") ?? "")"
            }
            return JobIdentity(
                scheduler: .torchrun, id: id, rank: torchRank, localRank: torchLocal, worldSize: torchWorld,
                node: text("NODE_NAME"), pod: pod, namespace: namespace)
        }
        // Kubernetes sets KUBERNETES_SERVICE_HOST in every container; a process whose environment
        // was cleared (or could not be read) still sits in its pod's cgroup.
        let podUID = cgroup.flatMap(Self.podUID(cgroup:))
        if text("KUBERNETES_SERVICE_HOST") != nil || text("POD_NAME") != nil || podUID != nil {
            // The job is the pod's owner where the downward API names it (a Job's pods carry the
            // job-name label as JOB_NAME by convention), else the pod itself, else its cgroup's pod uid.
            guard let id = text("JOB_NAME") ?? pod ?? podUID else { return nil }
            return JobIdentity(
                scheduler: .kubernetes, id: id, name: text("JOB_NAME"),
                rank: torchRank ?? number("JOB_COMPLETION_INDEX"),
                localRank: torchLocal, worldSize: torchWorld, node: text("NODE_NAME"), pod: pod, namespace: namespace)
        }
        return nil
    }

    /// The pod uid a `/proc/PID/cgroup` text names (`…/kubepods/…/pod<uid>/…`, with `-` or `_`
    /// between its groups as cgroupfs and systemd drivers write it), nil when none does.
    public static func podUID(cgroup: String) -> String? {
        for line in cgroup.split(separator: "\n") where line.contains("kubepods") {
            // "kubepods" itself holds "pod": try every occurrence, keep the one a uid follows.
            var rest = line[...]
            while let range = rest.range(of: "pod") {
                var uid = ""
                for character in rest[range.upperBound...] {
                    if character.isASCII, character.isHexDigit {
                        uid.append(character)
                    } else if character == "-" || character == "_" {
                        uid.append("-")
                    } else {
                        break
                    }
                }
                if isUID(uid) { return uid.lowercased() }
                rest = rest[range.upperBound...]
            }
        }
        return nil
    }

    /// 8-4-4-4-12 hex digits, as Kubernetes writes a pod's uid.
    static func isUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12]
    }
}

extension String {
    var trimmingSpaces: Substring {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
