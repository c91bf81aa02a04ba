// swift-tools-version:6.1
// Relief: progress analytics and reports for massage and manual-therapy clinics.
// The module graph is the one in docs/architecture.md; Tests/ReliefCLITests/ModuleGraphTests
// fails if a target imports a module the architecture forbids.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Relief",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "relief", targets: ["relief"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The web app (docs/serve.md explains the choice over Vapor): HTTP/1.1 server, TLS, bcrypt.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // In data-flow order (docs/architecture.md); ModuleGraphTests enforces the edges.
        .target(name: "ReliefCalendar", swiftSettings: strict),
        .target(name: "ReliefModel", dependencies: ["ReliefCalendar"], swiftSettings: strict),
        .target(name: "ReliefFiles", dependencies: ["ReliefCalendar"], swiftSettings: strict),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .target(name: "ReliefImport", dependencies: ["ReliefModel", "ReliefFiles", "ReliefNotes", "CZlib"], swiftSettings: strict),
        .target(
            name: "ReliefExport",
            dependencies: ["ReliefModel", "ReliefFiles", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(name: "ReliefSample", dependencies: ["ReliefModel", "ReliefFiles"], swiftSettings: strict),
        // Pain, sleep, mood and stress scores read out of therapists' note text (pure; no I/O).
        .target(name: "ReliefNotes", swiftSettings: strict),
        .target(
            name: "ReliefStore",
            dependencies: ["ReliefModel", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // The same store on a PostgreSQL server, for a chain of clinics (docs/store.md, "PostgreSQL").
        .target(
            name: "ReliefPostgres",
            dependencies: ["ReliefModel", "ReliefStore", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strict),
        .target(name: "ReliefAnalytics", dependencies: ["ReliefModel"], swiftSettings: strict),
        .target(name: "ChartScene", dependencies: ["ReliefCalendar"], swiftSettings: strict),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libpng-dev"])]),
        .target(name: "ChartCairo", dependencies: ["ChartScene", "CCairo"], swiftSettings: strict),
        .target(
            name: "ReliefReports",
            dependencies: ["ReliefModel", "ReliefAnalytics", "ChartScene"],
            swiftSettings: strict),
        .target(
            name: "ReliefWorkflows",
            dependencies: [
                "ReliefModel", "ReliefFiles", "ReliefImport", "ReliefExport", "ReliefSample", "ReliefStore",
                "ReliefPostgres", "ReliefAnalytics", "ChartScene", "ChartCairo", "ReliefReports",
            ],
            swiftSettings: strict),
        // `relief serve`: pages, accounts, sessions and the audit trail over the same workflows.
        .target(
            name: "ReliefWeb",
            dependencies: [
                "ReliefModel", "ReliefImport", "ReliefStore", "ReliefAnalytics", "ReliefReports", "ChartScene",
                "ChartCairo", "ReliefFiles", "ReliefWorkflows",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "ReliefCLI",
            dependencies: [
                "ReliefModel", "ReliefImport", "ReliefExport", "ReliefWorkflows", "ReliefWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "relief", dependencies: ["ReliefCLI", "CMalloc"], swiftSettings: strict),

        // One helper for every test target: temporary folders, days, fixtures.
        .target(name: "ReliefTestSupport", dependencies: ["ReliefModel"], path: "Tests/ReliefTestSupport",
                swiftSettings: strict),
        .testTarget(name: "ReliefCalendarTests", dependencies: ["ReliefCalendar", "ReliefModel"], swiftSettings: strict),
        .testTarget(name: "ReliefFilesTests", dependencies: ["ReliefFiles", "ReliefTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ReliefImportTests", dependencies: ["ReliefImport", "ReliefTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "ReliefExportTests", dependencies: ["ReliefExport", "ReliefImport", "ReliefTestSupport"], swiftSettings: strict),
        .testTarget(name: "ReliefSampleTests", dependencies: ["ReliefSample", "ReliefImport", "ReliefTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ReliefNotesTests", dependencies: ["ReliefNotes", "ReliefTestSupport"], resources: [.copy("Corpus")], swiftSettings: strict),
        .testTarget(name: "ReliefStoreTests", dependencies: ["ReliefStore", "ReliefTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ReliefAnalyticsTests", dependencies: ["ReliefAnalytics", "ReliefTestSupport"],
            exclude: ["ExpectedOutcomes/Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "ReliefPostgresTests", dependencies: ["ReliefPostgres", "ReliefStore", "ReliefWorkflows", "ReliefTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "ChartSceneTests", dependencies: ["ChartScene"], swiftSettings: strict),
        .testTarget(
            name: "ChartCairoTests", dependencies: ["ChartCairo", "ReliefTestSupport"],
            resources: [.copy("Golden")], swiftSettings: strict),
        .testTarget(name: "ReliefReportsTests", dependencies: ["ReliefReports", "ReliefTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ReliefWorkflowsTests",
            dependencies: ["ReliefWorkflows", "ReliefCLI", "ReliefStore", "ReliefPostgres", "ReliefImport", "ReliefExport", "ReliefSample",
                           "ReliefAnalytics", "ReliefReports", "ReliefFiles", "ReliefTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "ReliefCLITests", dependencies: ["ReliefCLI"], swiftSettings: strict),
        .testTarget(
            name: "ReliefWebTests",
            dependencies: ["ReliefWeb", "ReliefWorkflows", "ReliefStore", "ReliefModel", "ReliefTestSupport",
                           .product(name: "HummingbirdTesting", package: "hummingbird")],
            swiftSettings: strict),
    ]
)
