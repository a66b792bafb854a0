/// A run's job as every `--json` prints it (`run`, `attach`, `runs`, `runs show`): each field
/// named in snake case and always present, null where the scheduler gave none.
public struct JobJSON: Encodable, Sendable, Hashable {
    public var job: JobIdentity

    public init(_ job: JobIdentity) { self.job = job }

    enum CodingKeys: String, CodingKey {
        case scheduler, id, name, rank, node, pod, namespace
        case localRank = "local_rank", worldSize = "world_size"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(job.scheduler.rawValue, forKey: .scheduler)
        try c.encode(job.id, forKey: .id)
        try c.encode(job.name, forKey: .name)
        try c.encode(job.rank, forKey: .rank)
        try c.encode(job.localRank, forKey: .localRank)
        try c.encode(job.worldSize, forKey: .worldSize)
        try c.encode(job.node, forKey: .node)
        try c.encode(job.pod, forKey: .pod)
        try c.encode(job.namespace, forKey: .namespace)
    }
}
