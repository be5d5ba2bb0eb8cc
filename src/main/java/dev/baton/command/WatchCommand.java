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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

@Command(name = "watch", description = "Stream events until a condition holds (idle, free, done:RUN)")
final class WatchCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "GROUP", description = "only these groups (default: all)")
    List<String> groups = new ArrayList<>();
    @Option(names = "--until", paramLabel = "idle|free|done:RUN",
            description = "stop when the groups are idle, idle with their locks free, or the run is done")
    String until;
    @Option(names = "--timeout", paramLabel = "D", description = "give up after D (exit 1), e.g. 10m")
    String timeout;

    private final Map<String, String> lockEnvironments = new java.util.HashMap<>();
    private boolean announced;

    @Override
    protected Result execute() throws InterruptedException {
        Condition condition = Condition.parse(until);
        Duration limit = timeout == null ? null : Config.positive(timeout, null, "--timeout");
        WatchEngine engine = baton.engine();
        LinkedBlockingQueue<Snapshot> queue = new LinkedBlockingQueue<>();
        Consumer<Snapshot> listener = queue::offer;
        engine.subscribe(listener);
        Set<Event> seen = new HashSet<>(engine.recentEvents(2000));
        Instant started = Instant.now();
        List<Event> printed = new ArrayList<>();
        try {
            baton.startWatching();
            while (true) {
                long waitMs = limit == null ? 1000 : Math.min(1000, limit.toMillis() - Duration.between(started, Instant.now()).toMillis());
                Snapshot s = waitMs <= 0 ? null : queue.poll(waitMs, TimeUnit.MILLISECONDS);
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
                        if (!seen.add(e) || !relevant(s, e)) continue;
                        printed.add(e);
                        io.stream(json() ? Json.line(EventRender.view(e)) : EventRender.line(e));
                    }
                    if (condition != null && condition.holds(s, groups)) {
                        String msg = "watch: " + condition.describe() + " at " + TimeRender.utc(s.takenAt());
                        return Result.ok(msg, outcome(condition.describe(), true, printed.size()));
                    }
                }
                if (limit != null && Duration.between(started, Instant.now()).compareTo(limit) >= 0) {
                    String msg = "watch: timed out after " + timeout + (condition == null ? "" : " before " + condition.describe());
                    return new Result(Exit.CHECK_FAILED, msg, outcome(condition == null ? "" : condition.describe(), false, printed.size()));
                }
            }
        } finally {
            engine.unsubscribe(listener);
        }
    }

    private boolean relevant(Snapshot s, Event e) {
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
