import ArgumentParser
import FootprintCore

/// `--job ID`, for `run` and `attach`: the batch job the run belongs to, over the one its
/// environment names (Slurm, torchrun, Kubernetes).
struct JobOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The job this run belongs to (printable, at most \(JobIdentity.longestID) characters), instead of the "
                + "one Slurm, torchrun or Kubernetes variables name; runs of one job are listed together with "
                + "footprint runs --job ID.", valueName: "id"))
    var job: String?

    /// The job of a process with this environment and cgroup, `--job` applied.
    /// - Throws: ``InvalidInput`` for a `--job` that cannot be recorded.
    func resolve(detected: JobIdentity?) throws -> JobIdentity? {
        guard let job else { return detected }
        do {
            return try JobIdentity.named(job, detected: detected)
        } catch {
            throw InvalidInput("--job: \(error); give the job's id as the scheduler shows it, or a name of your own")
        }
    }
}
