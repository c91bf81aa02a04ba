// swift-tools-version:6.1
// libFuzzer targets for ReliefImport's readers and parsers. Built apart from the main
// package, in its own scratch path, with coverage and AddressSanitizer:
//
//   swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
//       -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld
//
// (`make fuzz` does this and runs every target; docs/security.md.) ReliefCalendar,
// ReliefModel, ReliefFiles and ReliefImport are the main package's own sources (and CZlib its
// module map for the system zlib), reached through symbolic links, so the code fuzzed is the code shipped (ReliefImport holds readers
// only; export and its swift-crypto live in ReliefExport). `-enable-testing` lets the date and number targets call
// the internal parsers directly; lld, because gold fails on the sanitizer objects.
import PackageDescription

let fuzzer: [SwiftSetting] = [.swiftLanguageMode(.v6), .define("RELIEF_FUZZING")]

let package = Package(
    name: "ReliefFuzz",
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .target(name: "ReliefCalendar"),
        .target(name: "ReliefModel", dependencies: ["ReliefCalendar"]),
        .target(name: "ReliefFiles", dependencies: ["ReliefCalendar"]),
        .systemLibrary(name: "CZlib"),
        .target(name: "ReliefNotes"),
        .target(name: "ReliefImport", dependencies: ["ReliefModel", "ReliefFiles", "ReliefNotes", "CZlib"]),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", "ReliefImport", "ReliefModel", "ReliefFiles"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-ndjson", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-fhir", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-xlsx", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-date", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
        .executableTarget(name: "fuzz-number", dependencies: ["FuzzSupport"], swiftSettings: fuzzer),
    ]
)
