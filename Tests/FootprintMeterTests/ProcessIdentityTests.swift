import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

@Suite struct ProcessIdentityTests {
    static let id = "4f2a9c0e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f"
    static let podUID = "1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d"

    @Test func containerIDsOfEachRuntime() {
        let id = Self.id
        let cgroups = [
            "docker, cgroupfs driver": "0::/docker/\(id)\n",
            "docker, systemd driver": "0::/system.slice/docker-\(id).scope\n",
            "containerd under Kubernetes, systemd driver":
                "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c3d4e_5f60_4a1b_8c9d_0e1f2a3b4c5d.slice/cri-containerd-\(id).scope\n",
            "containerd under Kubernetes, cgroupfs driver": "0::/kubepods/besteffort/pod\(Self.podUID)/\(id)\n",
            "CRI-O": "0::/kubepods.slice/kubepods-pod1b2c3d4e_5f60_4a1b_8c9d_0e1f2a3b4c5d.slice/crio-\(id).scope\n",
            "Podman": "0::/machine.slice/libpod-\(id).scope/container\n",
            "cgroup v1, several hierarchies":
                "12:pids:/docker/\(id)\n11:memory:/docker/\(id)\n1:name=systemd:/docker/\(id)\n",
            "upper-case hex": "0::/docker/\(id.uppercased())\n"
        ]
        for (runtime, cgroup) in cgroups {
            #expect(ContainerID.parse(cgroup: cgroup) == id, "\(runtime)")
        }
        let none = [
            "a host process": "0::/user.slice/user-1000.slice/session-3.scope\n",
            "Podman's monitor beside the container": "0::/machine.slice/libpod-conmon-\(id).scope\n",
            "CRI-O's monitor": "0::/system.slice/crio-conmon-\(id).scope\n",
            "a 63-hex name": "0::/docker/\(id.dropLast())\n",
            "not hex": "0::/docker/\(String(repeating: "g", count: 64))\n",
            "empty": ""
        ]
        for (what, cgroup) in none {
            #expect(ContainerID.parse(cgroup: cgroup) == nil, "\(what)")
        }
    }

