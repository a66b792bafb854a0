import FootprintCore

#if canImport(Glibc)
import Glibc
#endif

/// Where the exporter listens: a host (a name, an IPv4 address, or an IPv6 address in brackets)
/// and a port, checked before the server starts: the host must resolve to an address of this machine.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The numeric address the host resolved to (`127.0.0.1`, `::1`).
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, IPv6 in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Reads `host:port` and resolves the host to a local address.
    /// - Throws: `InvalidInput` with subject "listen address": not host:port (`.malformed`), a port
    ///   outside 1…65535 (`.outOfBounds`), a host that does not resolve or is not this machine's (`.unknownName`).
    public static func parse(_ text: String) throws(InvalidInput) -> ListenAddress {
        let malformed = InvalidInput(
            .malformed, subject: "listen address",
            "takes HOST:PORT, e.g. 127.0.0.1:9875, 0.0.0.0:9875 or [::1]:9875; got '\(text)'")
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw malformed
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { throw malformed }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !portText.isEmpty, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber)
        else { throw malformed }
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw InvalidInput(.outOfBounds, subject: "listen address", "port must be 1 to 65535; got \(portText)")
        }
        let address = try resolve(String(host))
        return ListenAddress(host: address, port: port)
    }

    /// The first address of `host` that a socket of this machine can bind to.
    static func resolve(_ host: String) throws(InvalidInput) -> String {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else {
            throw InvalidInput(
                .unknownName, subject: "listen address",
                "host '\(host)' does not resolve; give an address of this machine")
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        var found: String?
        while let current = entry {
            if let address = current.pointee.ai_addr, let numeric = numericHost(address, current.pointee.ai_addrlen),
                canBind(address, current.pointee.ai_addrlen, family: current.pointee.ai_family)
            {
                found = numeric
                break
            }
            entry = current.pointee.ai_next
        }
        guard let found else {
            throw InvalidInput(
                .unknownName, subject: "listen address",
                "host '\(host)' is not an address of this machine; give one of its own, or 0.0.0.0 for all")
        }
        return found
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>, _ length: socklen_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else {
            return nil
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether a socket can bind to the address on a port the kernel picks: false for an address
    /// that is not this machine's (EADDRNOTAVAIL). The real port is not tried: in use, it is waited for.
    private static func canBind(_ address: UnsafeMutablePointer<sockaddr>, _ length: socklen_t, family: Int32) -> Bool {
        let socket = Glibc.socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var copy = sockaddr_storage()
        withUnsafeMutableBytes(of: &copy) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length)))
        }
        // Port 0: sin_port and sin6_port sit at the same offset, right after the family.
        withUnsafeMutableBytes(of: &copy) { bytes in
            bytes[2] = 0
            bytes[3] = 0
        }
        return withUnsafePointer(to: &copy) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 }
        }
    }
}

extension ListenAddress {
    /// Why the port cannot be bound now (EADDRINUSE, EACCES), nil when it can: asked after the server
    /// failed to start, to say what stands in its way.
    public func bindProblem() -> Int32? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        let socket = Glibc.socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return errno }
        defer { close(socket) }
        // As the server binds: with SO_REUSEADDR, so that only a listening socket counts as in use.
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(socket, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return errno }
        return nil
    }
}
