package dev.baton.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A scripted story for the sandbox: repository variant, step durations, auto-approval, and timed events
 * (merges, dispatches, Dependabot merges, approvals, cancels, crashes, step failures, API faults), each
 * at a sim offset from the start. Built-in scenarios live in classpath sandbox/scenarios/NAME.yml;
 * docs/sandbox.md describes the format.
 */
public final class Scenario {
    private static final Logger LOG = LoggerFactory.getLogger(Scenario.class);
    static final List<String> KINDS = List.of("merge", "dependabot-merge", "dispatch", "approve", "cancel", "crash",
            "fail-step", "fault");

    /**
     * Activity that moves across a fleet: {@code active} repositories at a time, the set moving on every
     * {@code every} (sim time) to the next ones in listing order; each repository gets {@code merges}
     * merges 10 s apart when its turn comes. Wave k makes active the repositories (k * active + j) mod N,
     * j < active, so over N / active waves every repository has had a turn.
     */
    public record Fleet(int active, Duration every, int merges) {
        public Fleet {
            if (active < 1) throw new IllegalArgumentException("fleet: active must be at least 1");
            if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("fleet: every must be at least 1s");
            if (merges < 1) throw new IllegalArgumentException("fleet: merges must be at least 1");
        }

        /** Whether repository index i (of n) is active in wave k. */
        public boolean activeIn(long k, int i, int n) {
            if (active >= n) return true;
            return Math.floorMod(i - k * active, n) < active;
        }

        /** The first wave from k on in which repository i (of n) is active. */
        long nextWave(long k, int i, int n) {
            for (long w = k; ; w++) if (activeIn(w, i, n)) return w;
        }
    }

    /** One timed event: at (sim offset from start), kind, and its arguments. */
    public record Event(Duration at, String kind, Map<String, Object> args) {
    }

    private final String name;
    private final String description;
    private final Double speed;
    private final List<String> overlays;
    private final Map<String, Duration> durations;
    private final Duration autoApprove;
    private final List<Event> events;
    private final Fleet fleet;

    private Scenario(String name, String description, Double speed, List<String> overlays, Map<String, Duration> durations,
                     Duration autoApprove, List<Event> events, Fleet fleet) {
        this.fleet = fleet;
        this.name = name;
        this.description = description;
        this.speed = speed;
        this.overlays = List.copyOf(overlays);
        this.durations = Map.copyOf(durations);
        this.autoApprove = autoApprove;
        this.events = List.copyOf(events);
    }

    /** The built-in scenario names, in a sensible order for a menu. */
    public static List<String> names() {
        String index = RepoContent.text("sandbox/scenarios/index.txt");
        return index == null ? List.of() : index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** A built-in scenario. @throws IllegalArgumentException naming the known ones when unknown or malformed */
    public static Scenario load(String name) {
        if (name == null || !name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + String.join(", ", names()) + ")");
        String yaml = RepoContent.text("sandbox/scenarios/" + name + ".yml");
        if (yaml == null) throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + String.join(", ", names()) + ")");
        return parse(name, yaml);
    }