    @Test func kubernetesPodAndNamespaceFromItsEnvironmentAndServiceAccount() throws {
        let node = try NodeFixture()
        try node.process(
            400, ticks: 10,
            cgroup:
                "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c3d4e_5f60_4a1b_8c9d_0e1f2a3b4c5d.slice/cri-containerd-\(Self.id).scope\n",
            environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "HOSTNAME": "trainer-0", "PATH": "/usr/bin"])
        try node.tree.write("proc/400/root/var/run/secrets/kubernetes.io/serviceaccount/namespace", "ml-team")
        // The downward API's variables win over HOSTNAME and the service account.
        try node.process(
            401, ticks: 10, cgroup: "0::/kubepods/besteffort/pod\(Self.podUID)/\(Self.id)\n",
            environment: [
                "KUBERNETES_SERVICE_HOST": "10.96.0.1", "HOSTNAME": "custom-host", "POD_NAME": "trainer-1",
                "POD_NAMESPACE": "research"
            ])
        try node.tree.write("proc/401/root/var/run/secrets/kubernetes.io/serviceaccount/namespace", "ml-team")
        // Where /var/run links to /run, the token is mounted under /run, and the link (absolute, so
        // it would lead to the collector's own /run) is not followed.
        try node.process(
            402, ticks: 10, cgroup: "0::/kubepods/besteffort/pod\(Self.podUID)/\(Self.id)\n",
            environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "HOSTNAME": "trainer-2"])
        try node.tree.write("proc/402/root/run/secrets/kubernetes.io/serviceaccount/namespace", "vision\n")
        try FileManager.default.createDirectory(
            atPath: node.path + "/proc/402/root/var", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: node.path + "/proc/402/root/var/run", withDestinationPath: "/run")
        try node.process(
            403, ticks: 10, cgroup: "0::/kubepods/besteffort/pod\(Self.podUID)/\(Self.id)\n",
            environment: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "HOSTNAME": "trainer-3"])
        try FileManager.default.createDirectory(
            atPath: node.path + "/proc/403/root/var", withIntermediateDirectories: true)
        // Its absolute link stands for one that leads out of the container, to the collector's own.
        try node.tree.write("collector/run/secrets/kubernetes.io/serviceaccount/namespace", "monitoring")
        try FileManager.default.createSymbolicLink(
            atPath: node.path + "/proc/403/root/var/run", withDestinationPath: node.path + "/collector/run")
        let collector = node.collector()
        _ = collector.collect()
        let interval = try #require(collector.collect())
        #expect(interval.process(402)?.namespace == "vision")
        #expect(interval.process(403)?.namespace == nil && interval.process(403)?.pod == "trainer-3")

        let first = try #require(interval.process(400))
        #expect(first.containerID == Self.id && first.podUID == Self.podUID)
        #expect(first.pod == "trainer-0" && first.namespace == "ml-team")
        #expect(first.job?.scheduler == .kubernetes && first.job?.id == "trainer-0")
        let second = try #require(interval.process(401))
        #expect(second.pod == "trainer-1" && second.namespace == "research")
    }

    @Test func slurmProcessHasItsJob() throws {
        let node = try NodeFixture()
        try node.process(
            500, ticks: 10, cgroup: "0::/system.slice/slurmstepd.scope/job_4242/step_0/user/task_0\n",
            environment: [
                "SLURM_JOB_ID": "4242", "SLURM_JOB_NAME": "train", "SLURM_PROCID": "3", "SLURM_LOCALID": "1",
                "SLURM_NTASKS": "4", "SLURMD_NODENAME": "gpu-07", "HOME": "/home/ada"
            ])
        let collector = node.collector()
        _ = collector.collect()
        let process = try #require(collector.collect()?.process(500))
        #expect(
            process.job
                == JobIdentity(
                    scheduler: .slurm, id: "4242", name: "train", rank: 3, localRank: 1, worldSize: 4, node: "gpu-07"))
        #expect(process.containerID == nil && process.pod == nil && process.namespace == nil)
    }

    @Test func anUnreadableEnvironmentLeavesTheJobUnknownNotTheContainer() throws {
        let node = try NodeFixture()
        try node.process(
            600, ticks: 10, cgroup: "0::/kubepods/burstable/pod\(Self.podUID)/\(Self.id)\n", environment: nil)
        // Another user's environ cannot be read without root; a folder in its place cannot be read by anyone.
        try node.tree.write("proc/600/environ/.keep", "")
        let collector = node.collector()
        _ = collector.collect()
        let process = try #require(collector.collect()?.process(600))
        #expect(process.job == nil && process.pod == nil)
        #expect(process.containerID == Self.id && process.podUID == Self.podUID && process.comm == "python3")
    }

    @Test func aHugeEnvironmentIsReadOnlyAsFarAsTheLimit() throws {
        let tree = try FixtureTree()
        let padding = String(repeating: "x", count: ProcessEnvironment.mostBytes)
        let text = "SLURM_JOB_ID=99\0PADDING=\(padding)\0SLURM_JOB_NAME=late\0"
        try tree.write("proc/7/environ", text)
        let environment = try #require(ProcessEnvironment.read(procRoot: tree.path + "/proc", pid: 7))
        #expect(environment == ["SLURM_JOB_ID": "99"], "only the kept variables, none past the limit")

        let cut = Array("SLURM_JOB_ID=5\0RANK=1\0POD_NAME=abc".utf8)
        #expect(ProcessEnvironment.parse(cut[...]) == ["SLURM_JOB_ID": "5", "RANK": "1", "POD_NAME": "abc"])
        let long = Array("POD_NAME=\(String(repeating: "p", count: 5_000))\0".utf8)
        #expect(ProcessEnvironment.parse(long[...])["POD_NAME"]?.count == ProcessEnvironment.longestValue)
    }
}
