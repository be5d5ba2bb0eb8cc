package dev.baton.github;

import dev.baton.model.Job;
import dev.baton.model.PendingDeployment;
import dev.baton.model.RateLimit;
import dev.baton.model.Run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the watch engine, probes and commands need from GitHub; {@link GitHubClient} is the real one. */
public interface GitHubPort {
    /** The newest runs of the repository, newest first (one page). */
    List<Run> recentRuns(int perPage);

    Run run(long runId);

    List<Job> jobs(long runId);

    /** Active group names, or empty when the concurrency-groups API is absent here (older GHES). */
    Optional<List<String>> activeGroupNames();

    /** One group's members, or empty when the group is not active (404). */
    Optional<GroupDetail> group(String name);

    /** Annotation messages of a job's check run (where eviction notices live). */
    List<String> annotations(long checkRunId);

    DispatchResult dispatch(String workflowFile, String ref, Map<String, String> inputs);

    /** Dispatched workflow_dispatch runs of a workflow created at or after since, newest first. */
    List<Run> dispatchedRuns(String workflowFile, Instant since);

    void cancel(long runId);

    /** The run's deployments waiting for a reviewer; empty when it waits for none. */
    List<PendingDeployment> pendingDeployments(long runId);

    /** Approves (or rejects) the run's pending deployments to those environments, with GitHub's review comment. */
    void reviewDeployments(long runId, List<Long> environmentIds, boolean approve, String comment);

    /** The job's log lines as GitHub serves them (timestamp, space, message). */
    List<String> jobLog(long jobId);

    /** Files under a repository folder (not recursive) whose name ends with one of the suffixes: path -> text. */
    Map<String, String> files(String folder, String... suffixes);

    /**
     * {@link #files}, the answer left for the next read of the same folder (once, while fresh): a fleet's judging
     * hands its read of a repository's workflows to that repository's first poll. A port without it reads again.
     */
    default Map<String, String> filesHandedOn(String folder, String... suffixes) {
        return files(folder, suffixes);
    }

    /** GitHub's primary budget as its last answer stated it (no hold: see {@link #heldFor}). */
    RateLimit rateLimit();

    /**
     * How much longer GitHub's limits hold polls (a 403/429 that asked for a wait, or a budget spent until its reset);
     * null when they do not. A length, not an instant: the hold is kept on this machine's clock and the snapshot
     * dates it on the data's (GitHub's, or the demo's sim time), as it dates everything else on screen.
     */
    default java.time.Duration heldFor() {
        return null;
    }

    /** The repository as the token sees it (readable at all, and with what rights); throws when it cannot be read. */
    default RepoAccess access() {
        throw new UnsupportedOperationException("this GitHub port does not tell the repository's permissions");
    }

    RequestMeter meter();

    /** GitHub's time (what run timestamps are measured on); this machine's clock where the port cannot tell. */
    default java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }
}
