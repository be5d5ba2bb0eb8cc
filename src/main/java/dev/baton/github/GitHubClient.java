package dev.baton.github;

import dev.baton.model.Job;
import dev.baton.model.PendingDeployment;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.Sleeper;
import org.kohsuke.github.GHRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real GitHub source, one repository's: a facade over its parts by concern - {@link GitHubTransport}
 * (hub4j 1.330 over OkHttp with a disk cache, raw requests through the same connector), {@link RunReads}
 * (runs, jobs, logs, groups, approvals), {@link RepoContents} (the files the workflow catalog is read from)
 * and {@link Mutations} (dispatch, cancel, review). Errors are worded by {@link GitHubErrors}.
 */
public final class GitHubClient implements GitHubPort, AutoCloseable {
    private final RequestScheduler scheduler;
    private final GitHubTransport transport;
    private final RunReads reads;
    private final RepoContents contents;
    private final Mutations mutations;

    public GitHubClient(GitHubSettings settings) {
        this(settings, Sleeper.SYSTEM);
    }

    /** sleeper: how the retry of a transient failure waits (tests pass one that does not); a scheduler of its own. */
    public GitHubClient(GitHubSettings settings, Sleeper sleeper) {
        this(settings, sleeper, new RequestScheduler(settings.apiUrl(), Clock.systemUTC(), sleeper));
    }

    /** scheduler: the one of this API host and credential, shared with the other clients that use them. */
    public GitHubClient(GitHubSettings settings, Sleeper sleeper, RequestScheduler scheduler) {
        this.scheduler = scheduler;
        this.transport = new GitHubTransport(settings, sleeper, scheduler);
        this.reads = new RunReads(transport);
        this.contents = new RepoContents(transport);
        this.mutations = new Mutations(transport);
    }

    public RepoRef repo() {
        return transport.settings.repo();
    }

    /** Closes the HTTP cache and frees its slot for another baton. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public RequestMeter meter() {
        return transport.meter;
    }

    @Override
    public ServerClock clock() {
        return transport.serverClock;
    }

    @Override
    public RateLimit rateLimit() {
        return transport.meter.rateLimit();
    }

    @Override
    public java.time.Duration heldFor() {
        return scheduler.limitedFor();
    }

    public RequestScheduler scheduler() {
        return scheduler;
    }

    @Override
    public RepoAccess access() {
        RepoRef repo = repo();
        return GitHubErrors.call("repository " + repo, () -> {
            GHRepository r = transport.github.getRepository(repo.toString()); // fresh: permissions as of now
            boolean known = r.hasPullAccess() || r.hasPushAccess() || r.hasAdminAccess();
            return new RepoAccess(r.getFullName(), r.isPrivate(), known, r.hasPullAccess(), r.hasPushAccess(), r.hasAdminAccess());
        });
    }

    /**
     * The full names (owner/name) of an organisation's repositories that are not archived: GET /orgs/{org}/repos,
     * every page (the fleet's discovery; the client's repository is not used).
     */
    public List<String> organizationRepositories(String org) {
        return GitHubErrors.call("repositories of " + org, () -> {
            List<String> out = new ArrayList<>();
            for (GHRepository r : transport.github.getOrganization(org).listRepositories(100)) if (!r.isArchived()) out.add(r.getFullName());
            return out;
        });
    }

    /** One repository as an org's listing shows it: enough to skip it, or to judge it sooner, without another request. */
    public record OrgRepository(String fullName, boolean archived, boolean disabled, Instant pushedAt, int sizeKb) {
    }

    /** GET /orgs/{org}/repos, every page, archived ones included (the fleet's discovery decides). */
    public List<OrgRepository> organizationListing(String org) {
        return GitHubErrors.call("repositories of " + org, () -> {
            List<OrgRepository> out = new ArrayList<>();
            for (GHRepository r : transport.github.getOrganization(org).listRepositories(100)) {
                java.util.Date pushed = r.getPushedAt();
                out.add(new OrgRepository(r.getFullName(), r.isArchived(), r.isDisabled(), pushed == null ? null : pushed.toInstant(), r.getSize()));
            }
            return out;
        });
    }

    @Override
    public List<Run> recentRuns(int perPage) {
        return reads.recentRuns(perPage);
    }

    @Override
    public Run run(long runId) {
        return reads.run(runId);
    }

    @Override
    public List<Run> dispatchedRuns(String workflowFile, Instant since) {
        return reads.dispatchedRuns(workflowFile, since);
    }

    @Override
    public List<Job> jobs(long runId) {
        return reads.jobs(runId);
    }

    @Override
    public List<String> jobLog(long jobId) {
        return reads.jobLog(jobId);
    }

    @Override
    public Optional<List<String>> activeGroupNames() {
        return reads.activeGroupNames();
    }

    @Override
    public Optional<GroupDetail> group(String name) {
        return reads.group(name);
    }

    @Override
    public List<String> annotations(long checkRunId) {
        return reads.annotations(checkRunId);
    }

    @Override
    public List<PendingDeployment> pendingDeployments(long runId) {
        return reads.pendingDeployments(runId);
    }

    @Override
    public Map<String, String> files(String folder, String... suffixes) {
        return contents.files(folder, suffixes);
    }

    @Override
    public Map<String, String> filesHandedOn(String folder, String... suffixes) {
        return contents.filesHandedOn(folder, suffixes);
    }

    @Override
    public DispatchResult dispatch(String workflowFile, String ref, Map<String, String> inputs) {
        return mutations.dispatch(workflowFile, ref, inputs);
    }

    @Override
    public void cancel(long runId) {
        mutations.cancel(runId);
    }

    @Override
    public void reviewDeployments(long runId, List<Long> environmentIds, boolean approve, String comment) {
        mutations.reviewDeployments(runId, environmentIds, approve, comment);
    }
}
