import Foundation
import GPCNCore

/// One planned stage of a job: its time span (seconds after the job's creation, already divided
/// by `speed`) and its progress band (A-10).
struct StagePlan: Sendable {
    var stage: String
    var start: Double
    var end: Double
    var progressFrom: Int
    var progressTo: Int
    var message: String
}

/// How a job ends if it does not complete: failure or cancellation at a fixed moment.
struct JobEnding: Sendable {
    var at: Double
    var cancelled: Bool
    var errorMessage: String?
    var canRetry: Bool
}

/// A job is fully planned when it is created; its state at any instant is computed from the plan
/// and the clock (no timers).
struct JobRecord: Sendable {
    var jobId: String
    var vmId: String
    var vmName: String
    var operation: String
    var createdAt: Date
    var stages: [StagePlan]
    var total: Double
    var ending: JobEnding?
    var successMessage: String

    enum Phase: Equatable { case running, completed, failed, cancelled }

    func phase(at now: Date) -> Phase {
        let t = now.timeIntervalSince(createdAt)
        if let e = ending, t >= e.at { return e.cancelled ? .cancelled : .failed }
        return t >= total ? .completed : .running
    }

    /// The stage running at offset `t` (clamped into the plan).
    private func stageIndex(at t: Double) -> Int {
        for (i, s) in stages.enumerated() where t < s.end { return i }
        return stages.count - 1
    }

    private func progress(at t: Double) -> Int {
        let s = stages[stageIndex(at: t)]
        let span = max(s.end - s.start, 0.000_001)
        let f = min(max((t - s.start) / span, 0), 1)
        return s.progressFrom + Int((Double(s.progressTo - s.progressFrom) * f).rounded(.down))
    }

    /// The job as the API shows it at `now`.
    func snapshot(at now: Date) -> Job {
        let t = max(now.timeIntervalSince(createdAt), 0)
        var job = Job(jobId: jobId, resourceType: "virtual_machine", resourceDisplayName: "Virtual Machine \(vmName)",
                      operation: operation, canRetry: false, isCompleted: false, hasFailed: false, isTerminal: false,
                      resourceId: vmId, resourceName: vmName, createdAt: Timestamp.string(createdAt))
        switch phase(at: now) {
        case .failed, .cancelled:
            let e = ending!
            let i = stageIndex(at: e.at)
            job.progressPercentage = progress(at: e.at)
            job.isTerminal = true
            job.updatedAt = Timestamp.string(createdAt.addingTimeInterval(e.at))
            if e.cancelled {
                job.stage = "cancelled"
                job.message = "Cancelled by the platform during \(stages[i].stage)"
            } else {
                job.stage = "failed"
                job.hasFailed = true
                job.errorMessage = e.errorMessage
                job.message = "Failed during \(stages[i].stage): \(e.errorMessage ?? "unknown error")"
                job.canRetry = e.canRetry
            }
        case .completed:
            job.stage = "completed"
            job.progressPercentage = 100
            job.message = successMessage
            job.isCompleted = true
            job.isTerminal = true
            job.updatedAt = Timestamp.string(createdAt.addingTimeInterval(total))
        case .running:
            let s = stages[stageIndex(at: t)]
            job.stage = s.stage
            job.progressPercentage = progress(at: t)
            job.message = s.message
            job.estimatedCompletion = Timestamp.string(createdAt.addingTimeInterval(total))
            job.timeRemaining = JobRecord.humanRemaining(total - t)
            job.updatedAt = Timestamp.string(now)
        }
        return job
    }

    /// "less than a minute", "about 1 minute", "about 3 minutes" (A-11).
    static func humanRemaining(_ seconds: Double) -> String {
        if seconds < 60 { return "less than a minute" }
        let minutes = Int((seconds / 60).rounded())
        return minutes <= 1 ? "about 1 minute" : "about \(minutes) minutes"
    }
}

/// Plans jobs from the seed: durations, failures, cancellations.
enum JobPlanner {
    struct Cause { var message: String; var canRetry: Bool }

    static let failureCauses: [String: [Cause]] = [
        "initializing": [Cause(message: "Quota check failed: the account's vCPU quota is exhausted", canRetry: false)],
        "preparing_network": [Cause(message: "Timed out creating the network port", canRetry: true),
                              Cause(message: "No free addresses left in the subnet", canRetry: false)],
        "provisioning": [Cause(message: "Insufficient capacity in this data center", canRetry: true),
                         Cause(message: "Timed out waiting for the hypervisor", canRetry: true),
                         Cause(message: "Image checksum mismatch", canRetry: false),
                         Cause(message: "Volume creation failed: storage backend unavailable", canRetry: true)],
        "configuring": [Cause(message: "Cloud-init failed to apply the user configuration", canRetry: false),
                        Cause(message: "Timed out waiting for the guest agent", canRetry: true)],
        "starting": [Cause(message: "Timed out waiting for the hypervisor", canRetry: true),
                     Cause(message: "The virtual machine failed its boot health check", canRetry: false)],
        "deprovisioning": [Cause(message: "Timed out waiting for the hypervisor", canRetry: true)],
    ]

