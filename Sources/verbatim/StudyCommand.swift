import ArgumentParser
import Foundation
import Store

/// `verbatim study create|list`: studies of the embedded store, without a running server.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Create and list the studies of the embedded store.",
        subcommands: [Create.self, List.self]
    )

    /// `verbatim study create --name NAME [--details TEXT] [--data DIR]`: prints the new study's id.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a study and print its id.")

        @Option(help: "The study's name (unique).")
        var name: String

        @Option(help: "A description of the study.")
        var details: String = ""

        @OptionGroup var location: DataLocation

        func run() throws {
            let store = try location.open(creating: true)
            let name = name, details = details
            let study = try waitForStore { () -> Study in
                let study = try await store.createStudy(name: name, details: details)
                _ = try await store.appendAudit(
                    actorID: nil, action: "study.create", studyID: study.id, targetKind: "study", targetID: study.id,
                    details: ["via": .string("command line")])
                return study
            }
            print("study \(study.id!) \(study.name)")
        }
    }

    /// `verbatim study list [--data DIR]`: one line a study.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the studies: id and name.")

        @OptionGroup var location: DataLocation

        func run() throws {
            let store = try location.open(creating: false)
            for study in try waitForStore({ try await store.studies() }) { print("\(study.id!)\t\(study.name)") }
        }
    }
}
