import ArgumentParser
import Foundation
import Store

extension ParticipantCommand {
    /// `verbatim participant identity set|show|delete`: a participant's real identity in the
    /// identity vault, with the master key, without a running server. The identity goes in and out
    /// as JSON through a file or the standard streams, never as arguments (`ps`, shell history).
    struct Identity: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "identity",
            abstract: "Set, show or delete a participant's real identity in the identity vault (needs the master key).",
            subcommands: [Put.self, Show.self, Delete.self])

        /// What every identity subcommand takes: the participant, the store and the master key.
        struct Target: ParsableArguments {
            @Option(help: "The participant's id (`verbatim participant list`).")
            var participant: Int64

            @OptionGroup var location: DataLocation

            @OptionGroup var keyOptions: MasterKeyOptions

            /// The store, the participant and the vault; refused without a master key.
            func open() throws -> (any Store, Participant, IdentityVault) {
                guard let master = try keyOptions.masterKey(dataFolder: URL(fileURLWithPath: location.data)) else {
                    throw CommandLineError(
                        "The identity vault needs the master key: give --master-key-file PATH (or $VERBATIM_MASTER_KEY_FILE, $VERBATIM_MASTER_KEY); create one once with `verbatim admin create-master-key --to PATH`.")
                }
                let store = try location.open(creating: false)
                guard let keys = store as? any StudyKeyStorage else { throw EncryptionError.storeWithoutStudyKeys }
                let participantID = participant
                guard let found = try waitForStore({ try await store.participant(id: participantID) }) else {
                    throw CommandLineError("Unknown participant \(participantID); see `verbatim participant list --study ID`.")
                }
                return (store, found, IdentityVault(keyring: try StudyKeyring(master: master, storage: keys)))
            }
        }

        /// Writes the audit event of a command-line access (no actor, no words).
        static func audit(_ store: any Store, _ action: String, _ participant: Participant, _ details: AuditDetails) throws {
            var details = details
            details.fields["via"] = .string("command line")
            let event = details
            _ = try waitForStore {
                try await store.appendAudit(
                    actorID: nil, action: action, studyID: participant.studyID, targetKind: "participant", targetID: participant.id,
                    details: event)
            }
        }

        /// `set --participant ID --from FILE|-`: the identity as JSON (`fullName`, `otherNames`, `phone`, ...).
        struct Put: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set", abstract: "Set the identity from JSON (a file, or - for the standard input); replaces any before.")

            @OptionGroup var target: Target

            @Option(help: "A JSON file with fullName, otherNames, phone, email, postalAddress, note; - reads the standard input.")
            var from: String

            func run() throws {
                let (store, participant, vault) = try target.open()
                let data = try from == "-" ? FileHandle.standardInput.readDataToEndOfFile() : Data(contentsOf: URL(fileURLWithPath: from))
                let identity: ParticipantIdentity
                do {
                    identity = try JSONDecoder().decode(ParticipantIdentity.self, from: data)
                } catch {
                    throw CommandLineError("\(from) is not an identity in JSON: it needs at least {\"fullName\": \"...\"}.")
                }
                let sealed = try vault.seal(identity, participantID: participant.id!, studyID: participant.studyID, by: nil)
                _ = try waitForStore { try await store.setSealedIdentity(sealed) }
                try Identity.audit(store, "identity.write", participant, ["fields": .int(Int64(identity.filledFields))])
                print("identity of participant \(participant.id!) \(participant.pseudonym) set")
            }
        }

        /// `show --participant ID`: the identity as JSON on the standard output.
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the identity as JSON.")

            @OptionGroup var target: Target

            func run() throws {
                let (store, participant, vault) = try target.open()
                let participantID = participant.id!
                let row = try waitForStore { try await store.sealedIdentity(participantID: participantID) }
                try Identity.audit(store, "identity.read", participant, ["found": .bool(row != nil)])
                guard let row else { throw CommandLineError("Participant \(participantID) has no identity in the vault.") }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let text = String(decoding: try encoder.encode(try vault.open(row, studyID: participant.studyID)), as: UTF8.self)
                print(text)
            }
        }

        /// `delete --participant ID`.
        struct Delete: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete the identity from the vault.")

            @OptionGroup var target: Target

            func run() throws {
                let (store, participant, _) = try target.open()
                let participantID = participant.id!
                let removed = try waitForStore { try await store.removeSealedIdentity(participantID: participantID) }
                try Identity.audit(store, "identity.delete", participant, ["found": .bool(removed)])
                guard removed else { throw CommandLineError("Participant \(participantID) has no identity in the vault.") }
                print("identity of participant \(participantID) \(participant.pseudonym) deleted")
            }
        }
    }
}
