/// Generates VM passwords that pass every rule of `PasswordRule` (docs/api.md §2.7: 12–20 characters,
/// at least one uppercase, lowercase, digit and one of `! @ # % - _ .`, nothing else).
/// Pure: the randomness comes from the generator the caller passes
/// (`SystemRandomNumberGenerator` in the app, a seeded one in tests).
public enum PasswordGenerator {
    /// A password of `length` characters, clamped to 12…20.
    /// One character of each required class is placed at a random position; the rest are drawn
    /// from the whole allowed set.
    public static func generate(length: Int = 16, using generator: inout some RandomNumberGenerator) -> String {
        let n = min(max(length, PasswordPolicy.lengthRange.lowerBound), PasswordPolicy.lengthRange.upperBound)
        var chars: [Unicode.Scalar] = []
        chars.reserveCapacity(n)
        for pool in [PasswordPolicy.uppercase, PasswordPolicy.lowercase, PasswordPolicy.digits, PasswordPolicy.specials] {
            chars.append(pick(pool, &generator))
        }
        while chars.count < n {
            chars.append(pick(PasswordPolicy.allowed, &generator))
        }
        // Fisher–Yates with the injected generator (explicit, so the result for a given seed
        // does not depend on the standard library's shuffle algorithm).
        var i = chars.count - 1
        while i > 0 {
            let j = Int(generator.next(upperBound: UInt64(i + 1)))
            chars.swapAt(i, j)
            i -= 1
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars)
        return String(s)
    }

    private static func pick(_ pool: [Unicode.Scalar], _ generator: inout some RandomNumberGenerator) -> Unicode.Scalar {
        pool[Int(generator.next(upperBound: UInt64(pool.count)))]
    }
}
