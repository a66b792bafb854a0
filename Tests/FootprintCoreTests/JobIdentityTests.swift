import FootprintCore
import Testing

/// Which job a process belongs to, from the environment its scheduler gave it and its cgroup.
@Suite struct JobIdentityTests {
    let slurm = [
        "SLURM_JOB_ID": "4242", "SLURM_JOB_NAME": "train", "SLURM_PROCID": "3", "SLURM_LOCALID": "1",
        "SLURM_NTASKS": "4", "SLURMD_NODENAME": "node2", "SLURM_NODEID": "1"
    ]

    @Test func slurmGivesTheJobAndTheTasksPlace() {
        let job = JobIdentity.detect(environment: slurm)
        #expect(
            job
                == JobIdentity(
                    scheduler: .slurm, id: "4242", name: "train", rank: 3, localRank: 1, worldSize: 4, node: "node2"))
    }

    /// Every task of an array has its own SLURM_JOB_ID; the array's id with the task's index is what
    /// `squeue` shows (4240_7), and what ties the task's steps together.
    @Test func aSlurmArrayTaskIsNamedByTheArrayAndItsIndex() {
        var environment = slurm
        environment["SLURM_ARRAY_JOB_ID"] = "4240"
        environment["SLURM_ARRAY_TASK_ID"] = "7"
        #expect(JobIdentity.detect(environment: environment)?.id == "4240_7")
        // An array id without its index names no task: the job's own id stays.
        environment["SLURM_ARRAY_TASK_ID"] = nil
        #expect(JobIdentity.detect(environment: environment)?.id == "4242")
    }

    /// torchrun started by srun: the job is Slurm's, the ranks are the training processes' own.
    @Test func torchrunUnderSrunKeepsSlurmsJobAndTorchsRanks() {
        var environment = slurm
        environment.merge(["TORCHELASTIC_RUN_ID": "4242", "RANK": "5", "LOCAL_RANK": "0", "WORLD_SIZE": "8"]) { $1 }
        let job = JobIdentity.detect(environment: environment)
        #expect(job?.scheduler == .slurm && job?.id == "4242" && job?.node == "node2")
        #expect(job?.rank == 5 && job?.localRank == 0 && job?.worldSize == 8)
    }

    @Test func torchrunAlone() {
        let job = JobIdentity.detect(environment: [
            "TORCHELASTIC_RUN_ID": "exp-7", "RANK": "2", "LOCAL_RANK": "0", "WORLD_SIZE": "4", "HOSTNAME": "gpu3"
        ])
        #expect(job == JobIdentity(scheduler: .torchrun, id: "exp-7", rank: 2, localRank: 0, worldSize: 4))
    }

    /// torchrun's run id is "none" unless --rdzv-id names it: the rendezvous point tells one launch
    /// from another, instead of every such launch being one job.
    @Test func torchrunsDefaultRunIDIsToldApartByItsRendezvous() {
        let job = JobIdentity.detect(environment: [
            "TORCHELASTIC_RUN_ID": "none", "RANK": "0", "MASTER_ADDR": "10.0.0.5", "MASTER_PORT": "29500"
        ])
        #expect(job?.id == "torchrun@10.0.0.5:29500")
        #expect(JobIdentity.detect(environment: ["TORCHELASTIC_RUN_ID": "none"])?.id == "none")
    }

    @Test func kubernetesFromTheDownwardAPI() {
        let job = JobIdentity.detect(environment: [
            "KUBERNETES_SERVICE_HOST": "10.96.0.1", "HOSTNAME": "train-0-abcde", "POD_NAME": "train-0-abcde",
            "POD_NAMESPACE": "ml", "NODE_NAME": "worker-3", "JOB_NAME": "train", "JOB_COMPLETION_INDEX": "0"
        ])
        #expect(
            job
                == JobIdentity(
                    scheduler: .kubernetes, id: "train", name: "train", rank: 0, node: "worker-3", pod: "train-0-abcde",
                    namespace: "ml"))
    }

    /// Without downward API variables the pod is the container's host name, and the job the pod.
    @Test func kubernetesWithOnlyTheHostName() {
        let job = JobIdentity.detect(environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "HOSTNAME": "web-7f9c"])
        #expect(job == JobIdentity(scheduler: .kubernetes, id: "web-7f9c", pod: "web-7f9c"))
    }

    /// A process whose environment says nothing still sits in its pod's cgroup: the pod's uid names the job.
    @Test func kubernetesFromTheCgroupAlone() {
        let cgroup = "0::/kubepods/burstable/pod0f3c2a9e-61b1-4f5e-9c3e-2d1a7b8c9d0e/3e5f\n"
        let job = JobIdentity.detect(environment: ["PATH": "/usr/bin"], cgroup: cgroup)
        #expect(job == JobIdentity(scheduler: .kubernetes, id: "0f3c2a9e-61b1-4f5e-9c3e-2d1a7b8c9d0e"))
    }

    @Test func nothingIsNoJob() {
        #expect(JobIdentity.detect(environment: [:]) == nil)
        #expect(JobIdentity.detect(environment: ["HOSTNAME": "laptop", "RANK": "0"], cgroup: "0::/user.slice\n") == nil)
        // Empty or blank values are no values.
        #expect(JobIdentity.detect(environment: ["SLURM_JOB_ID": " ", "TORCHELASTIC_RUN_ID": ""]) == nil)
    }

    @Test func numbersThatAreNotRanksAreLeftOut() {
        var environment = slurm
        environment["SLURM_PROCID"] = "-1"
        environment["SLURM_LOCALID"] = "one"
        let job = JobIdentity.detect(environment: environment)
        #expect(job?.rank == nil && job?.localRank == nil)
    }

    @Test func anOverlongIDIsCut() {
        let job = JobIdentity.detect(environment: ["SLURM_JOB_ID": String(repeating: "7", count: 1000)])
        #expect(job?.id.count == JobIdentity.longestID)
    }

    @Test(arguments: [
        // cgroupfs driver, cgroup v1 and v2.
        "12:memory:/kubepods/besteffort/pod0f3c2a9e-61b1-4f5e-9c3e-2d1a7b8c9d0e/abc123\n",
        "0::/kubepods/pod0F3C2A9E-61B1-4F5E-9C3E-2D1A7B8C9D0E/abc123\n",
        // systemd driver: underscores between the groups.
        "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f3c2a9e_61b1_4f5e_9c3e_2d1a7b8c9d0e.slice/cri-containerd-3e5f.scope\n"
    ])
    func podUIDFromCgroupPaths(_ cgroup: String) {
        #expect(JobIdentity.podUID(cgroup: cgroup) == "0f3c2a9e-61b1-4f5e-9c3e-2d1a7b8c9d0e")
    }

    /// "kubepods" holds "pod" itself, and a slice without a pod names none.
    @Test func kubepodsAloneIsNoPod() {
        #expect(JobIdentity.podUID(cgroup: "0::/kubepods.slice/kubepods-burstable.slice\n") == nil)
        #expect(JobIdentity.podUID(cgroup: "0::/kubepods/podcafe/abc\n") == nil)
        // A uid-like name outside kubepods is someone else's.
        #expect(JobIdentity.podUID(cgroup: "0::/user.slice/pod0f3c2a9e-61b1-4f5e-9c3e-2d1a7b8c9d0e\n") == nil)
        // 36 characters with 4 dashes in the wrong places is not a uid.
        #expect(JobIdentity.podUID(cgroup: "0::/kubepods/pod0f3c2a9e61b1-4f5e-9c3e-2d1a7b8c-9d0e/abc\n") == nil)
    }

    @Test func aJobNamedByHandKeepsTheDetectedPlace() throws {
        let detected = JobIdentity.detect(environment: slurm)
        #expect(try JobIdentity.named("4242", detected: detected) == detected)
        let manual = try JobIdentity.named(" exp42 ", detected: detected)
        #expect(manual.scheduler == .manual && manual.id == "exp42" && manual.name == nil)
        #expect(manual.rank == 3 && manual.localRank == 1 && manual.node == "node2")
        #expect(try JobIdentity.named("exp42", detected: nil) == JobIdentity(scheduler: .manual, id: "exp42"))
    }

    @Test func aJobIDByHandMustBeShowable() {
        #expect(throws: JobIDProblem(.empty)) { try JobIdentity.named("  ", detected: nil) }
        #expect(throws: JobIDProblem(.notPrintable)) { try JobIdentity.named("a\nb", detected: nil) }
        #expect(throws: JobIDProblem(.notPrintable)) { try JobIdentity.named("a\u{1b}[31m", detected: nil) }
        #expect(throws: JobIDProblem(.tooLong)) {
            try JobIdentity.named(String(repeating: "x", count: JobIdentity.longestID + 1), detected: nil)
        }
    }
}
