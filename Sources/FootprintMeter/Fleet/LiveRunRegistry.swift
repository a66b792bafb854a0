import FootprintSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the runs in progress on this node publish themselves, and how to read them back.
///
/// Every ``RunMeter`` (`footprint run`, `attach`, `monitor`, ``Tracker``) writes its ``LiveRun`` to
/// `RUNID.json` in its user's folder, `$XDG_RUNTIME_DIR/footprint/runs` (else
/// `$TMPDIR/footprint-UID/runs`, beside the attach registry, with the same rules), about once a
/// second while it samples, and removes the file when the run ends. `footprint exporter` reads them
/// to export `footprint_run_joules_total`.
public enum LiveRunRegistry {
    /// The leaf of the runtime folder that holds the files.
    static let leaf = "runs"
    /// Files larger than this are no live run's (a few tasks make a few kilobytes).
    static let largestFile = 1 << 20

    /// The folder a meter of `userID` with this environment writes in.
    static func folder(environment: [String: String], userID: UInt32 = geteuid()) -> RuntimeFolder {
        RuntimeFolder(environment: environment, leaf: leaf, userID: userID)
    }

    /// The folders to read: the caller's own; for root also every user's
    /// (`/run/user/*/footprint/runs`, `/tmp/footprint-*/runs`), so that an exporter running as root
    /// sees the runs of everyone on the node.
    public static func folders(environment: [String: String], userID: UInt32) -> [String] {
        folders(environment: environment, userID: userID, runtimeRoot: "/run/user", temporaryRoot: "/tmp")
    }

    static func folders(
        environment: [String: String], userID: UInt32, runtimeRoot: String, temporaryRoot: String
    ) -> [String] {
        var folders = [folder(environment: environment, userID: userID).path]
        if userID == 0 {
            let runtime = SystemFile.entries(runtimeRoot).sorted().filter { UInt32($0) != nil }
                .map { "\(runtimeRoot)/\($0)/footprint/\(leaf)" }
            let temporary = SystemFile.entries(temporaryRoot).sorted().filter { Self.uid(inFolderName: $0) != nil }
                .map { "\(temporaryRoot)/\($0)/\(leaf)" }
            for path in runtime + temporary where !folders.contains(path) && SystemFile.exists(path) {
                folders.append(path)
            }
        }
        return folders
    }

    /// Every run in progress in `folders`, by start: files that cannot be parsed, and runs whose
    /// measuring process is gone (a meter that was killed), are skipped; so are folders another
    /// user could have written in.
    public static func read(folders: [String]) -> [LiveRun] {
        read(folders: folders, procRoot: "/proc")
    }

    static func read(folders: [String], procRoot: String) -> [LiveRun] {
        var runs: [LiveRun] = []
        for folder in folders {
            guard let owner = trustedOwner(of: folder) else { continue }
            for entry in SystemFile.entries(folder) where entry.hasSuffix(".json") && !entry.hasPrefix(".") {
                guard let run = read(file: "\(folder)/\(entry)", owner: owner),
                    RuntimeFolder.isAlive(run.pid, startTime: run.pidStart, procRoot: procRoot)
                else { continue }
                runs.append(run)
            }
        }
        return runs.sorted { ($0.startedAt, $0.runID) < ($1.startedAt, $1.runID) }
    }

    /// The file of a run in `folder`: its id with anything but letters, digits, `-`, `_` and `.` made `_`.
    static func path(of runID: String, in folder: String) -> String {
        let safe = String(
            runID.unicodeScalars.map { scalar -> Character in
                let allowed =
                    scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                return allowed ? Character(scalar) : "_"
            })
        return "\(folder)/\(safe.hasPrefix(".") ? "_" + safe.dropFirst() : Substring(safe)).json"
    }

    /// The owner of a folder whose files can be trusted: a real folder nobody but its owner may
    /// write in; where its path names a user (`/run/user/UID/…`, `footprint-UID`), that user's.
    static func trustedOwner(of folder: String) -> UInt32? {
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_mode & 0o022 == 0 else { return nil }
        let parts = folder.split(separator: "/").map(String.init)
        var named: UInt32?
        for (index, part) in parts.enumerated() {
            if let uid = Self.uid(inFolderName: part) { named = uid }
            if part == "user", index > 0, parts[index - 1] == "run", index + 1 < parts.count,
                let uid = UInt32(parts[index + 1])
            {
                named = uid
            }
        }
        if let named, named != info.st_uid { return nil }
        return info.st_uid
    }

    /// The uid in a `footprint-UID` folder's name.
    static func uid(inFolderName name: String) -> UInt32? {
        guard name.hasPrefix("footprint-") else { return nil }
        return UInt32(name.dropFirst("footprint-".count))
    }

    /// A regular file of `owner`'s, small enough, parsed.
    private static func read(file path: String, owner: UInt32) -> LiveRun? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == owner,
            info.st_size <= largestFile, let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return LiveRunFile.decode(data)
    }
}
