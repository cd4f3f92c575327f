import ArgumentParser
import Foundation
import Store

/// `verbatim participant create|list|identity`: a study's participants, by pseudonym, and their
/// real identity in the identity vault, without a running server.
struct ParticipantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant",
        abstract: "Create and list the participants (pseudonyms) of a study; keep their real identity in the identity vault.",
        subcommands: [Create.self, List.self, Identity.self]
    )

    /// `verbatim participant create --study ID --pseudonym P-001 [--data DIR]`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Add a participant to a study under a pseudonym (never a name).")

        @Option(help: "The study's id (`verbatim study list`).")
        var study: Int64

        @Option(help: "The pseudonym, such as P-001: letters, digits, '-' and '_', no personal data.")
        var pseudonym: String

        @OptionGroup var location: DataLocation

        func run() throws {
            let store = try location.open(creating: false)
            let studyID = study, pseudonym = pseudonym
            let participant = try waitForStore { () -> Participant in
                _ = try await store.requireStudy(studyID)
                let participant = try await store.createParticipant(studyID: studyID, pseudonym: pseudonym)
                _ = try await store.appendAudit(
                    actorID: nil, action: "participant.create", studyID: studyID, targetKind: "participant",
                    targetID: participant.id, details: ["via": .string("command line")])
                return participant
            }
            print("participant \(participant.id!) \(participant.pseudonym) in study \(studyID)")
        }
    }

    /// `verbatim participant list --study ID [--data DIR]`: one pseudonym a line.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List a study's participants: id and pseudonym.")

        @Option(help: "The study's id.")
        var study: Int64

        @OptionGroup var location: DataLocation

        func run() throws {
            let store = try location.open(creating: false)
            let studyID = study
            let participants = try waitForStore { () -> [Participant] in
                _ = try await store.requireStudy(studyID)
                return try await store.participants(studyID: studyID)
            }
            for participant in participants { print("\(participant.id!)\t\(participant.pseudonym)") }
        }
    }
}
