package dev.baton.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the sandbox predicts when a burst of events hits a repository's workflows (the simulate command):
 * every run the events caused, in creation order, with when it waited, ran and how it ended. It lives in
 * model because the sandbox computes it and the command shows it, and neither may see the other.
 *
 * @param scenario    the scenario's name; description its text
 * @param start       sim time of the scenario's offset 0; end when the simulation stopped
 * @param events      the scenario's events as applied
 * @param runs        in creation order
 * @param notes       assumptions and caveats (approvals, workflows that did not load, runs left at the end)
 * @param overlaps    every time two runs deployed the same environment at once: what the summary counts,
 *                    the runs' overlaps name and the timeline marks
 * @param locksLeft   Terraform state locks still held when the simulation stopped
 */
public record Simulation(String scenario, String description, Instant start, Instant end, List<Step> events,
                         List<SimulatedRun> runs, List<String> notes, List<Overlap> overlaps, List<LeftLock> locksLeft) {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String SKIPPED = "skipped";
    /** Cancelled by its concurrency group before it ever ran (queue: single, cancel-in-progress, queue full). */
    public static final String EVICTED = "evicted";
    /** Cancelled otherwise, or cancelled while running by a newer run (cancel-in-progress). */
    public static final String CANCELLED = "cancelled";
    /** Still pending in a group or waiting for an approval when the simulation stopped. */
    public static final String WAITING = "waiting";
    public static final String RUNNING = "running";

    public Simulation {
        events = List.copyOf(events);
        runs = List.copyOf(runs);
        notes = List.copyOf(notes);
        overlaps = List.copyOf(overlaps);
        locksLeft = List.copyOf(locksLeft);
    }

    /** Runs a and b (ids) deployed environment (production-auto counts as production) at once, from..to. */
    public record Overlap(long a, long b, String environment, Instant from, Instant to) {
    }

    /**
     * A lock object left in the state bucket: the next plan or apply of that state fails until it is released.
     * run: the run whose job wrote it (0: unknown); createdAt its Created field.
     */
    public record LeftLock(String bucket, String key, String id, String operation, Instant createdAt, long run) {
    }

    /** A scenario event: at its offset from start, what it did ("merge by alice: Fix ..."). */
    public record Step(Duration at, String kind, String what) {
    }

    /**
     * One run. startedAt: when it acquired its group and its jobs began (null: never ran); endedAt: null
     * while not completed. outcome: one of the constants above. environments: what its jobs deployed.
     * replacedBy: the run that evicted or cancelled it (0: none). overlaps: runs that deployed the same
     * environment at the same time. detail: why, in a few words (e.g. the error of a failed job).
     */
    public record SimulatedRun(long id, String workflow, String workflowName, long runNumber, String event, String actor,
                               String headSha, String title, String group, List<String> environments,
                               Instant createdAt, Instant startedAt, Instant endedAt, String outcome, long replacedBy,
                               List<Long> overlaps, String detail) {
        public SimulatedRun {
            environments = List.copyOf(environments);
            overlaps = List.copyOf(overlaps);
        }

        /** "deploy-dev.yml #2" */
        public String label() {
            return workflow + " #" + runNumber;
        }
    }

    /** Runs of one outcome, in creation order. */
    public List<SimulatedRun> withOutcome(String outcome) {
        return runs.stream().filter(r -> r.outcome().equals(outcome)).toList();
    }
}
