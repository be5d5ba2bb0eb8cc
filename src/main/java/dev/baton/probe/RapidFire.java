package dev.baton.probe;

import dev.baton.github.DispatchResult;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupMember;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Sleeper;
import dev.baton.model.SourceHealth;
import dev.baton.model.Snapshot;
import dev.baton.watch.WatchEngine;
import dev.baton.workflow.WorkflowSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reference document's rapid-fire test as one command: dispatch N runs gap apart, watch their groups
 * through the watch engine until every run ends (or the timeout), and judge serialization from what GitHub
 * did (see {@link Verdict}). Nothing here decides pass/fail from hopes: overlaps, evictions and start order
 * are what GitHub's own timestamps and group listings show.
 * <p>
 * Two phases, so that the caller can put the dispatches (the mutation) inside its guarded, audited path
 * and observe afterwards: {@link #fire(Firing)}, then {@link #observe(Firing)}.
 */
public final class RapidFire {
    /** Dispatches one run; dependabot asks for Dependabot as the actor (a token whose user is dependabot[bot]). */
    @FunctionalInterface
    public interface Dispatcher {
        DispatchResult dispatch(String workflow, String ref, Map<String, String> inputs, boolean dependabot);
    }

    /**
     * Cancels one of the test's runs that is still pending, re-checking that it has not started (the
     * caller's guarded path); returns false when it refused or the run had moved on.
     */
    @FunctionalInterface
    public interface Canceller {
        boolean cancel(long runId, String label);
    }

    /**
     * One progress line: kind is dispatched, status (a run's new status), cancelled, source-error, or
     * source-recovered; at is GitHub's time for status changes, this machine's otherwise.
     */
    public record Progress(String kind, int index, long runId, long runNumber, String workflow, String status, Instant at,
                           String text) {
    }

    /** The runs one test dispatched, in dispatch order; filled as dispatches succeed, so a failure midway still names them. */
    public static final class Firing {
        final RapidFirePlan plan;
        final List<Observation> runs = new ArrayList<>();
        final List<Verdict.Race> races = new ArrayList<>();
        final Set<String> raceKeys = new HashSet<>();
        /** Runs outside the test seen in a group with one of its runs: id -> label. */
        final Map<Long, Verdict.OtherRun> others = new LinkedHashMap<>();
        /** Workflows whose workflow_run runs the dispatches set off (DispatchChain): file -> deploys production. */
        final Map<String, Boolean> chained;
        /** Runs those dispatches set off (workflow_run, same commit, created after the first dispatch), as seen. */
        final List<Observation> setOff = new ArrayList<>();
        long highestBefore = Long.MAX_VALUE;
        Instant latestGitHub;
        boolean sourceFailing;

        public Firing(RapidFirePlan plan) {
            this(plan, Map.of());
        }

        public Firing(RapidFirePlan plan, Map<String, Boolean> chained) {
            this.plan = Objects.requireNonNull(plan);
            this.chained = Map.copyOf(chained);
        }

        public RapidFirePlan plan() {
            return plan;
        }

        public List<Long> runIds() {
            return runs.stream().map(Observation::runId).toList();
        }
    }

    private static final Duration CORRELATE_FOR = Duration.ofSeconds(20);
    /** After the test's runs ended, how long to keep looking for the runs they set off (GitHub starts them within seconds). */
    private static final Duration SET_OFF_GRACE_MAX = Duration.ofSeconds(15);

    private final GitHubPort github;
    private final WatchEngine engine;
    private final Dispatcher dispatcher;
    private final Canceller canceller;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollEvery;
    private final Consumer<Progress> progress;

    /** sleeper: how the waits between polls and dispatches pass, beside clock (a test's may move a manual clock). */
    public RapidFire(GitHubPort github, WatchEngine engine, Dispatcher dispatcher, Canceller canceller, Clock clock,
                     Sleeper sleeper, Duration pollEvery, Consumer<Progress> progress) {
        this.github = github;
        this.sleeper = sleeper;
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.canceller = canceller;
        this.clock = clock;
        this.pollEvery = pollEvery;
        this.progress = progress == null ? p -> { } : progress;
    }

    // ---- phase 1: dispatch -------------------------------------------------------------------------

    /**
     * Dispatches the plan's runs gap apart and learns each run id: from the dispatch answer, or (GitHub
     * answered 204) the oldest workflow_dispatch run of that workflow newer than every run before that
     * dispatch and not yet claimed.
     * @throws GitHubException when a dispatch fails; the firing keeps the runs dispatched before it
     */
    public void fire(Firing firing) throws InterruptedException {
        RapidFirePlan plan = firing.plan;
        // run ids only grow: a run this test dispatched has an id above every run that existed before it
        long highestBefore = github.recentRuns(1).stream().mapToLong(Run::id).max().orElse(0);
        firing.highestBefore = highestBefore;
        Set<Long> claimed = new HashSet<>();
        long above = highestBefore;
        boolean detailed = true; // until GitHub answers a dispatch without its run id (GHES <= 3.20)
        for (int i = 0; i < plan.count(); i++) {
            if (i > 0) watchFor(firing, plan.gap());
            String wf = plan.workflowOf(i);
            boolean bot = plan.asDependabot() && i == 0;
            // correlating: a run someone else dispatched since our last one has an id below the newest now, so it is
            // never taken for ours (one request per dispatch, only on a GitHub that does not name the run)
            if (!detailed) above = Math.max(above, github.recentRuns(1).stream().mapToLong(Run::id).max().orElse(0));
            Instant at = clock.instant();
            DispatchResult r = dispatcher.dispatch(wf, plan.ref(), plan.inputs(), bot);
            Observation o = new Observation(i + 1, wf, bot, at);
            if (r.runId() > 0) {
                o.runId = r.runId();
            } else {
                detailed = false;
                o.runId = correlate(wf, above, claimed);
            }
            claimed.add(o.runId);
            firing.runs.add(o);
            progress.accept(new Progress("dispatched", o.index, o.runId, 0, wf, "requested", at,
                    "dispatched " + (i + 1) + "/" + plan.count() + ": " + wf + (bot ? " as dependabot[bot]" : "")
                            + " -> run " + o.runId + (r.detailed() ? "" : " (found by correlation)")));
        }
    }

    private long correlate(String workflow, long above, Set<Long> claimed) throws InterruptedException {
        Instant deadline = clock.instant().plus(CORRELATE_FOR);
        while (clock.instant().isBefore(deadline)) {
            Run ours = github.dispatchedRuns(workflow, Instant.EPOCH).stream()
                    .filter(r -> r.id() > above && !claimed.contains(r.id()))
                    .min(Comparator.comparingLong(Run::id)).orElse(null);
            if (ours != null) return ours.id();
            sleeper.sleep(Duration.ofMillis(500));
        }
        throw new GitHubException(0, "dispatched " + workflow + " but no new workflow_dispatch run appeared within "
                + CORRELATE_FOR.toSeconds() + " s");
    }

    // ---- phase 2: observe and judge ------------------------------------------------------------------

    /**
     * Polls through the watch engine until every run of the firing completed, the plan's timeout passed,
     * or the thread is interrupted (the verdict then says so; the interrupt is restored on return).
     */
    public Verdict observe(Firing firing) {
        RapidFirePlan plan = firing.plan;
        List<Observation> obs = firing.runs;
        Instant deadline = clock.instant().plus(plan.timeout());
        boolean timedOut = false;
        boolean interrupted = false;
        Instant settleUntil = null;
        while (true) {
            pollOnce(firing);
            if (obs.stream().allMatch(Observation::done)) {
                // a completed run starts its workflow_run followers only now: look a little longer for them
                if (firing.chained.isEmpty()) break;
                if (settleUntil == null) settleUntil = clock.instant().plus(setOffGrace());
                if (!clock.instant().isBefore(settleUntil) || !clock.instant().isBefore(deadline)) break;
            } else if (!clock.instant().isBefore(deadline)) {
                timedOut = true;
                break;
            }
            try {
                sleeper.sleep(pollEvery);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        List<Long> cancelled = plan.cancelAfter() ? cancelPending(obs) : List.of();
        WorkflowCatalog catalog = engine.catalog();
        for (Observation o : obs) RunDetails.read(github, o, catalog, plan);
        for (Observation o : obs) {
            if (o.endedAt != null && (firing.latestGitHub == null || o.endedAt.isAfter(firing.latestGitHub))) firing.latestGitHub = o.endedAt;
        }
        List<Verdict.SetOffRun> setOff = new ArrayList<>();
        for (Observation o : firing.setOff) setOff.add(setOffRun(o, catalog, plan, firing.chained.getOrDefault(o.workflow, false)));
        Verdict v = Verdict.judge(plan, obs, firing.races, timedOut, interrupted, cancelled, catalog, firing.latestGitHub,
                List.copyOf(firing.others.values()), setOff);
        if (interrupted) Thread.currentThread().interrupt();
        return v;
    }

    private Duration setOffGrace() {
        Duration d = pollEvery.multipliedBy(10);
        return d.compareTo(SET_OFF_GRACE_MAX) > 0 ? SET_OFF_GRACE_MAX : d;
    }

    /**
     * A run the test set off, judged: its environment as its file resolves it; it deployed production when its
     * chain deploys production (or the environment looks like it) and it did not end without executing
     * (skipped: its jobs' if: was false; cancelled before it ran).
     */
    static Verdict.SetOffRun setOffRun(Observation o, WorkflowCatalog catalog, RapidFirePlan plan, boolean chainProduction) {
        WorkflowSpec spec = catalog == null ? null : catalog.workflow(o.workflow).orElse(null);
        String env = null;
        if (spec != null && o.last != null) {
            Map<String, Object> contexts = RunDetails.contexts(spec, o.last, new RapidFirePlan(plan.workflows(), plan.count(), plan.gap(),
                    plan.ref(), Map.of(), false, plan.timeout(), false));
            env = RunDetails.environment(spec, contexts, null);
        }
        boolean production = chainProduction || (env != null && DispatchChain.PRODUCTION.matcher(env).find());
        boolean ranNothing = o.done() && (o.conclusion == Conclusion.SKIPPED || (o.conclusion == Conclusion.CANCELLED && !o.seenRunning));
        return new Verdict.SetOffRun(o.runId, o.runNumber, o.workflow, o.last == null ? null : o.last.event(), o.actor, env,
                production, production && !ranNothing, o.outcome(), o.createdAt, o.htmlUrl);
    }

    /** Runs of the chain's workflow_run followers on the test's commits, created after its first dispatch. */
    private void discoverSetOff(Snapshot s, Firing firing) {
        if (firing.chained.isEmpty()) return;
        Set<String> shas = new HashSet<>();
        for (Observation o : firing.runs) if (o.headSha != null) shas.add(o.headSha);
        for (Run r : s.runs()) {
            if (r.id() <= firing.highestBefore || !"workflow_run".equals(r.event()) || !firing.chained.containsKey(r.workflowFile())
                    || !shas.contains(r.headSha())) continue;
            if (firing.setOff.stream().anyMatch(o -> o.runId == r.id())) continue;
            Observation o = new Observation(0, r.workflowFile(), false, null);
            o.runId = r.id();
            firing.setOff.add(o);
            boolean prod = firing.chained.get(r.workflowFile());
            progress.accept(new Progress("set-off", 0, r.id(), r.runNumber(), r.workflowFile(), r.status().api(), clock.instant(),
                    "set off: run " + r.id() + " (" + r.workflowFile() + " #" + r.runNumber() + ", workflow_run)"
                            + (prod ? " PRODUCTION" : "")));
        }
    }

    /** Keeps observing while waiting between dispatches, so an early run's moves are not missed. */
    private void watchFor(Firing firing, Duration d) throws InterruptedException {
        Instant until = clock.instant().plus(d);
        while (true) {
            long left = Duration.between(clock.instant(), until).toMillis();
            if (left <= 0) return;
            sleeper.sleep(Duration.ofMillis(Math.min(left, pollEvery.toMillis())));
            if (clock.instant().isBefore(until)) pollOnce(firing);
        }
    }

    /** One observation: a poll of the watch engine, then every unfinished run's status and its group. */
    private void pollOnce(Firing firing) {
        Snapshot s = engine.pollOnce();
        SourceHealth gh = s.health().get("github");
        if (gh != null && !gh.healthy()) {
            if (!firing.sourceFailing) progress.accept(new Progress("source-error", 0, 0, 0, null, null, clock.instant(),
                    "GitHub is failing (" + gh.lastError() + "); still watching"));
            firing.sourceFailing = true;
            return;
        }
        if (firing.sourceFailing) progress.accept(new Progress("source-recovered", 0, 0, 0, null, null, clock.instant(), "GitHub answers again"));
        firing.sourceFailing = false;
        watchGroups(s, firing);
        discoverSetOff(s, firing);
        List<Observation> watched = new ArrayList<>(firing.runs);
        watched.addAll(firing.setOff);
        for (Observation o : watched) {
            if (o.done()) continue;
            try {
                Run r = s.run(o.runId).orElseGet(() -> github.run(o.runId));
                update(o, r);
                if (r.updatedAt() != null && (firing.latestGitHub == null || r.updatedAt().isAfter(firing.latestGitHub))) {
                    firing.latestGitHub = r.updatedAt();
                }
            } catch (GitHubException e) {
                // a run outside the engine's window that cannot be read now: try again next poll
            }
        }
    }

    /** Dispatches then observes: the whole test in one call (for callers that guard nothing around it). */
    public Verdict run(RapidFirePlan plan) throws InterruptedException {
        Firing f = new Firing(plan);
        fire(f);
        return observe(f);
    }

    /** Group membership straight from GitHub's listing: which group and job, who ran while a run waited, races. */
    private void watchGroups(Snapshot s, Firing firing) {
        List<Observation> obs = firing.runs;
        for (ConcurrencyGroup g : s.groups()) {
            if (g.members().isEmpty()) continue;
            List<Long> running = g.members().stream().filter(GroupMember::running).map(GroupMember::runId).toList();
            boolean ours = false;
            for (GroupMember m : g.members()) {
                for (Observation o : obs) {
                    if (o.runId != m.runId()) continue;
                    ours = true;
                    o.group = g.name();
                    if (m.jobId() != null) {
                        o.groupJobId = m.jobId();
                        o.groupJob = m.jobName();
                    }
                    if (m.status() == RunStatus.PENDING) {
                        o.seenPending = true;
                        for (long id : running) if (id != o.runId) o.waitedBehind.add(id);
                    }
                }
            }
            if (!ours) continue;
            for (GroupMember m : g.members()) {
                if (obs.stream().anyMatch(o -> o.runId == m.runId()) || firing.others.containsKey(m.runId())) continue;
                Run r = s.run(m.runId()).orElse(null);
                firing.others.put(m.runId(), new Verdict.OtherRun(m.runId(), r == null ? 0 : r.runNumber(),
                        r == null ? m.runName() : r.workflowFile(), r == null ? null : r.actor(), r == null ? null : r.event(), g.name()));
            }
            if (running.size() > 1) {
                String key = g.key() + " " + new java.util.TreeSet<>(running);
                if (firing.raceKeys.add(key)) firing.races.add(new Verdict.Race(g.name(), List.copyOf(running), s.takenAt()));
            }
        }
    }

    private void update(Observation o, Run r) {
        o.last = r;
        o.runNumber = r.runNumber();
        o.headSha = r.headSha();
        o.actor = r.actor();
        o.htmlUrl = r.htmlUrl();
        o.createdAt = r.createdAt();
        if (r.status() == o.status) return;
        o.status = r.status();
        o.conclusion = r.conclusion();
        Instant at = r.updatedAt() != null ? r.updatedAt() : r.createdAt();
        switch (r.status()) {
            case PENDING -> o.seenPending = true;
            case WAITING -> o.seenWaiting = true;
            case IN_PROGRESS -> {
                o.seenRunning = true;
                if (o.seenInProgressAt == null) o.seenInProgressAt = at;
            }
            case COMPLETED -> o.endedAt = at;
            default -> { }
        }
        String word = r.status() == RunStatus.COMPLETED && r.conclusion().api() != null ? r.conclusion().api() : r.status().api();
        o.transitions.add(new Observation.Transition(at, word));
        progress.accept(new Progress("status", o.index, o.runId, o.runNumber, o.workflow, word, at,
                dev.baton.model.Times.clock(at) + "  run " + o.runId + " (" + o.workflow + " #" + o.runNumber + "): " + word));
    }

    /** --cancel-after: the test's runs still pending, queued or waiting; never a running one. */
    private List<Long> cancelPending(List<Observation> obs) {
        List<Long> out = new ArrayList<>();
        for (Observation o : obs) {
            if (o.done() || !(o.status == RunStatus.PENDING || o.status == RunStatus.QUEUED
                    || o.status == RunStatus.WAITING || o.status == RunStatus.REQUESTED)) continue;
            if (!canceller.cancel(o.runId, o.workflow + " #" + o.runNumber)) continue;
            o.cancelledByUs = true;
            out.add(o.runId);
            progress.accept(new Progress("cancelled", o.index, o.runId, o.runNumber, o.workflow, "cancelled", clock.instant(),
                    "cancelled pending test run " + o.runId + " (" + o.workflow + " #" + o.runNumber + ")"));
            try {
                Run r = github.run(o.runId);
                update(o, r);
            } catch (GitHubException e) {
                // the cancel was accepted; its final state is only cosmetic here
            }
        }
        return out;
    }
}
