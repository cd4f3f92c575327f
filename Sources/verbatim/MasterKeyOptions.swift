import ArgumentParser
import Foundation
import Store

/// Where the master key comes from (issue 20, encryption at rest): `--master-key-file`, else
/// `$VERBATIM_MASTER_KEY_FILE`, else `$VERBATIM_MASTER_KEY` (base64); none keeps media in clear.
struct MasterKeyOptions: ParsableArguments {
    @Option(help: "A file holding the master key that encrypts media at rest (outside the data folder, mode 0600); else $VERBATIM_MASTER_KEY_FILE or $VERBATIM_MASTER_KEY.")
    var masterKeyFile: String?

    /// The master key, if one is given; refused when its file lies in `dataFolder` or others may read it.
    func masterKey(dataFolder: URL, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MasterKey? {
        if let path = masterKeyFile ?? environment["VERBATIM_MASTER_KEY_FILE"] {
            return try MasterKey.load(file: URL(fileURLWithPath: path), dataFolder: dataFolder)
        }
        if let text = environment["VERBATIM_MASTER_KEY"] { return try MasterKey(base64: text) }
        return nil
    }

    /// Arguments that hand the same key to a child worker (the environment is inherited anyway).
    var childArguments: [String] {
        masterKeyFile.map { ["--master-key-file", URL(fileURLWithPath: $0).standardizedFileURL.path] } ?? []
    }
}
