package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.GroupMember;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.render.EventRender;
import dev.baton.render.GroupRender;
import dev.baton.render.TimeRender;
import dev.baton.watch.WatchEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

@Command(name = "watch", description = "Stream events until a condition holds (idle, free, done:RUN)")
final class WatchCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "GROUP", description = "only these groups (default: all)")
    List<String> groups = new ArrayList<>();
    @Option(names = "--until", paramLabel = "idle|free|done:RUN",
            description = "stop when the groups are idle, idle with their locks free, or the run is done")
    String until;
    @Option(names = "--timeout", paramLabel = "D", converter = DurationOption.Positive.class, description = "give up after D (exit 1), e.g. 10m")
    DurationOption timeout;
    @Option(names = "--all", description = "every watched repository: each line names its repository; --until holds in all of them")
    boolean all;


    @Override
    protected Result execute() throws InterruptedException {
        Condition condition = Condition.parse(until);
        Duration limit = timeout == null ? null : timeout.value();
        if (all || baton.fleetMode()) return fleet(condition, limit);
        Map<String, String> lockEnvironments = new java.util.HashMap<>(); // lock -> environment, as this run's snapshots tell
        boolean announced = false;
        WatchEngine engine = baton.engine();
        Mailbox<Snapshot> queue = new Mailbox<>(4); // a client that stops reading holds 4 snapshots, not a day of them
        Consumer<Snapshot> listener = queue::put;
        engine.subscribe(listener);
        Set<Event> seen = new HashSet<>(engine.recentEvents(2000));
        Instant started = baton.wall().instant();
        List<Event> printed = new ArrayList<>();
        try {
            baton.startWatching();
            while (true) {
                long waitMs = waitMs(limit, started);
                Snapshot s = waitMs <= 0 ? null : queue.poll(waitMs);
                if (s != null) {
                    for (StateLock l : s.locks()) if (l.location().environment() != null) lockEnvironments.put(l.location().uri(), l.location().environment());
                    if (!announced) {
                        announced = true;
                        // a mistyped group would be idle at once: a script waiting on it must not proceed
                        Result unknown = Declared.checkGroups("watch", baton, s, groups);
                        if (unknown != null) return unknown;
                        if (json()) for (Object state : startingViews(s)) io.stream(Json.line(state));
                        else for (String line : startingState(s)) io.stream(line);
                    }
                    for (Event e : engine.recentEvents(2000)) {
                        if (!seen.add(e) || !relevant(s, e, lockEnvironments)) continue;
                        printed.add(e);
                        io.stream(json() ? Json.line(EventRender.view(e)) : EventRender.line(e));
                    }
                    if (condition != null && condition.holds(s, groups)) {
                        String msg = "watch: " + condition.describe() + " at " + TimeRender.utc(s.takenAt());
                        return Result.ok(msg, outcome(condition.describe(), true, printed.size()));
                    }
                }
                if (timedOut(limit, started)) {
                    String msg = "watch: timed out after " + timeout + (condition == null ? "" : " before " + condition.describe());
                    return new Result(Exit.CHECK_FAILED, msg, outcome(condition == null ? "" : condition.describe(), false, printed.size()));
                }
            }
        } finally {
            engine.unsubscribe(listener);
        }
    }

    /**
     * The watch over every repository of the fleet: each line starts with the repository's name (JSON lines carry
     * "repository"); --until idle or free holds once it holds in every repository that could be read. A repository
     * whose credential has no access is said once and left out of the condition; the exit is then 3.
     */
    private Result fleet(Condition condition, Duration limit) throws InterruptedException {
        if (condition != null && condition.kind().equals("done")) {
            return Result.error(Exit.USAGE, "watch: --until done:RUN names a run of one repository; drop --all or give --repo");
        }
        Fleet fleet = baton.fleet();
        fleet.awaitJudged(); // an org's repositories are watched once judged: the condition is over those that matter
        List<Fleet.Member> members = fleet.members();
        if (members.isEmpty()) return FleetScripts.none(baton);
        record Polled(Fleet.Member member, Snapshot snapshot) {
        }
        Mailbox<Polled> queue = new Mailbox<>(4 * Math.max(1, members.size()));
        Map<Fleet.Member, Consumer<Snapshot>> listeners = new LinkedHashMap<>();
        Map<Fleet.Member, Set<Event>> seen = new LinkedHashMap<>();
        Set<Fleet.Member> announced = new HashSet<>();
        Set<Fleet.Member> denied = new java.util.LinkedHashSet<>();
        List<String> deniedWhy = new ArrayList<>();
        Instant started = baton.wall().instant();
        int printed = 0;
        try {
            for (Fleet.Member m : members) {
                WatchEngine e = m.baton().engine();
                Consumer<Snapshot> l = s -> queue.put(new Polled(m, s));
                listeners.put(m, l);
                e.subscribe(l);
                seen.put(m, new HashSet<>(e.recentEvents(2000)));
            }
            for (Fleet.Member m : members) {
                String unread = fleet.unreadable(m); // an org's repository whose workflows could not be read: not polled
                if (unread == null) continue;
                announced.add(m);
                denied.add(m);
                deniedWhy.add(m.label() + ": " + unread);
                Fleet.Look look = new Fleet.Look(m, null, unread, false);
                io.stream(json() ? Json.line(FleetScripts.unreadable(look)) : m.label() + "  ! " + Text.visible(unread));
            }
            fleet.startWatching();
            if (condition != null && announced.size() == members.size()) { // none can be polled: nothing to wait for
                String msg = "watch: " + condition.describe() + " in 0 repositories (none could be read)";
                return Result.partial(msg, outcome(condition.describe(), true, printed), String.join("; ", deniedWhy));
            }
            while (true) {
                long waitMs = waitMs(limit, started);
                Polled p = waitMs <= 0 ? null : queue.poll(waitMs);
                if (p != null) {
                    Fleet.Member m = p.member();
                    Snapshot s = p.snapshot();
                    String label = m.label();
                    if (announced.add(m)) {
                        Fleet.Look look = fleet.latest(m);
                        if (look.denied()) {
                            denied.add(m);
                            deniedWhy.add(label + ": " + look.error());
                            io.stream(json() ? Json.line(FleetScripts.unreadable(look))
                                    : label + "  ! " + Text.visible(look.error()));
                        } else if (json()) {
                            for (Object state : startingViews(s)) io.stream(Json.line(FleetScripts.named(m, state)));
                        } else {
                            for (String line : startingState(s)) io.stream(label + "  " + line);
                        }
                    }
                    for (Event e : m.baton().engine().recentEvents(2000)) {
                        if (!seen.get(m).add(e) || !relevant(s, e, Map.of())) continue;
                        printed++;
                        io.stream(json() ? Json.line(FleetScripts.named(m, EventRender.view(e))) : label + "  " + EventRender.line(e));
                    }
                    if (condition != null && announced.size() == members.size() && holdsEverywhere(members, denied, condition)) {
                        String msg = "watch: " + condition.describe() + " in " + (members.size() - denied.size()) + " repositories at "
                                + TimeRender.utc(s.takenAt());
                        Map<String, Object> out = outcome(condition.describe(), true, printed);
                        return denied.isEmpty() ? Result.ok(msg, out) : Result.partial(msg, out, String.join("; ", deniedWhy));
                    }
                }
                if (timedOut(limit, started)) {
                    String msg = "watch: timed out after " + timeout + (condition == null ? "" : " before " + condition.describe());
                    return new Result(Exit.CHECK_FAILED, msg, outcome(condition == null ? "" : condition.describe(), false, printed));
                }
            }
        } finally {
            listeners.forEach((m, l) -> m.baton().engine().unsubscribe(l));
        }
    }

    /**
     * How long to wait for the next snapshot: a second, or what is left of the --timeout. The timeout is kept on
     * baton's wall time: this machine's, or a test's manual clock, which the engine's polls move (it never hangs).
     */
    private long waitMs(Duration limit, Instant started) {
        return limit == null ? 1000 : Math.min(1000, limit.toMillis() - Duration.between(started, baton.wall().instant()).toMillis());
    }

    private boolean timedOut(Duration limit, Instant started) {
        return limit != null && Duration.between(started, baton.wall().instant()).compareTo(limit) >= 0;
    }

    private boolean holdsEverywhere(List<Fleet.Member> members, Set<Fleet.Member> denied, Condition condition) {
        for (Fleet.Member m : members) {
            if (denied.contains(m)) continue;
            if (!condition.holds(m.baton().engine().latest(), groups)) return false;
        }
        return true;
    }

    private boolean relevant(Snapshot s, Event e, Map<String, String> lockEnvironments) {
        if (groups.isEmpty() || e.kind() == Event.Kind.SOURCE_ERROR || e.kind() == Event.Kind.SOURCE_RECOVERED) return true;
        if (e.kind() == Event.Kind.NOTE) return true; // an operator's note is about the incident, whatever groups are watched
        for (ConcurrencyGroup g : s.groups()) {
            if (!StatusCommand.matches(g, groups)) continue;
            if (ConcurrencyGroup.key(e.subject()).equals(g.key())) return true;
            if (e.runId() != 0) {
                for (GroupMember m : g.members()) if (m.runId() == e.runId()) return true;
                Run r = s.run(e.runId()).orElse(null);
                if (r != null && g.workflows().contains(r.workflowFile())) return true;
            }
        }
        if (e.runId() != 0 || !e.kind().name().startsWith("LOCK")) return false;
        // a lock event matters when its environment is deployed by one of the watched groups
        String env = lockEnvironments.get(e.subject());
        return env != null && s.stages().stream().anyMatch(st -> st.name().equals(env)
                && st.groups().stream().anyMatch(g -> groups.stream().anyMatch(n -> n.equalsIgnoreCase(g))));
    }

    /** The groups the watch starts with: each watched one but patterns. */
    private List<ConcurrencyGroup> watched(Snapshot s) {
        return s.groups().stream().filter(g -> StatusCommand.matches(g, groups) && !g.pattern()).toList();
    }

    /** Where things stand when the watch starts: each watched group's members, or that it is idle. */
    private List<String> startingState(Snapshot s) {
        List<String> out = new ArrayList<>();
        for (ConcurrencyGroup g : watched(s)) out.addAll(GroupRender.nowLines(s, g));
        return out;
    }

    /** The same, as JSON lines: {"state": GroupView, "at": the snapshot's time}, one per watched group. */
    private List<Object> startingViews(Snapshot s) {
        List<Object> out = new ArrayList<>();
        for (ConcurrencyGroup g : watched(s)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", GroupRender.view(s, g));
            m.put("at", s.takenAt());
            out.add(m);
        }
        return out;
    }

    /** What --until waits for. */
    record Condition(String kind, long runId) {
        static Condition parse(String text) {
            if (text == null) return null;
            String t = text.trim().toLowerCase();
            if (t.equals("idle") || t.equals("free")) return new Condition(t, 0);
            if (t.startsWith("done:")) {
                try {
                    return new Condition("done", Long.parseLong(t.substring(5)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--until done:RUN needs a run id, got '" + text + "'");
                }
            }
            throw new IllegalArgumentException("--until takes idle, free or done:RUN, not '" + text + "'");
        }

        String describe() {
            return kind.equals("done") ? "run " + runId + " done" : kind;
        }

        boolean holds(Snapshot s, List<String> names) {
            if (kind.equals("done")) return s.run(runId).map(r -> r.status() == RunStatus.COMPLETED).orElse(false);
            var health = s.health().get("github");
            if (health != null && !health.healthy()) return false; // stale data proves nothing
            List<ConcurrencyGroup> chosen = s.groups().stream().filter(g -> StatusCommand.matches(g, names)).toList();
            boolean idle = chosen.stream().allMatch(ConcurrencyGroup::idle);
            if (!idle || kind.equals("idle")) return idle;
            if (!s.unreadLockSources().isEmpty()) return false; // locks nobody could read are not free locks
            Set<String> envs = new HashSet<>();
            for (var st : s.stages()) {
                if (names.isEmpty() || st.groups().stream().anyMatch(g -> names.stream().anyMatch(n -> n.equalsIgnoreCase(g)))) envs.add(st.name());
            }
            for (StateLock l : s.locks()) {
                if (names.isEmpty() || l.location().environment() != null && envs.contains(l.location().environment())) return false;
            }
            return true;
        }
    }

    /** The result's JSON, {condition, met, events}: keys in this order at every run (Map.of's order is not stable). */
    private static Map<String, Object> outcome(String condition, boolean met, int events) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("condition", condition);
        m.put("met", met);
        m.put("events", events);
        return m;
    }

    static Map<String, Object> summary(List<Event> events) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        return m;
    }
}
