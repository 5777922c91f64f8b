@main
struct GPCN {
    static func main() async {}
}
