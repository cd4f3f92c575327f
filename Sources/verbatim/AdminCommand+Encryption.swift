import ArgumentParser
import Foundation
import Logging
import Service
import Store

extension AdminCommand {
    /// `verbatim admin create-master-key --to PATH`: a new master key in a file of its owner only.
    struct CreateMasterKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-master-key",
            abstract: "Write a new random master key (base64, mode 0600) for encrypting media at rest; keep it outside the data folder and back it up apart.")

        @Option(help: "The new key file (never overwritten).")
        var to: String

        func run() throws {
            let key = try MasterKey.create(at: URL(fileURLWithPath: to))
            print("master key \(key.id) written to \(to); back it up apart from the data: without it the media cannot be read")
        }
    }

    /// `verbatim admin encrypt-media`: encrypts the plain media of the data folder in place (resumable).
    struct EncryptMedia: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt-media",
            abstract: "Encrypt in place the media stored in clear (before a master key was used); safe to stop and run again.")

        @OptionGroup var dataOptions: DataOptions

        @OptionGroup var keyOptions: MasterKeyOptions

        func run() throws {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
            let logger = Logger(label: "verbatim.admin")
            let configuration = ServiceConfiguration(dataDirectory: URL(fileURLWithPath: dataOptions.data))
            guard let masterKey = try keyOptions.masterKey(dataFolder: configuration.dataDirectory) else {
                throw ValidationError("Give the master key: --master-key-file PATH, $VERBATIM_MASTER_KEY_FILE or $VERBATIM_MASTER_KEY.")
            }
            let backend = try dataOptions.openBackend(configuration: configuration, masterKey: masterKey, logger: logger)
            guard let media = backend.media as? EncryptedMediaStorage else { return }
            try runBlocking {
                let summary = try await PlainMediaEncryption(store: backend.store, keyring: media.keyring, logger: logger).run()
                print("encrypted \(summary.encrypted), already encrypted \(summary.alreadyEncrypted), missing \(summary.missing)")
            }
        }
    }
}
