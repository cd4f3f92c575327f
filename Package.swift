// swift-tools-version: 6.2
import PackageDescription

/// Upcoming language features turned on everywhere, as Hummingbird and swift-log do.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Verbatim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "verbatim", targets: ["verbatim"]),
        .library(name: "Media", targets: ["Media"]),
        .library(name: "Transcribe", targets: ["Transcribe"]),
        .library(name: "Biometrics", targets: ["Biometrics"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Pseudonymisation", targets: ["Pseudonymisation"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
        .library(name: "Service", targets: ["Service"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // C libraries, one system-library shim each (module map + pkg-config).
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libavutil-dev"])]
        ),
        .systemLibrary(
            name: "CSndfile",
            pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]
        ),
        .systemLibrary(
            name: "CZlibShim",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Header-only int8 kernels (AVX-512 VNNI with a portable fallback); no library to link.
        .systemLibrary(name: "CKernels"),

        // Leaf libraries: no NIO, no Hummingbird, so their tests build in under a minute.
        .target(
            name: "Media",
            dependencies: ["CFFmpeg", "CSndfile", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Transcribe",
            dependencies: ["Media", "COpenBLAS", "CKernels", "CZlibShim", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Biometrics",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Store",
            dependencies: [
                "Biometrics", "Pseudonymisation",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        // Proposals of identifying spans in transcripts, and consistent pseudonyms: Foundation only.
        .target(name: "Pseudonymisation", swiftSettings: swiftSettings),
        // The store on PostgreSQL: its own module so that Store and its tests stay free of NIO.
        .target(
            name: "PostgresStore",
            dependencies: [
                "Store", "Pseudonymisation",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // The HTTP API, users and roles, uploads, the job queue's workers.
        .target(
            name: "Service",
            dependencies: [
                "Media", "Transcribe", "Biometrics", "Store", "Pseudonymisation",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The web pages (HTML, CSS, JavaScript modules) and the OpenAPI document, copied as they are beside the executable.
            resources: [.copy("Web"), .copy("OpenAPI/openapi.json")],
            swiftSettings: swiftSettings
        ),

        // The command line.
        .executableTarget(
            name: "verbatim",
            dependencies: [
                "Media", "Transcribe", "Biometrics", "Store", "PostgresStore", "Service",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // One Swift Testing target per module.
        .testTarget(name: "MediaTests", dependencies: ["Media"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TranscribeTests", dependencies: ["Transcribe", "Media"],
            exclude: ["Fixtures", "VoiceActivity/Fixtures", "Speakers/Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BiometricsTests", dependencies: ["Biometrics", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "Biometrics", "Pseudonymisation", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures"], swiftSettings: swiftSettings
        ),
        .testTarget(name: "PseudonymisationTests", dependencies: ["Pseudonymisation"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "Store", "Biometrics", "Pseudonymisation",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "Store", "Media", "PostgresStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
