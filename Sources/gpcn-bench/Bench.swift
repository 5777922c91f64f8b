import GPCNConsole
import GPCNCore
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// gpcn's benchmarks: each figure is the median of repeated runs with min and max, printed
/// as one table. Run `swift run -c release gpcn-bench`; `--smoke` runs tiny sizes once (CI
/// checks every row is produced; the numbers then mean nothing).
@main
struct Bench {
    static func main() {
        let smoke = CommandLine.arguments.contains("--smoke")
        var rows: [Row] = []
        rows.append(filterKeystroke(rows: smoke ? 200 : 10_000, repeats: smoke ? 3 : 41))
        print(Row.table(rows))
    }

    struct Row {
        var name: String
        var samples: [Double]  // milliseconds
        var aim: String

        var median: Double { let s = samples.sorted(); return s.isEmpty ? .nan : s[s.count / 2] }

        static func table(_ rows: [Row]) -> String {
            var out = "figure".padding(46) + "   median" + "      min" + "      max" + "  aim\n"
            for r in rows {
                let s = r.samples.sorted()
                out += r.name.padding(46) + fmt(r.median) + fmt(s.first ?? .nan) + fmt(s.last ?? .nan) + "  " + r.aim + "\n"
            }
            return out
        }

        static func fmt(_ ms: Double) -> String { (String(format3(ms)) + " ms").leftPadding(9) }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6
    }

    /// One typed filter character on the image list of a data center with `count` images:
    /// `update` + `view` + the diff the backend would draw.
    static func filterKeystroke(rows count: Int, repeats: Int) -> Row {
        let dc = DataCenter(id: "11111111-1111-4111-8111-111111111111", name: "Bench")
        let images = (0..<count).map { i in
            VMImage(id: "aaaaaaaa-0000-4000-8000-\(String(i).leftPadding(12, "0"))", name: "Image \(i) linux build \(i * 7919 % 10007)",
                    config: ImageConfig(customizations: ImageCustomizations(sshKey: true, password: true, username: true)))
        }
        let catalog = ImageCatalog(categories: [ImageCategory(id: 1, name: "Linux", images: images)], reservedUsernames: [])
        var samples: [Double] = []
        for _ in 0..<repeats {
            var state = AppState.wizard(settings: ConsoleSettings(endpoint: "bench"), size: Size(width: 120, height: 40))
            _ = ConsoleApp.start(&state, now: 0)
            _ = ConsoleApp.update(&state, .loaded(.dataCenters, .success(.dataCenters([dc]))), now: 0)
            _ = ConsoleApp.update(&state, .terminal(.key(.enter)), now: 0)
            _ = ConsoleApp.update(&state, .loaded(.images(datacenterId: dc.id), .success(.images(catalog))), now: 0)
            _ = ConsoleApp.update(&state, .terminal(.key(.character("/"))), now: 0)
            let before = ConsoleApp.view(state)
            // The first character is the worst case: it scans every row (later ones narrow).
            let t0 = now()
            _ = ConsoleApp.update(&state, .terminal(.key(.character("9"))), now: 0)
            let frame = ConsoleApp.view(state)
            let changes = frame.changes(since: before)
            let t1 = now()
            precondition(!changes.isEmpty)
            samples.append(t1 - t0)
        }
        return Row(name: "keystroke -> frame, filter over \(count) rows", samples: samples, aim: "<= 2 ms")
    }
}

func format3(_ v: Double) -> String {
    guard v.isFinite else { return "n/a" }
    let scaled = Int((v * 1000).rounded())
    let frac = scaled % 1000
    return "\(scaled / 1000).\(String(frac).leftPadding(3, "0"))"
}

extension String {
    func leftPadding(_ n: Int, _ c: Character = " ") -> String {
        count >= n ? self : String(repeating: c, count: n - count) + self
    }
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
