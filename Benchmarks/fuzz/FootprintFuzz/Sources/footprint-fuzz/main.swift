// libFuzzer's driver around the target that FUZZ_TARGET names; every libFuzzer flag works
// (-runs=N, -max_total_time=S, -seed=N, -timeout=1, -rss_limit_mb=…, corpus folders).
import FuzzTargets
import Glibc

typealias Arguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<Arguments>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
guard let target = Targets.all[name] else {
    let message = "set FUZZ_TARGET to one of: \(Targets.all.keys.sorted().joined(separator: ", "))\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
let chosen = target
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(
    runDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        chosen(Array(UnsafeBufferPointer(start: data, count: size))[...])
        return 0
    })
