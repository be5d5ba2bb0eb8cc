package dev.baton.probe;

import dev.baton.github.DispatchResult;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupMember;
import dev.baton.model.Job;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.watch.WatchEngine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reference document's rapid-fire test as one command: dispatch N runs gap apart, watch their groups
 * through the watch engine until every run ends, and judge serialization from what GitHub did (see
 * {@link Verdict}). Nothing here decides pass/fail from hopes: overlaps, evictions and start order are
 * what was observed.
 */
public final class RapidFire {
    /** Dispatches one run; dependabot asks for Dependabot as the actor (a bot token, or the sandbox's). */
    @FunctionalInterface
    public interface Dispatcher {
        DispatchResult dispatch(String workflow, String ref, Map<String, String> inputs, boolean dependabot);
    }

    private final GitHubPort github;
    private final WatchEngine engine;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final Duration pollEvery;
    private final Consumer<String> progress;

    public RapidFire(GitHubPort github, WatchEngine engine, Dispatcher dispatcher, Clock clock, Duration pollEvery, Consumer<String> progress) {
        this.github = github;
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.pollEvery = pollEvery;
        this.progress = progress;
    }

    public Verdict run(RapidFirePlan plan) throws InterruptedException {
        Instant begin = clock.instant();
        List<Observation> obs = new ArrayList<>();
        Set<Long> claimed = new HashSet<>();
        for (int i = 0; i < plan.count(); i++) {
            if (i > 0) Thread.sleep(plan.gap().toMillis());
            String wf = plan.workflowOf(i);
            boolean bot = plan.asDependabot() && i == 0;
            Instant at = clock.instant();
            DispatchResult r = dispatcher.dispatch(wf, plan.ref(), plan.inputs(), bot);
            Observation o = new Observation(i + 1, wf, bot, at);
            o.runId = r.runId() > 0 ? r.runId() : correlate(wf, at, claimed);
            claimed.add(o.runId);
            obs.add(o);
            progress.accept("dispatched " + (i + 1) + "/" + plan.count() + ": " + wf + (bot ? " as dependabot[bot]" : "")
                    + " -> run " + o.runId + (r.detailed() ? "" : " (correlated)"));
        }
        boolean timedOut = observe(obs, plan, begin);
        List<Long> cancelled = plan.cancelAfter() ? cancelPending(obs) : List.of();
        readLockContention(obs);
        return Verdict.judge(plan, obs, races, timedOut, cancelled, begin, clock.instant());
    }

    /** GitHub answered 204: find our run among workflow_dispatch runs created since, not yet claimed. */
    private long correlate(String workflow, Instant since, Set<Long> claimed) throws InterruptedException {
        Instant deadline = clock.instant().plusSeconds(20);
        while (clock.instant().isBefore(deadline)) {
            List<Run> runs = github.dispatchedRuns(workflow, since.minusSeconds(5));
            Run ours = runs.stream().filter(r -> !claimed.contains(r.id())).min(Comparator.comparingLong(Run::id)).orElse(null);
            if (ours != null) return ours.id();
            Thread.sleep(500);
        }
        throw new GitHubException(0, "dispatched " + workflow + " but no new workflow_dispatch run appeared within 20 s");
    }

    /** Members seen in_progress together in one group, straight from GitHub's group listing: "group -> run ids". */
    private final List<String> races = new ArrayList<>();

