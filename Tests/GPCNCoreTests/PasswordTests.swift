import Testing
@testable import GPCNCore

private let special = "(use letters, digits and ! @ # % - _ .)"

@Suite("Password rules")
struct PasswordTests {
    static let cases: [(String, [String])] = [
        // length boundaries: 11 / 12 / 20 / 21
        ("Abcdefg1!xy", ["Use 12-20 characters (now 11)"]),
        ("Abcdefgh1!xy", []),
        ("Aa1!" + String(repeating: "x", count: 16), []),
        ("Aa1!" + String(repeating: "x", count: 17), ["Use 12-20 characters (now 21)"]),
        // each missing class
        ("abcdefgh1!xy", ["Password needs an uppercase letter"]),
        ("ABCDEFGH1!XY", ["Password needs a lowercase letter"]),
        ("Abcdefghi!xy", ["Password needs a digit"]),
        ("Abcdefgh1xyz", ["Password needs one of ! @ # % - _ ."]),
        // refused characters, named
        ("Abcdefgh1!x$", ["Password has a character that is not allowed \(special)"]),
        ("Abcdefgh1!x ", ["Password has a character that is not allowed \(special)"]),
        ("Abcdéfgh1!xy", ["Password has a character that is not allowed \(special)"]),
        ("Abc$defgh1! é", ["Password has characters that are not allowed \(special)"]),
        ("Abcdefgh1!x\t", ["Password has a character that is not allowed \(special)"]),
        // a non-ASCII uppercase letter and digit do not count for their class
        ("Äbcdefgh١!xy", ["Password needs an uppercase letter", "Password needs a digit",
                         "Password has characters that are not allowed \(special)"]),
        // several rules at once, in checklist order
        ("abc", ["Use 12-20 characters (now 3)", "Password needs an uppercase letter",
                 "Password needs a digit", "Password needs one of ! @ # % - _ ."]),
        ("", ["Use 12-20 characters (now 0)", "Password needs an uppercase letter",
              "Password needs a lowercase letter", "Password needs a digit",
              "Password needs one of ! @ # % - _ ."]),
    ]

    @Test(arguments: cases)
    func contentRules(password: String, expected: [String]) {
        let issues = CreateVMValidator.validatePassword(password)
        #expect(issues.map(\.message) == expected)
        #expect(issues.allSatisfy { $0.path == "password" })
    }

    @Test(arguments: cases)
    func checklistAgreesWithTheRules(password: String, expected: [String]) {
        let list = CreateVMValidator.passwordChecklist(password)
        #expect(list.map(\.rule) == PasswordRule.allCases)
        #expect(list.allSatisfy { $0.met } == expected.isEmpty)
    }

    @Test(arguments: Array("!@#%-_."))
    func everyAllowedSpecialCounts(_ c: Character) {
        let pw = "Abcdefgh1" + String(c) + "xy"
        #expect(CreateVMValidator.validatePassword(pw).isEmpty)
    }

    @Test(arguments: Array("$^&*()+=/\\~`'\",;:<>?[]{}|"))
    func everyOtherSpecialIsRefusedByName(_ c: Character) {
        let pw = "Abcdefgh1!x" + String(c)
        #expect(CreateVMValidator.validatePassword(pw).map(\.message) == ["Password has a character that is not allowed \(special)"])
    }

    @Test func checklistTicksEachRule() {
        let ticks = Dictionary(uniqueKeysWithValues: CreateVMValidator.passwordChecklist("abc1$").map { ($0.rule, $0.met) })
        #expect(ticks == [.length: false, .uppercase: false, .lowercase: true, .digit: true,
                          .special: false, .allowedCharacters: false])
        let empty = CreateVMValidator.passwordChecklist("")
        #expect(empty.allSatisfy { !$0.met })
        let good = CreateVMValidator.passwordChecklist(Fx.goodPassword)
        #expect(good.allSatisfy { $0.met })
    }

    @Test(arguments: 0..<300)
    func generatedPasswordsPassEveryRule(seed: Int) {
        var g = SplitMix64(seed: UInt64(seed))
        for length in [16, 12, 20, 13, 19] {
            let pw = PasswordGenerator.generate(length: length, using: &g)
            #expect(pw.count == length)
            #expect(CreateVMValidator.validatePassword(pw).isEmpty, "\(pw)")
        }
        let def = PasswordGenerator.generate(using: &g)
        #expect(def.count == 16)
        #expect(CreateVMValidator.validatePassword(def).isEmpty)
    }

    @Test(arguments: [(0, 12), (5, 12), (11, 12), (21, 20), (100, 20), (-3, 12)])
    func generatorClampsLength(asked: Int, got: Int) {
        var g = SplitMix64(seed: 7)
        let pw = PasswordGenerator.generate(length: asked, using: &g)
        #expect(pw.count == got)
        #expect(CreateVMValidator.validatePassword(pw).isEmpty)
    }

    @Test func generatorIsDeterministicPerSeedAndVaries() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        #expect(PasswordGenerator.generate(using: &a) == PasswordGenerator.generate(using: &b))
        var outputs = Set<String>()
        var used = Set<Character>()
        for seed in 0..<200 {
            var g = SplitMix64(seed: UInt64(seed))
            let pw = PasswordGenerator.generate(using: &g)
            outputs.insert(pw)
            used.formUnion(pw)
        }
        #expect(outputs.count == 200)
        // Every allowed character shows up somewhere: no class is starved.
        #expect(used == Set(String(String.UnicodeScalarView(PasswordPolicy.allowed))))
    }
}
