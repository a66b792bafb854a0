import FootprintCore
import FootprintMeter

/// What `footprint run` does about the processes of the command's tree that outlive the command.
extension RunCommand {
    /// Called once the command has exited (still a zombie): names the processes of its tree still
    /// running, or with `--wait-tree` measures on until they have exited too, and says which in the
    /// run's notes. Returns the command's termination when it had to be reaped early, and the
    /// processes left running when footprint stops measuring.
    static func settle(
        _ tree: CommandTree, of child: ChildProcess, adopting: Bool, waitTree: Bool, meter: RunMeter,
        forwarder: SignalForwarder
    ) -> (ChildProcess.Termination?, [CommandTree.Survivor]) {
        if waitTree && !adopting {
            meter.warn(
                "--wait-tree: this system cannot make footprint the subreaper of the command's tree; measured the command only"
            )
        }
        let survivors = adopting ? tree.survivors() : []
        guard !survivors.isEmpty else { return (nil, []) }
        guard waitTree else {
            meter.warn(
                outlivedNote(survivors)
                    + "; --wait-tree measures until \(survivors.count == 1 ? "it exits" : "they exit")")
            return (nil, survivors)
        }
        // Reaped now, its CPU time moves into footprint's reaped-children time, which the tree reading counts.
        let termination = child.reap()
        let (since, signals) = (monotonicSeconds(), forwarder.signalsReceived.count)
        if tree.waitForTree(until: { forwarder.signalsReceived.count > signals }) {
            meter.warn(
                "measured until the command's whole tree had exited: \(processes(survivors.count)) "
                    + "outlived the command by \(FootprintCore.Duration.seconds(monotonicSeconds() - since))")
            return (termination, [])
        }
        let left = tree.survivors()
        meter.warn(
            "stopped waiting for the command's tree on a signal" + (left.isEmpty ? "" : "; " + outlivedNote(left)))
        return (termination, left)
    }

    /// "3 processes of the command's tree outlived it …: 4242 sleep, 4243 sleep, 4250 python3".
    static func outlivedNote(_ survivors: [CommandTree.Survivor]) -> String {
        let listed = survivors.prefix(5).map(\.label).joined(separator: ", ") + (survivors.count > 5 ? ", …" : "")
        return
            "\(processes(survivors.count)) of the command's tree outlived it and \(survivors.count == 1 ? "was" : "were") "
            + "not measured after it exited: \(listed)"
    }

    static func processes(_ count: Int) -> String { count == 1 ? "1 process" : "\(count) processes" }
}