    /// Plans the jobs of one create batch. The first job prepares the network; the others wait in
    /// `initializing` for it (shared data-center initialization), then advance independently.
    static func planCreateBatch(names: [String], jobIds: [String], vmIds: [String], createdAt: Date,
                                configuration: SimulatorConfiguration, batchSeed: UInt64,
                                createsDefaultNetwork: Bool, authMethod: AuthMethod?) -> [JobRecord] {
        let speed = configuration.effectiveSpeed
        var rngs = names.indices.map { SplitMix64(seed: Hashing.mix(batchSeed, 0x10B, UInt64($0))) }
        let durations = rngs.indices.map { rngs[$0].uniform(60, 180) / speed }
        let d0 = durations[0]
        let initEnd0 = d0 * 0.05
        let sharedInitEnd = d0 * 0.15
        let configuringMessage: String
        switch authMethod {
        case .sshKey?: configuringMessage = "Installing the SSH key and applying cloud-init"
        case .password?: configuringMessage = "Setting the administrator password"
        case .custom?: configuringMessage = "Applying the image's own configuration"
        case nil: configuringMessage = "Configuring the appliance"
        }
        var jobs: [JobRecord] = []
        for i in names.indices {
            let d = durations[i]
            var stages: [StagePlan] = []
            if i == 0 {
                stages.append(StagePlan(stage: "initializing", start: 0, end: initEnd0, progressFrom: 0, progressTo: 5,
                                        message: "Validating the request and reserving resources"))
                stages.append(StagePlan(stage: "preparing_network", start: initEnd0, end: sharedInitEnd,
                                        progressFrom: 5, progressTo: 15,
                                        message: createsDefaultNetwork ? "Creating the data center's default network"
                                            : "Preparing the data center network"))
            } else {
                stages.append(StagePlan(stage: "initializing", start: 0, end: sharedInitEnd, progressFrom: 0, progressTo: 5,
                                        message: "Waiting for data center initialization"))
            }
            // The rest of the job (85 % of its own duration) runs after the shared initialization.
            var t = sharedInitEnd
            for (stage, share, from, to, message) in [
                ("provisioning", 0.50, 15, 70, "Allocating compute resources"),
                ("configuring", 0.20, 70, 90, configuringMessage),
                ("starting", 0.15, 90, 99, "Starting the virtual machine"),
            ] {
                let end = t + d * share
                stages.append(StagePlan(stage: stage, start: t, end: end, progressFrom: from, progressTo: to, message: message))
                t = end
            }
            let ending = planEnding(stages: stages, rng: &rngs[i], configuration: configuration)
            jobs.append(JobRecord(jobId: jobIds[i], vmId: vmIds[i], vmName: names[i], operation: "create",
                                  createdAt: createdAt, stages: stages, total: t, ending: ending,
                                  successMessage: "Virtual machine \(names[i]) is running"))
        }
        return jobs
    }

    /// A delete job: 10–30 s divided by `speed`; never fails.
    static func planDelete(jobId: String, vmId: String, vmName: String, createdAt: Date,
                           configuration: SimulatorConfiguration, seed: UInt64) -> JobRecord {
        var rng = SplitMix64(seed: seed)
        let d = rng.uniform(10, 30) / configuration.effectiveSpeed
        let stages = [
            StagePlan(stage: "initializing", start: 0, end: d * 0.1, progressFrom: 0, progressTo: 10,
                      message: "Queued for deletion"),
            StagePlan(stage: "deprovisioning", start: d * 0.1, end: d * 0.8, progressFrom: 10, progressTo: 85,
                      message: "Stopping and removing the virtual machine"),
            StagePlan(stage: "releasing_resources", start: d * 0.8, end: d, progressFrom: 85, progressTo: 99,
                      message: "Releasing network interfaces and disks"),
        ]
        return JobRecord(jobId: jobId, vmId: vmId, vmName: vmName, operation: "delete", createdAt: createdAt,
                         stages: stages, total: d, ending: nil, successMessage: "Virtual machine \(vmName) was deleted")
    }

    private static func planEnding(stages: [StagePlan], rng: inout SplitMix64,
                                   configuration: SimulatorConfiguration) -> JobEnding? {
        // Draw every number whatever the rates, so changing one rate does not reshuffle the rest.
        let failDraw = rng.unit(), cancelDraw = rng.unit()
        let stageDraw = rng.next(), causeDraw = rng.next(), pointDraw = rng.uniform(0.1, 0.9)
        // Failures happen after the request was accepted, i.e. from the second stage on.
        let candidates = Array(stages.dropFirst())
        let s = candidates[Int(stageDraw % UInt64(candidates.count))]
        let at = s.start + (s.end - s.start) * pointDraw
        if failDraw < configuration.clamp(configuration.failRate) {
            let causes = failureCauses[s.stage] ?? failureCauses["provisioning"]!
            let cause = causes[Int(causeDraw % UInt64(causes.count))]
            return JobEnding(at: at, cancelled: false, errorMessage: cause.message, canRetry: cause.canRetry)
        }
        if cancelDraw < configuration.clamp(configuration.cancelRate) {
            return JobEnding(at: at, cancelled: true, errorMessage: nil, canRetry: true)
        }
        return nil
    }
}
