package dev.baton.testkit;

import dev.baton.github.DispatchResult;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.GroupDetail;
import dev.baton.github.RequestMeter;
import dev.baton.model.GroupMember;
import dev.baton.model.Job;
import dev.baton.model.PendingDeployment;
import dev.baton.model.RateLimit;
import dev.baton.model.Run;
import dev.baton.model.Sleeper;
import dev.baton.model.Step;
import dev.baton.sandbox.RunQuery;
import dev.baton.sandbox.SandboxException;
import dev.baton.sandbox.SandboxState;
import dev.baton.sandbox.SimAnnotation;
import dev.baton.sandbox.SimEngine;
import dev.baton.sandbox.SimJob;
import dev.baton.sandbox.SimLogLine;
import dev.baton.sandbox.SimRun;
import dev.baton.sandbox.SimStep;
import dev.baton.sandbox.SimWorkflow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GitHub at the port ({@link GitHubPort}), answered straight from a sandbox engine's state: no HTTP, no JSON, on
 * the engine's clock. With a manual engine ({@code EngineOptions.manual()}) a test owns time: {@link #sleeper()}
 * moves the engine (its due actions run on the caller's thread), {@link #clock()} reads it, so the watch engine's
 * backoff and pacing and rapid-fire's minutes of observing are measured, never spent.
 * <p>
 * What real GitHub does beyond the engine's state is a switch here: the concurrency-groups API present or not
 * (an older GHES: groups from the workflow files), dispatch answering with run details or 204 (rapid-fire then
 * correlates), every request failing (an outage), and the rate limit the answers report. {@link #calls(String)}
 * counts requests by method, for the tests of what a poll asks for. hub4j and the AWS SDK stay the loopback
 * stories' (LoopbackFixture).
 */
public final class SandboxGitHub implements GitHubPort {
    /** The sandbox's default login (a human): its dispatches go to production behind a reviewer. */
    public static final String USER = "sandbox-user";
    public static final String DEPENDABOT = "dependabot[bot]";

    private final SimEngine engine;
    private final SandboxState state;
    private final String login;
    private final RequestMeter meter = new RequestMeter();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile boolean concurrencyApi = true;
    private volatile boolean dispatchDetails = true;
    private volatile GitHubException outage;
    private volatile RateLimit rateLimit = RateLimit.UNKNOWN;

    public SandboxGitHub(SimEngine engine) {
        this(engine, USER);
    }

    /** login: whose token this is (the actor of its dispatches). */
    public SandboxGitHub(SimEngine engine, String login) {
        this.engine = engine;
        this.state = engine.state();
        this.login = login;
    }

    /** The same engine as another user (dependabot[bot] for rapid-fire's --as-dependabot). */
    public SandboxGitHub as(String otherLogin) {
        SandboxGitHub other = new SandboxGitHub(engine, otherLogin);
        other.concurrencyApi = concurrencyApi;
        other.dispatchDetails = dispatchDetails;
        return other;
    }

    // ---- switches --------------------------------------------------------------------------------------

    /** false: an older GHES without the concurrency-groups API (group listings answer 404). */
    public SandboxGitHub concurrencyApi(boolean on) {
        concurrencyApi = on;
        return this;
    }

    /** false: a dispatch answers 204 without the run's id (GitHub before return_run_details). */
    public SandboxGitHub dispatchDetails(boolean on) {
        dispatchDetails = on;
        return this;
    }

    /** Every request fails with e until {@link #heal()}; null heals. */
    public void outage(GitHubException e) {
        outage = e;
    }

    public void heal() {
        outage = null;
    }

    /** What the answers report of the primary budget. */
    public void rateLimit(RateLimit r) {
        rateLimit = r;
    }

    /** Requests made of method (recentRuns, jobs, activeGroupNames, ...), failed ones included. */
    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    public int calls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** A wait of baton's that moves the (manual) engine instead: its due actions run, time moves on. */
    public Sleeper sleeper() {
        return engine::advance;
    }

    private void request(String method) {
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        GitHubException e = outage;
        if (e != null) throw new GitHubException(e.status(), e.getMessage(), e.retryAfterSeconds());
    }

    // ---- GitHubPort ------------------------------------------------------------------------------------

    @Override
    public List<Run> recentRuns(int perPage) {
        request("recentRuns");
        return state.runs(RunQuery.ALL).stream().limit(perPage).map(this::run).toList();
    }

    @Override
    public Run run(long runId) {
        request("run");
        return run(state.run(runId).orElseThrow(() -> new GitHubException(404, "run " + runId + " not found")));
    }

    @Override
    public List<Job> jobs(long runId) {
        request("jobs");
        if (state.run(runId).isEmpty()) throw new GitHubException(404, "jobs of run " + runId + ": not found");
        return state.jobs(runId).stream().map(SandboxGitHub::job).toList();
    }

    @Override
    public Optional<List<String>> activeGroupNames() {
        request("activeGroupNames");
        if (!concurrencyApi) return Optional.empty();
        return Optional.of(state.activeGroups().stream().map(g -> g.name()).toList());
    }

    @Override
    public Optional<GroupDetail> group(String name) {
        request("group");
        if (!concurrencyApi) return Optional.empty();
        return state.group(name).map(g -> {
            // positions as the client numbers them from the listing: in_progress 0, pending 1.. in release order
            List<GroupMember> members = new ArrayList<>();
            int position = 0;
            for (var m : g.members()) {
                members.add(new GroupMember(m.runId(), m.runName(), m.jobId(), m.jobName(), m.status(),
                        m.status() == dev.baton.model.RunStatus.IN_PROGRESS ? 0 : ++position));
            }
            return new GroupDetail(g.name(), members);
        });
    }

    @Override
    public List<String> annotations(long checkRunId) {
        request("annotations");
        return state.annotations(checkRunId).stream().map(SimAnnotation::message).toList();
    }

    @Override
    public DispatchResult dispatch(String workflowFile, String ref, Map<String, String> inputs) {
        request("dispatch");
        SimRun r = sandbox("dispatch " + workflowFile, () -> state.dispatch(workflowFile, ref, inputs, login));
        return dispatchDetails ? new DispatchResult(r.id(), htmlUrl(r.id()), true) : new DispatchResult(0, null, false);
    }

    @Override
    public List<Run> dispatchedRuns(String workflowFile, Instant since) {
        request("dispatchedRuns");
        SimWorkflow w = state.workflow(workflowFile).orElseThrow(() -> new GitHubException(404, "workflow " + workflowFile + " not found"));
        RunQuery q = new RunQuery(w.id(), null, "workflow_dispatch", null, null, null, null, null);
        return state.runs(q).stream().limit(20).filter(r -> !r.createdAt().isBefore(since)).map(this::run).toList();
    }

    @Override
    public void cancel(long runId) {
        request("cancel");
        sandbox("cancel run " + runId, () -> {
            state.cancel(runId);
            return null;
        });
    }

    @Override
    public List<PendingDeployment> pendingDeployments(long runId) {
        request("pendingDeployments");
        return state.pendingDeployments(runId).stream()
                .map(p -> new PendingDeployment(p.environmentId(), p.environment(), true, p.reviewers())).toList();
    }

    @Override
    public void reviewDeployments(long runId, List<Long> environmentIds, boolean approve, String comment) {
        request("reviewDeployments");
        if (!approve) throw new GitHubException(422, "the sandbox models approvals only");
        sandbox("review run " + runId, () -> {
            state.approve(runId);
            return null;
        });
    }

    @Override
    public List<String> jobLog(long jobId) {
        request("jobLog");
        SimJob j = state.job(jobId).orElseThrow(() -> new GitHubException(404, "log of job " + jobId + ": not found"));
        // GitHub serves a job's log once the job has completed
        if (j.status() != dev.baton.model.RunStatus.COMPLETED) throw new GitHubException(404, "log of job " + jobId + ": not found");
        return state.jobLog(jobId).orElse(List.of()).stream().map(SimLogLine::format).toList();
    }

    @Override
    public Map<String, String> files(String folder, String... suffixes) {
        request("files");
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        Map<String, String> out = new LinkedHashMap<>();
        state.repo().files().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String p = e.getKey();
            if (!p.startsWith(prefix) || p.indexOf('/', prefix.length()) >= 0) return;
            for (String s : suffixes) {
                if (p.endsWith(s)) {
                    out.put(p, e.getValue());
                    return;
                }
            }
        });
        return out;
    }

    @Override
    public RateLimit rateLimit() {
        return rateLimit;
    }

    @Override
    public RequestMeter meter() {
        return meter;
    }

    /** The engine's time: what run timestamps are on (manual: moves only when the test or the sleeper moves it). */
    @Override
    public Clock clock() {
        return new dev.baton.sandbox.EngineClock(engine);
    }

    // ---- the engine's records as GitHub's client reads them ------------------------------------------------

    private String htmlUrl(long runId) {
        return "https://github.com/" + state.repo().fullName() + "/actions/runs/" + runId;
    }

    private Run run(SimRun r) {
        return new Run(r.id(), r.workflowName(), r.workflowPath(), r.runNumber(), r.runAttempt(), r.event(), r.actor(),
                r.headSha(), r.headBranch(), r.displayTitle(), r.status(), r.conclusion(),
                r.createdAt(), r.runStartedAt(), r.updatedAt(), htmlUrl(r.id()));
    }

    private static Job job(SimJob j) {
        List<Step> steps = new ArrayList<>();
        for (SimStep s : j.steps()) steps.add(new Step(s.number(), s.name(), s.status(), s.conclusion(), s.startedAt(), s.completedAt()));
        // GitHub reports a queued job's started_at as its creation time
        return new Job(j.id(), j.runId(), j.name(), j.status(), j.conclusion(), j.startedAt() == null ? j.createdAt() : j.startedAt(),
                j.completedAt(), steps, "https://api.github.com/check-runs/" + j.checkRunId(), null);
    }

    /** The engine's refusals as GitHub's client reports them. */
    private static <T> T sandbox(String what, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (SandboxException e) {
            throw new GitHubException(e.status(), what + ": " + e.getMessage());
        }
    }
}
