package dev.baton.probe;

import dev.baton.github.WorkflowCatalog;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Overlaps;
import dev.baton.model.Times;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.QueueMode;
import dev.baton.workflow.WorkflowSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rapid-fire verdict: per group the most members in progress at once (must be 1), every overlap with
 * both runs and its window, races GitHub's group listing showed, evicted runs and who replaced them, the
 * order of starts against the order of dispatch, how long and behind whom each run waited, and the lock
 * contention its logs show, and the runs the test set off (workflow_run followers of its runs). Times are
 * GitHub's (UTC). It passes when every run was in a concurrency group, no two members of a group executed at
 * once, every run ended before the timeout, and no run it set off deployed production.
 */
public record Verdict(boolean pass, String summary, boolean timedOut, boolean interrupted, boolean startsInOrder,
                      List<GroupResult> groups, List<Overlap> overlaps, List<Race> races, List<Eviction> evictions,
                      List<RunResult> runs, List<OtherRun> others, List<SetOffRun> setOff, List<Long> cancelled, List<String> notes,
                      Instant from, Instant to) {

    /** level: workflow, job, or none (no concurrency group); queue: single, max, or null when unknown. */
    public record GroupResult(String group, String level, String queue, List<Long> runIds, int maxInProgress, int evicted,
                              boolean startsInOrder, List<String> environments, List<String> actors) {
    }

    /** Two runs of one group executing at once, from..to. */
    public record Overlap(String group, long runA, long runB, Instant from, Instant to) {
    }

    /** GitHub's own group listing showed these members in_progress together (seenAt: this machine's clock). */
    public record Race(String group, List<Long> runIds, Instant seenAt) {
    }

    /** replacedBy: the newer test run that took the pending place (null: a run outside the test, or a person). */
    public record Eviction(String group, long runId, long runNumber, String headSha, Long replacedBy, boolean waitingForApproval,
                           String note) {
    }

    /**
     * outcome: success, failure, cancelled (by --cancel-after), evicted, ..., or the last status when the test
     * ended first. waitedSeconds: created to started. waitedBehind: runs in progress in its group while it was
     * pending there. job: the member job of a job-level group.
     */
    public record RunResult(int index, long runId, long runNumber, String workflow, String group, String job, String environment,
                            String actor, String headSha, String outcome, Instant createdAt, Instant startedAt, Instant endedAt,
                            Long waitedSeconds, boolean waitedForApproval, List<Long> waitedBehind,
                            List<Observation.Transition> transitions, List<String> lockLines, String htmlUrl) {
        /** When its status last changed, null when never seen to: an evicted or cancelled run's end. */
        public Instant lastTransitionAt() {
            return transitions.isEmpty() ? null : transitions.get(transitions.size() - 1).at();
        }
    }

    /** A run outside this test that GitHub listed in a group together with one of its runs. */
    public record OtherRun(long runId, long runNumber, String workflow, String actor, String event, String group) {
    }

    /**
     * A run the test's runs set off (on: workflow_run, same commit). production: its chain deploys production;
     * deployed: production and it did not end without executing (skipped, or cancelled before it ran) - a run
     * still waiting or pending when the test ended counts: it is on its way.
     */
    public record SetOffRun(long runId, long runNumber, String workflow, String event, String actor, String environment,
                            boolean production, boolean deployed, String outcome, Instant createdAt, String htmlUrl) {
        String label() {
            return workflow + " #" + runNumber;
        }
    }

    static final String DEPENDABOT = "dependabot[bot]";
    private static final String NO_GROUP = "(no group) ";

    static Verdict judge(RapidFirePlan plan, List<Observation> obs, List<Race> races, boolean timedOut, boolean interrupted,
                         List<Long> cancelled, WorkflowCatalog catalog, Instant latestSeen, List<OtherRun> others) {
        return judge(plan, obs, races, timedOut, interrupted, cancelled, catalog, latestSeen, others, List.of());
    }

    static Verdict judge(RapidFirePlan plan, List<Observation> obs, List<Race> races, boolean timedOut, boolean interrupted,
                         List<Long> cancelled, WorkflowCatalog catalog, Instant latestSeen, List<OtherRun> others,
                         List<SetOffRun> setOff) {
        Instant from = obs.stream().map(o -> o.createdAt).filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null);
        Instant to = latestSeen != null ? latestSeen : from;
        Map<Long, Observation> byId = new LinkedHashMap<>();
        obs.forEach(o -> byId.put(o.runId, o));

        Map<String, List<Observation>> byGroup = new LinkedHashMap<>();
        for (Observation o : obs) byGroup.computeIfAbsent(groupKey(o), k -> new ArrayList<>()).add(o);

        List<Overlap> overlaps = new ArrayList<>();
        List<GroupResult> groups = new ArrayList<>();
        List<Eviction> evictions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean allGrouped = true;
        boolean allInOrder = true;
        for (List<Observation> members : byGroup.values()) {
            Observation first = members.get(0);
            String name = groupOf(first);
            QueueMode queue = queueOf(first, catalog);
            List<Observation> ran = members.stream().filter(o -> o.startedAt != null).toList();
            // the one overlap rule (the timeline draws the same): a run still going is open until the data's time
            List<Overlaps.Span> spans = ran.stream().map(o -> new Overlaps.Span(o.startedAt, o.endedAt)).toList();
            for (Overlaps.Overlap o : Overlaps.of(spans, to)) {
                overlaps.add(new Overlap(name, ran.get(o.a()).runId, ran.get(o.b()).runId, o.from(), o.to()));
            }
            int evicted = 0;
            for (Observation o : members) {
                if (!o.evicted()) continue;
                evicted++;
                Observation by = members.stream().filter(x -> x.index > o.index).min(Comparator.comparingInt(x -> x.index)).orElse(null);
                evictions.add(new Eviction(name, o.runId, o.runNumber, o.headSha, by == null ? null : by.runId, o.seenWaiting,
                        evictionNote(o, by, name, queue)));
            }
            List<Observation> started = ran.stream()
                    .sorted(Comparator.comparing((Observation o) -> o.startedAt).thenComparingInt(o -> o.index)).toList();
            boolean inOrder = true;
            for (int i = 1; i < started.size(); i++) if (started.get(i).index < started.get(i - 1).index) inOrder = false;
            allInOrder &= inOrder;
            Set<String> envs = new LinkedHashSet<>();
            Set<String> actors = new LinkedHashSet<>();
            for (Observation o : members) {
                if (o.environment != null) envs.add(o.environment);
                if (o.actor != null) actors.add(o.actor);
            }
            String level = first.group == null ? "none" : first.groupJob != null ? "job" : "workflow";
            groups.add(new GroupResult(name, level, queue == null ? null : queue.name().toLowerCase(Locale.ROOT),
                    members.stream().map(o -> o.runId).toList(), maxConcurrent(ran, to), evicted, inOrder,
                    List.copyOf(envs), List.copyOf(actors)));
            if (first.group == null) {
                allGrouped = false;
                notes.add(first.workflow + " has no concurrency group: nothing serializes its runs"
                        + " (at most a Terraform state lock serializes their applies)");
            }
            if (!inOrder) {
                notes.add("in " + name + ", runs started in a different order than they were dispatched: "
                        + String.join(", ", started.stream().map(Observation::label).toList())
                        + (queue == QueueMode.MAX ? " (GitHub does not guarantee the order of queue: max)" : ""));
            }
        }

        // a run waiting for its reviewer already sits in its group: under queue: single any newer arrival evicts it
        Map<String, List<Observation>> reviewed = new LinkedHashMap<>();
        for (Observation o : obs) {
            if (o.seenWaiting && !o.evicted() && !o.cancelledByUs && o.group != null && queueOf(o, catalog) != QueueMode.MAX) {
                reviewed.computeIfAbsent(o.group, k -> new ArrayList<>()).add(o);
            }
        }
        reviewed.forEach((group, waited) -> {
            Set<String> envs = new LinkedHashSet<>();
            waited.forEach(o -> { if (o.environment != null) envs.add(o.environment); });
            notes.add(String.join(", ", waited.stream().map(o -> o.label() + " (" + o.actor + ")").toList())
                    + (waited.size() == 1 ? " waited for its reviewer" : " waited for their reviewers")
                    + (envs.isEmpty() ? "" : " (environment " + String.join(", ", envs) + ")")
                    + " inside " + group + ": concurrency applies before approval, so a newer run arriving then would have evicted "
                    + (waited.size() == 1 ? "it" : "them") + " (queue: single)");
        });
        boolean planRealised = true;
        if (plan.asDependabot() && !obs.isEmpty() && !DEPENDABOT.equals(obs.get(0).actor)) {
            planRealised = false;
            notes.add("run " + obs.get(0).runId + " was dispatched with BATON_DEPENDABOT_TOKEN, but GitHub records its actor as "
                    + obs.get(0).actor + ", not " + DEPENDABOT + ": this was not a Dependabot deploy");
        }
        if (timedOut) {
            notes.add("timed out after " + plan.timeout().toSeconds() + " s with runs still going ("
                    + String.join(", ", obs.stream().filter(o -> !o.done() && !o.cancelledByUs).map(o -> o.label() + " " + o.status.api()).toList())
                    + "): the verdict is incomplete");
        }
        if (interrupted) notes.add("interrupted before every run ended: the verdict is incomplete");
        for (Observation o : obs) {
            if (o.lockLines.stream().anyMatch(l -> l.contains("Error acquiring the state lock"))) {
                notes.add("run " + o.runId + " (" + o.label() + ") failed to acquire the Terraform state lock");
            } else if (o.lockLines.stream().anyMatch(l -> l.contains("Acquiring state lock"))) {
                notes.add("run " + o.runId + " (" + o.label() + ") had to wait for the Terraform state lock: another apply held it");
            }
        }

        List<RunResult> runs = new ArrayList<>();
        for (Observation o : obs) {
            Long waited = o.startedAt == null || o.createdAt == null ? null : Duration.between(o.createdAt, o.startedAt).toSeconds();
            runs.add(new RunResult(o.index, o.runId, o.runNumber, o.workflow, o.group, o.groupJob, o.environment, o.actor, o.headSha,
                    o.outcome(), o.createdAt, o.startedAt, o.startedAt == null ? null : o.endedAt, waited, o.seenWaiting,
                    List.copyOf(o.waitedBehind), List.copyOf(o.transitions), List.copyOf(o.lockLines), o.htmlUrl));
        }
        List<SetOffRun> deployed = setOff.stream().filter(SetOffRun::deployed).toList();
        if (!deployed.isEmpty()) {
            notes.add(String.join(", ", deployed.stream().map(r -> "run " + r.runId() + " (" + r.label() + ", " + r.outcome()
                    + (r.environment() == null ? "" : " -> " + r.environment()) + ")").toList())
                    + (deployed.size() == 1 ? " is a production deploy" : " are production deploys")
                    + " the test's runs set off (workflow_run): a test of " + String.join(",", new LinkedHashSet<>(plan.workflows()))
                    + " on " + plan.ref() + " deploys production too");
        }
        boolean pass = overlaps.isEmpty() && races.isEmpty() && !timedOut && !interrupted && allGrouped && planRealised && deployed.isEmpty();
        String summary = deployed.isEmpty() || !overlaps.isEmpty() || !races.isEmpty()
                ? summary(pass, overlaps, races, timedOut, interrupted, allGrouped, planRealised, groups, obs)
                : "FAIL - set off production deploys outside the dispatched workflows: "
                + String.join(", ", deployed.stream().map(SetOffRun::label).toList());
        return new Verdict(pass, summary, timedOut, interrupted, allInOrder, groups, overlaps, List.copyOf(races), evictions,
                runs, List.copyOf(others), List.copyOf(setOff), List.copyOf(cancelled), notes, from, to);
    }

    private static String summary(boolean pass, List<Overlap> overlaps, List<Race> races, boolean timedOut, boolean interrupted,
                                  boolean allGrouped, boolean planRealised, List<GroupResult> groups, List<Observation> obs) {
        if (!overlaps.isEmpty() || !races.isEmpty()) {
            Set<String> where = new LinkedHashSet<>();
            overlaps.forEach(o -> where.add(o.group()));
            races.forEach(r -> where.add(r.group()));
            return "FAIL - runs executed at once in " + String.join(", ", where);
        }
        if (!allGrouped) return "FAIL - " + String.join(", ", groups.stream().filter(g -> g.level().equals("none"))
                .map(g -> g.group().substring(NO_GROUP.length())).toList()) + " has no concurrency group";
        if (!planRealised) return "FAIL - run 1 was not Dependabot's";
        if (timedOut) return "INCOMPLETE - timed out with runs still going; no overlap so far";
        if (interrupted) return "INCOMPLETE - interrupted; no overlap so far";
        int evicted = groups.stream().mapToInt(GroupResult::evicted).sum();
        String counts = " (" + runs(obs.size()) + (evicted > 0 ? ", " + evicted + " evicted" : "") + ")";
        if (pass && groups.size() == 1) return "PASS - " + groups.get(0).group() + " ran one run at a time" + counts;
        return "PASS - every group ran one run at a time" + counts;
    }

    private static String evictionNote(Observation o, Observation by, String group, QueueMode queue) {
        String newer = by == null ? "a newer run" : "the newer " + by.label();
        // rapid fire usually dispatches one commit; a skipped commit matters only when the newer run's differs
        String commit = by == null || o.headSha == null || o.headSha.equals(by.headSha) ? "" : "; commit " + Times.shortSha(o.headSha) + " was skipped";
        if (o.seenWaiting) {
            return "it was waiting for its reviewer" + (o.environment == null ? "" : " (environment " + o.environment + ")")
                    + ": concurrency applies before approval, so it was a pending member of " + group + " and " + newer
                    + " evicted it" + commit;
        }
        if (queue == QueueMode.MAX) return "evicted although " + group + " uses queue: max (its 100 pending places were full?)";
        return "queue: single keeps one pending run per group, so " + newer + " took its place" + commit
                + "; if every deploy must run, use queue: max";
    }

    /** The queue mode the workflow file declares for the run's group (null when it has none or the file is unknown). */
    static QueueMode queueOf(Observation o, WorkflowCatalog catalog) {
        if (o.group == null || catalog == null) return null;
        WorkflowSpec spec = catalog.workflow(o.workflow).orElse(null);
        if (spec == null) return null;
        ConcurrencySpec c = spec.concurrency();
        if (o.groupJob != null || c == null) {
            for (JobSpec j : spec.jobs()) if (j.concurrency() != null) return j.concurrency().queue();
        }
        return c == null ? null : c.queue();
    }

    static String groupKey(Observation o) {
        return o.group != null ? ConcurrencyGroup.key(o.group) : NO_GROUP + o.workflow;
    }

    static String groupOf(Observation o) {
        return o.group != null ? o.group : NO_GROUP + o.workflow;
    }

    private static Instant end(Observation o, Instant to) {
        return o.endedAt != null ? o.endedAt : to != null && to.isAfter(o.startedAt) ? to : o.startedAt.plusSeconds(1);
    }

    static int maxConcurrent(List<Observation> ran, Instant to) {
        int max = 0;
        for (Observation p : ran) {
            int n = 0;
            for (Observation q : ran) if (!q.startedAt.isAfter(p.startedAt) && end(q, to).isAfter(p.startedAt)) n++;
            max = Math.max(max, n);
        }
        return max;
    }

    // ---- rendering: in VerdictText ----------------------------------------------------------------

    /** The verdict as rapid-fire's text prints it (UTC, GitHub's times). */
    public String text() {
        return VerdictText.text(this);
    }

    /** Markdown for an incident ticket: the verdict, the groups, the table of runs, the notes and the timeline (its chart lines, drawn by the caller). */
    public String markdown(List<String> timeline) {
        return VerdictText.markdown(this, timeline);
    }

    static String runs(int n) {
        return n + (n == 1 ? " run" : " runs");
    }

}