    private boolean observe(List<Observation> obs, RapidFirePlan plan, Instant begin) throws InterruptedException {
        Instant deadline = begin.plus(plan.timeout());
        Instant lastPoll = begin;
        while (true) {
            Snapshot s = engine.pollOnce();
            Instant now = clock.instant();
            for (ConcurrencyGroup g : s.groups()) {
                List<Long> running = g.members().stream().filter(GroupMember::running).map(GroupMember::runId).toList();
                for (GroupMember m : g.members()) {
                    for (Observation o : obs) if (o.runId == m.runId()) o.group = g.name();
                }
                if (running.size() > 1 && running.stream().anyMatch(id -> obs.stream().anyMatch(o -> o.runId == id))) {
                    races.add(g.name() + " had runs " + running + " in progress at " + now);
                }
            }
            for (Observation o : obs) {
                if (o.done()) continue;
                Run r = s.run(o.runId).orElseGet(() -> github.run(o.runId));
                update(o, r, lastPoll, now);
            }
            lastPoll = now;
            if (obs.stream().allMatch(Observation::done)) return false;
            if (now.isAfter(deadline)) return true;
            Thread.sleep(pollEvery.toMillis());
        }
    }

    private void update(Observation o, Run r, Instant lastPoll, Instant now) {
        o.runNumber = r.runNumber();
        o.headSha = r.headSha();
        o.actor = r.actor();
        o.createdAt = r.createdAt();
        if (r.status() == o.status) return;
        RunStatus before = o.status;
        o.status = r.status();
        o.conclusion = r.conclusion();
        Instant at = now;
        if (r.status() == RunStatus.PENDING) o.seenPending = true;
        if (r.status() == RunStatus.IN_PROGRESS || r.status() == RunStatus.WAITING) {
            o.seenRunning = o.seenRunning || r.status() == RunStatus.IN_PROGRESS;
            // run_started_at is the attempt's start, which GitHub may set before the group lets it run:
            // trust it only when it is later than the last poll that saw the run not running
            at = r.startedAt() != null && r.startedAt().isAfter(lastPoll) ? r.startedAt() : now;
            if (r.status() == RunStatus.IN_PROGRESS && o.startedAt == null) o.startedAt = at;
        }
        if (r.status() == RunStatus.COMPLETED) {
            at = r.updatedAt() != null ? r.updatedAt() : now;
            o.endedAt = at;
            if (before == RunStatus.IN_PROGRESS && o.startedAt == null) o.startedAt = lastPoll;
            if (o.startedAt != null) o.seenRunning = true;
        }
        o.transitions.add(new Observation.Transition(at, r.status() == RunStatus.COMPLETED ? String.valueOf(r.conclusion().api()) : r.status().api()));
        progress.accept("run " + o.runId + " (" + o.label() + "): " + o.transitions.get(o.transitions.size() - 1).status());
    }

    private List<Long> cancelPending(List<Observation> obs) {
        List<Long> out = new ArrayList<>();
        for (Observation o : obs) {
            if (o.done()) continue;
            Run now = github.run(o.runId);
            if (now.status() == RunStatus.PENDING || now.status() == RunStatus.QUEUED || now.status() == RunStatus.WAITING) {
                github.cancel(o.runId);
                out.add(o.runId);
                progress.accept("cancelled pending test run " + o.runId);
            }
        }
        return out;
    }

    /** Terraform's lock messages in the finished jobs' logs: who had to wait for the state lock, who failed. */
    private void readLockContention(List<Observation> obs) {
        for (Observation o : obs) {
            if (!o.done()) continue;
            try {
                List<Job> jobs = github.jobs(o.runId);
                o.jobCount = jobs.size();
                for (Job j : jobs) {
                    if (j.status() != RunStatus.COMPLETED) continue;
                    for (String line : github.jobLog(j.id())) {
                        if (line.contains("Acquiring state lock") || line.contains("Error acquiring the state lock")
                                || line.contains("Releasing state lock")) {
                            o.lockLines.add(j.name() + ": " + stripTimestamp(line));
                        }
                    }
                }
            } catch (GitHubException e) {
                o.lockLines.add("(logs unreadable: " + e.getMessage() + ")");
            }
        }
    }

    static String stripTimestamp(String line) {
        int space = line.indexOf(' ');
        return space > 20 && line.charAt(4) == '-' ? line.substring(space + 1) : line;
    }
}
