// Tolerant decoding: the GPCN API adds fields without notice, omits most of them in
// practice and has changed a few types between versions (e.g. `countryId` int -> string).
// Every model decodes through these helpers so that a surprising value becomes nil
// instead of failing the whole response.

extension KeyedDecodingContainer {
    /// A string, also accepting a number or a boolean written where a string was expected.
    func lenientString(_ key: Key) -> String? {
        if let s = try? decodeIfPresent(String.self, forKey: key) { return s }
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return String(i) }
        if let d = try? decodeIfPresent(Double.self, forKey: key) { return String(d) }
        if let b = try? decodeIfPresent(Bool.self, forKey: key) { return String(b) }
        return nil
    }

    /// An integer, also accepting a whole double or a numeric string.
    func lenientInt(_ key: Key) -> Int? {
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return i }
        if let d = try? decodeIfPresent(Double.self, forKey: key), d.isFinite,
           d >= Double(Int.min), d < Double(Int.max) { return Int(d) }
        if let s = try? decodeIfPresent(String.self, forKey: key) {
            let t = s.trimmingWhitespace()
            if let i = Int(t) { return i }
            if let d = Double(t), d.isFinite, d >= Double(Int.min), d < Double(Int.max) { return Int(d) }
        }
        return nil
    }

    func lenientDouble(_ key: Key) -> Double? {
        if let d = try? decodeIfPresent(Double.self, forKey: key) { return d }
        if let s = try? decodeIfPresent(String.self, forKey: key) { return Double(s.trimmingWhitespace()) }
        return nil
    }

    /// A boolean, also accepting 0/1 and "true"/"false" (the API uses 0/1 integers in places).
    func lenientBool(_ key: Key) -> Bool? {
        if let b = try? decodeIfPresent(Bool.self, forKey: key) { return b }
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return i != 0 }
        if let s = try? decodeIfPresent(String.self, forKey: key) {
            switch s.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: return nil
            }
        }
        return nil
    }

    /// An array whose malformed elements are skipped rather than failing the whole array.
    func lenientArray<T: Decodable>(_ type: T.Type, _ key: Key) -> [T]? {
        guard let items = try? decodeIfPresent([Lossy<T>].self, forKey: key) else { return nil }
        return items.compactMap(\.value)
    }
}

/// Decodes a value or nothing; used to skip bad elements of an array.
struct Lossy<T: Decodable>: Decodable {
    let value: T?
    init(from decoder: any Decoder) throws {
        value = try? T(from: decoder)
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
