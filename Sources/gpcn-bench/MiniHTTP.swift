#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 keep-alive connection to 127.0.0.1, just enough to talk to the
/// simulator: tiny, with no event loop of its own, so a throughput figure measures the server
/// and not a client library, and the per-job reference poller is a plain loop.
final class MiniHTTP {
    struct Response {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let port: Int
    private let headers: String
    private var fd: Int32 = -1
    private var pending: [UInt8] = []

    init(port: Int, apiKey: String) {
        self.port = port
        headers = "Host: 127.0.0.1:\(port)\r\nX-API-Key: \(apiKey)\r\nAccept: application/json\r\n"
    }

    deinit { if fd >= 0 { close(fd) } }

    private func connectIfNeeded() throws {
        guard fd < 0 else { return }
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw BenchError("socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(s); throw BenchError("connect to 127.0.0.1:\(port): errno \(errno)") }
        fd = s
        pending = []
    }

    func get(_ path: String) throws -> Response { try send("GET", path, body: nil) }

    func post(_ path: String, json: [UInt8]) throws -> Response { try send("POST", path, body: json) }

    func send(_ method: String, _ path: String, body: [UInt8]?) throws -> Response {
        do {
            return try attempt(method, path, body: body)
        } catch {
            // The server may have closed an idle keep-alive connection: one fresh try.
            if fd >= 0 { close(fd); fd = -1 }
            return try attempt(method, path, body: body)
        }
    }

    private func attempt(_ method: String, _ path: String, body: [UInt8]?) throws -> Response {
        try connectIfNeeded()
        var head = "\(method) \(path) HTTP/1.1\r\n" + headers
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        var out = Array(head.utf8)
        if let body { out += body }
        var sent = 0
        while sent < out.count {
            let n = out[sent...].withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw BenchError("write: errno \(errno)") }
            sent += n
        }
        return try readResponse()
    }

    private func fill() throws {
        var buf = [UInt8](repeating: 0, count: 65_536)
        let n = read(fd, &buf, buf.count)
        guard n > 0 else { throw BenchError("connection closed") }
        pending += buf[0..<n]
    }

    private func readResponse() throws -> Response {
        let crlf2: [UInt8] = [13, 10, 13, 10]
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Child.find(crlf2, in: pending, from: 0)
            if headerEnd == nil { try fill() }
        }
        let head = String(decoding: pending[0..<headerEnd!], as: UTF8.self)
        pending.removeFirst(headerEnd! + 4)
        let lines = head.split(separator: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            let kv = line.split(separator: ":", maxSplits: 1)
            guard kv.count == 2 else { continue }
            let name = kv[0].lowercased(), value = kv[1].trimmedSpaces()
            if name == "content-length" { length = Int(value) }
            if name == "transfer-encoding" && value.lowercased().contains("chunked") { chunked = true }
        }
        var body: [UInt8] = []
        if chunked {
            while true {
                var lineEnd: Int?
                while lineEnd == nil {
                    lineEnd = Child.find([13, 10], in: pending, from: 0)
                    if lineEnd == nil { try fill() }
                }
                let size = Int(String(decoding: pending[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? "", radix: 16) ?? 0
                pending.removeFirst(lineEnd! + 2)
                while pending.count < size + 2 { try fill() }
                body += pending[0..<size]
                pending.removeFirst(size + 2)
                if size == 0 { break }
            }
        } else {
            let n = length ?? 0
            while pending.count < n { try fill() }
            body = Array(pending[0..<n])
            pending.removeFirst(n)
        }
        return Response(status: status, body: body)
    }
}

private extension Substring {
    func trimmedSpaces() -> String {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