    /** Parses scenario YAML. @throws IllegalArgumentException with a one-line reason naming the scenario and event */
    public static Scenario parse(String name, String yaml) {
        Map<?, ?> root;
        try {
            Object o = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
            root = o instanceof Map<?, ?> m ? m : Map.of();
        } catch (IOException e) {
            throw new IllegalArgumentException("scenario " + name + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        String where = "scenario " + name;
        Double speed = root.get("speed") == null ? null : number(where + ": speed", root.get("speed"));
        List<String> overlays = new ArrayList<>();
        if (root.get("repo") instanceof Map<?, ?> repo && repo.get("overlays") instanceof List<?> l) l.forEach(o -> overlays.add(String.valueOf(o)));
        Map<String, Duration> durations = new LinkedHashMap<>();
        if (root.get("durations") instanceof Map<?, ?> d) d.forEach((k, v) -> durations.put(String.valueOf(k), duration(where + ": durations." + k, v)));
        Duration autoApprove = root.get("auto-approve") == null || Boolean.FALSE.equals(root.get("auto-approve"))
                ? null : duration(where + ": auto-approve", root.get("auto-approve"));
        List<Event> events = new ArrayList<>();
        Object ev = root.get("events");
        if (ev != null && !(ev instanceof List<?>)) throw new IllegalArgumentException(where + ": events must be a list");
        int n = 0;
        for (Object o : ev == null ? List.of() : (List<?>) ev) {
            n++;
            String at = where + " event " + n;
            if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException(at + ": expected a mapping with at: and one event");
            if (!m.containsKey("at")) throw new IllegalArgumentException(at + ": missing at:");
            Duration when = duration(at + ": at", m.get("at"));
            List<String> kinds = new ArrayList<>();
            for (Object k : m.keySet()) if (!"at".equals(k)) kinds.add(String.valueOf(k));
            if (kinds.size() != 1 || !KINDS.contains(kinds.get(0))) {
                throw new IllegalArgumentException(at + ": expected exactly one of " + String.join(", ", KINDS) + ", got " + kinds);
            }
            String kind = kinds.get(0);
            Object a = m.get(kind);
            Map<String, Object> args = new LinkedHashMap<>();
            if (a instanceof Map<?, ?> am) am.forEach((k, v) -> args.put(String.valueOf(k), v));
            else if (kind.equals("fault")) args.put("off", a == null || Boolean.FALSE.equals(a) || "off".equals(a));
            else if (a != null) throw new IllegalArgumentException(at + ": " + kind + " takes a mapping");
            validate(at, kind, args);
            events.add(new Event(when, kind, args));
        }
        events.sort(java.util.Comparator.comparing(Event::at));
        Fleet fleet = null;
        if (root.get("fleet") instanceof Map<?, ?> f) {
            try {
                fleet = new Fleet(f.get("active") == null ? 3 : (int) number(where + ": fleet.active", f.get("active")),
                        f.get("every") == null ? Duration.ofMinutes(2) : duration(where + ": fleet.every", f.get("every")),
                        f.get("merges") == null ? 1 : (int) number(where + ": fleet.merges", f.get("merges")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage());
            }
        } else if (root.get("fleet") != null) {
            throw new IllegalArgumentException(where + ": fleet must be a mapping (active, every, merges)");
        }
        return new Scenario(name, root.get("description") == null ? "" : String.valueOf(root.get("description")).strip(),
                speed, overlays, durations, autoApprove, events, fleet);
    }

    private static void validate(String at, String kind, Map<String, Object> args) {
        switch (kind) {
            case "dispatch" -> {
                if (args.get("workflow") == null) throw new IllegalArgumentException(at + ": dispatch needs workflow:");
            }
            case "crash", "fail-step" -> {
                if (args.get("after") != null) duration(at + ": after", args.get("after"));
            }
            case "fault" -> faults(at, args);
            default -> {
            }
        }
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The speed the story was written for (null: none suggested). */
    public Double speed() {
        return speed;
    }

    public List<Event> events() {
        return events;
    }

    /** The engine options this scenario asks for, on top of base (its overlays, durations and auto-approval are added). */
    public EngineOptions apply(EngineOptions base) {
        List<String> o = new ArrayList<>(base.overlays());
        o.addAll(overlays);
        Map<String, Duration> d = new LinkedHashMap<>(base.durations());
        d.putAll(durations);
        EngineOptions out = base.withOverlays(o).withDurations(d);
        return autoApprove == null ? out : out.withAutoApproveAfter(autoApprove);
    }

    /** The activity moving across a fleet, or null. */
    public Fleet fleet() {
        return fleet;
    }

    /**
     * A fleet's story: the events on the first (reference) repository's engine, and the moving activity,
     * if any, on every engine, each scheduling its own turns (engines, in listing order).
     */
    public void schedule(List<SimEngine> engines) {
        schedule(engines.get(0));
        if (fleet == null) return;
        for (int i = 0; i < engines.size(); i++) turn(engines.get(i), i, engines.size(), fleet.nextWave(0, i, engines.size()));
    }

    private static final List<String> FLEET_ACTORS = List.of("alice", "bob", "carol", "dana", "erin");

    /** Queues repository i's merges of wave k, then its next turn. */
    private void turn(SimEngine engine, int i, int n, long k) {
        Duration at = fleet.every().multipliedBy(k);
        for (int m = 0; m < fleet.merges(); m++) {
            int number = (int) (k * fleet.merges() + m + 1);
            String actor = FLEET_ACTORS.get(Math.floorMod(i + m, FLEET_ACTORS.size()));
            engine.atOffset(at.plusSeconds(5 + 10L * m), "scenario " + name + ": fleet merge", () -> {
                try {
                    engine.merge(actor, "Routine change " + number + " (#" + (1000 + number) + ")");
                } catch (RuntimeException e) {
                    LOG.warn("scenario {}: fleet merge failed: {}", name, e.getMessage());
                }
            });
        }
        long next = fleet.nextWave(k + 1, i, n);
        // the next turn is queued once this one has come: an engine holds one turn ahead, never the whole future
        engine.atOffset(at.plusMillis(1), "scenario " + name + ": fleet next turn", () -> turn(engine, i, n, next));
    }

    /** Queues every event on the engine at start + at. Failing events (e.g. a refused dispatch) are logged, not thrown. */
    public void schedule(SimEngine engine) {
        for (Event ev : events) {
            engine.atOffset(ev.at(), "scenario " + name + ": " + ev.kind(), () -> {
                try {
                    run(engine, ev);
                } catch (RuntimeException e) {
                    LOG.warn("scenario {}: {} at {} failed: {}", name, ev.kind(), ev.at(), e.getMessage());
                }
            });
        }
    }

    private static void run(SimEngine engine, Event ev) {
        Map<String, Object> a = ev.args();
        switch (ev.kind()) {
            case "merge" -> engine.merge(str(a, "actor", "sandbox-user"), str(a, "message", "Merge pull request"));
            case "dependabot-merge" -> engine.dependabotMerge(str(a, "message", null));
            case "dispatch" -> {
                Map<String, String> inputs = new LinkedHashMap<>();
                if (a.get("inputs") instanceof Map<?, ?> m) m.forEach((k, v) -> inputs.put(String.valueOf(k), String.valueOf(v)));
                engine.state().dispatch(str(a, "workflow", null), str(a, "ref", "main"), inputs, str(a, "actor", null));
            }
            case "approve" -> {
                if (!engine.approveOldestWaiting(str(a, "workflow", null))) LOG.info("scenario approve: no run waits for approval");
            }
            case "cancel" -> engine.cancelNewest(str(a, "workflow", null));
            case "crash" -> engine.crashDuringApply(str(a, "workflow", null),
                    a.get("after") == null ? Duration.ofSeconds(10) : duration("crash after", a.get("after")));
            case "fail-step" -> engine.failNextStep(str(a, "workflow", null), str(a, "step", null));
            case "fault" -> engine.state().setFaults(faults("fault", a).retryAfterAtSpeed(engine.speed()));
            default -> throw new IllegalStateException(ev.kind());
        }
    }

    /** fault: off | {latency, server-errors, status, rate-limit, retry-after, secondary, malformed-json}. */
    static FaultSettings faults(String where, Map<String, Object> a) {
        if (Boolean.TRUE.equals(a.get("off"))) return FaultSettings.NONE;
        for (String k : a.keySet()) {
            if (!List.of("latency", "server-errors", "status", "rate-limit", "retry-after", "secondary", "malformed-json", "off").contains(k)) {
                throw new IllegalArgumentException(where + ": unknown fault '" + k + "' (known: latency, server-errors, status, rate-limit, retry-after, secondary, malformed-json)");
            }
        }
        Duration latency = a.get("latency") == null ? Duration.ZERO : duration(where + ": latency", a.get("latency"));
        double errors = a.get("server-errors") == null ? 0 : rate(where + ": server-errors", a.get("server-errors"));
        int status = a.get("status") == null ? 502 : (int) number(where + ": status", a.get("status"));
        double limited = a.get("rate-limit") == null ? 0 : rate(where + ": rate-limit", a.get("rate-limit"));
        int retryAfter = a.get("retry-after") == null ? 60 : (int) Math.max(1, duration(where + ": retry-after", a.get("retry-after")).toSeconds());
        boolean secondary = Boolean.TRUE.equals(a.get("secondary")) || "true".equals(String.valueOf(a.get("secondary")));
        double malformed = a.get("malformed-json") == null ? 0 : rate(where + ": malformed-json", a.get("malformed-json"));
        if (status < 500 || status > 599) throw new IllegalArgumentException(where + ": status must be 5xx, got " + status);
        return new FaultSettings(latency, errors, status, limited, retryAfter, secondary, malformed);
    }

    /** "90s", "1m30s", "500ms" or a bare number of seconds. */
    static Duration duration(String where, Object v) {
        if (v instanceof Number n) return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        try {
            return TerraformText.goDuration(String.valueOf(v).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + v + "' is not a duration (e.g. 10s, 1m30s, 500ms)");
        }
    }

    private static double number(String where, Object v) {
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + v + "' is not a number");
        }
    }

    private static double rate(String where, Object v) {
        double r = number(where, v);
        if (r < 0 || r > 1) throw new IllegalArgumentException(where + ": must be between 0 and 1, got " + v);
        return r;
    }

    private static String str(Map<String, Object> a, String key, String dflt) {
        Object v = a.get(key);
        return v == null ? dflt : String.valueOf(v);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
