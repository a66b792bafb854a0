import FootprintCore

/// A run's job in one line, as `runs show` prints it.
enum JobText {
    /// "4242 (train), slurm, rank 3 of 4, local rank 1, on node2, pod p in ml".
    static func line(_ job: JobIdentity) -> String {
        var parts = [job.id + (job.name.map { $0 == job.id ? "" : " (\($0))" } ?? ""), job.scheduler.rawValue]
        if let rank = job.rank { parts.append("rank \(rank)" + (job.worldSize.map { " of \($0)" } ?? "")) }
        if let local = job.localRank { parts.append("local rank \(local)") }
        if let node = job.node { parts.append("on \(node)") }
        if let pod = job.pod { parts.append("pod \(pod)" + (job.namespace.map { " in \($0)" } ?? "")) }
        return parts.joined(separator: ", ")
    }
}
