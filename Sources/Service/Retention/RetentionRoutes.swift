import Foundation
import HTTPTypes
import Hummingbird
import Store

/// Retention of original media: `/studies/{studyID}/retention` (the rule and the schedule) and
/// `/studies/{studyID}/retention/run` (apply it now).
struct RetentionRoutes {
    let backend: ServiceBackend

    /// What `PUT /studies/{studyID}/retention` accepts; `days: null` removes the rule.
    struct SetRule: Codable {
        var days: Int?
        var keepRedactedMedia: Bool?
        var fill: RetentionRule.Fill?
    }

    /// What `POST /studies/{studyID}/retention/run` answers.
    struct RunReport: Codable {
        var outcomes: [RetentionSweep.Outcome]
        var schedule: RetentionSchedule
    }

    func register(on router: RouterGroup<ServiceRequestContext>) {
        router.get("studies/:studyID/retention") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .managers, to: "read the retention schedule of this study")
            return try JSONResponse.make(try await RetentionSchedule.make(studyID: studyID, backend: backend, now: backend.configuration.clock.now()))
        }
        router.put("studies/:studyID/retention") { request, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .adminOnly, to: "change the retention rule of this study")
            let body = try await JSONResponse.decode(SetRule.self, from: request, context: context)
            if let days = body.days {
                guard (0...RetentionRule.maximumDays).contains(days) else {
                    throw APIError.badRequest(
                        "`days` is a number of days from 0 to \(RetentionRule.maximumDays), or null to keep media.",
                        fr: "`days` est un nombre de jours de 0 à \(RetentionRule.maximumDays), ou null pour garder les médias.")
                }
                let rule = RetentionRule(
                    studyID: studyID, days: days, keepRedactedMedia: body.keepRedactedMedia ?? false, fill: body.fill ?? .tone,
                    setBy: user.userID, setAt: backend.configuration.clock.now())
                _ = try await backend.store.setRetentionRule(rule)
                try await backend.audit(
                    user, "study.retention", study: studyID, target: "study", studyID,
                    details: ["days": .int(Int64(days)), "keepRedactedMedia": .bool(rule.keepRedactedMedia), "fill": .string(rule.fill.rawValue)])
            } else {
                try await backend.store.removeRetentionRule(studyID: studyID)
                try await backend.audit(user, "study.retention", study: studyID, target: "study", studyID, details: ["days": .string("none")])
            }
            return try JSONResponse.make(try await RetentionSchedule.make(studyID: studyID, backend: backend, now: backend.configuration.clock.now()))
        }
        router.post("studies/:studyID/retention/run") { _, context in
            let user = try context.requireIdentity()
            let studyID = try context.parameters.require("studyID", as: Int64.self)
            try await backend.access.require(user, study: studyID, anyOf: .adminOnly, to: "apply the retention rule of this study")
            guard try await backend.store.retentionRule(studyID: studyID) != nil else {
                throw APIError(
                    .conflict, code: "no_retention_rule", "This study has no retention rule; set one first.",
                    fr: "Cette étude n’a pas de règle de conservation ; définissez-en une d’abord.")
            }
            let outcomes = try await RetentionSweep(backend: backend).run(studyID: studyID, actor: user)
            let schedule = try await RetentionSchedule.make(studyID: studyID, backend: backend, now: backend.configuration.clock.now())
            return try JSONResponse.make(RunReport(outcomes: outcomes, schedule: schedule))
        }
    }
}
