package dev.baton.tui;

import dev.baton.command.CommandRunner;
import dev.baton.command.Result;
import dev.baton.model.ApiMode;
import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.GroupSource;
import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.Stage;
import dev.baton.model.StateLock;
import dev.baton.watch.SnapshotFeed;
import org.jline.reader.Completer;
import org.jline.reader.impl.completer.StringsCompleter;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/** A fixed incident: production busy with one evicted run, a stale preprod lock, a malformed DynamoDB item, S3 failing. */
final class Fixtures {
    /** 2026-03-10T14:05:00Z, built without a date parser so the demo's start-up measures the screen, not the fixtures. */
    static final Instant T = Instant.ofEpochSecond(1773151500L);
    static final Clock CLOCK = Clock.fixed(T.plusSeconds(2), ZoneOffset.UTC);
    static final String PROD_LOCK = "s3://acme-tfstate/production/terraform.tfstate.tflock";
    static final String PROD_LOCK_ID = "9f1c2d3e-aaaa-bbbb-cccc-123456789abc";

    private Fixtures() {
    }

    static Instant at(String hms) {
        String[] p = hms.split(":");
        long secOfDay = Integer.parseInt(p[0]) * 3600L + Integer.parseInt(p[1]) * 60L + Integer.parseInt(p[2]);
        return T.minusSeconds(14 * 3600 + 5 * 60).plusSeconds(secOfDay);
    }

    static Run run(long id, long number, String wf, String actor, String sha, RunStatus st, Conclusion c, String created, String started, String updated) {
        return new Run(id, "Deploy", ".github/workflows/" + wf, number, 1, "push", actor, sha + "0123456789abcdef", "main",
                "Deploy " + number, st, c, at(created), started == null ? null : at(started), at(updated), "https://github.example/runs/" + id);
    }

    static List<Run> runs() {
        return List.of(
                run(1050, 50, "deploy.yml", "dave", "1111111", RunStatus.COMPLETED, Conclusion.SUCCESS, "13:40:00", "13:40:05", "13:50:00"),
                run(1057, 57, "deploy.yml", "alice", "aaaaaaa", RunStatus.COMPLETED, Conclusion.CANCELLED, "14:00:10", "14:00:10", "14:03:00"),
                run(1058, 58, "deploy.yml", "bob", "bbbbbbb", RunStatus.IN_PROGRESS, Conclusion.NONE, "13:59:30", "14:01:00", "14:04:00"),
                run(1059, 59, "deploy.yml", "carol", "ccccccc", RunStatus.PENDING, Conclusion.NONE, "14:03:00", "14:03:00", "14:03:00"),
                run(1061, 61, "deploy.yml", "erin", "ddddddd", RunStatus.IN_PROGRESS, Conclusion.NONE, "14:02:00", "14:02:05", "14:04:30"));
    }

    static List<Event> events() {
        return List.of(
                new Event(at("13:59:30"), Event.Kind.RUN_QUEUED, "deploy-production", null, 1058),
                new Event(at("14:00:10"), Event.Kind.RUN_PENDING, "deploy-production", "waiting for #58", 1057),
                new Event(at("14:01:00"), Event.Kind.RUN_STARTED, "deploy-production", null, 1058),
                new Event(at("14:01:10"), Event.Kind.LOCK_ACQUIRED, PROD_LOCK, "runner@fv-az1-1 Apply", 0),
                new Event(at("14:02:05"), Event.Kind.RUN_STARTED, "deploy-preprod", null, 1061),
                new Event(at("14:03:00"), Event.Kind.RUN_EVICTED, "deploy-production", "replaced by run 1059", 1057, 1059),
                new Event(at("14:03:00"), Event.Kind.RUN_PENDING, "deploy-production", null, 1059),
                new Event(at("14:03:01"), Event.Kind.SOURCE_ERROR, "s3://acme-tfstate", "503 Service Unavailable", 0));
    }

    static Snapshot snapshot() {
        List<ConcurrencyGroup> groups = List.of(
                new ConcurrencyGroup("deploy-production", List.of(
                        new GroupMember(1058, "Deploy", null, null, RunStatus.IN_PROGRESS, 0),
                        new GroupMember(1059, "Deploy", null, null, RunStatus.PENDING, 1)), at("14:01:00"), GroupSource.API, false, List.of("deploy.yml")),
                new ConcurrencyGroup("deploy-preprod", List.of(
                        new GroupMember(1061, "Deploy", null, null, RunStatus.IN_PROGRESS, 0)), at("14:02:05"), GroupSource.API, false, List.of("deploy.yml")),
                new ConcurrencyGroup("deploy-dev", List.of(), at("13:40:05"), GroupSource.WORKFLOW_FILES, false, List.of("deploy.yml")),
                new ConcurrencyGroup("migrate-${{ inputs.env }}", List.of(), null, GroupSource.WORKFLOW_FILES, true, List.of("migrate.yml")));
        List<StateLock> locks = List.of(
                new StateLock(new LockLocation(LockLocation.Kind.S3, "acme-tfstate", "production/terraform.tfstate.tflock", "production", null),
                        new LockInfo(PROD_LOCK_ID, "OperationTypeApply", "", "runner@fv-az1-1", "1.9.8",
                                "2026-03-10T14:01:10Z", at("14:01:10"), "production/terraform.tfstate"), "{}", "\"etag1\"", at("14:01:10"), null),
                new StateLock(new LockLocation(LockLocation.Kind.S3, "acme-tfstate", "preprod/terraform.tfstate.tflock", "preprod", null),
                        new LockInfo("0b7e3c11-1111-2222-3333-444455556666", "OperationTypeApply", "", "runner@fv-az9-9", "1.9.8",
                                "2026-03-10T12:00:00Z", at("12:00:00"), "preprod/terraform.tfstate"), "{}", "\"etag2\"", at("12:00:00"), null),
                new StateLock(new LockLocation(LockLocation.Kind.DYNAMODB, "tf-locks", "acme-tfstate/dev/terraform.tfstate", "dev", null),
                        null, "{not json", "{not json", at("13:00:00"), "Info is not JSON"));
        List<Stage> stages = List.of(
                new Stage("dev", 0, List.of("deploy-dev"), "1111111abcdef", 1050, at("13:50:00"), List.of()),
                new Stage("preprod", 1, List.of("deploy-preprod"), "9999999abcdef", 1049, at("13:30:00"), List.of(1061L)),
                new Stage("production", 2, List.of("deploy-production"), "8888888abcdef", 1048, at("12:30:00"), List.of(1058L)));
        List<Finding> findings = List.of(
                new Finding(Finding.Kind.EVICTED, Severity.WARNING, "deploy-production", "#57 (aaaaaaa) cancelled by #59: commit skipped",
                        List.of("run 1057 cancelled at 14:03:00 with zero jobs", "run 1059 took the pending slot"), at("14:03:00"), 1057, 1059),
                new Finding(Finding.Kind.STALE_LOCK, Severity.WARNING, "s3://acme-tfstate/preprod/terraform.tfstate.tflock",
                        "held 2h05m; no run of deploy-preprod alive since before it was taken", List.of("created 12:00:00"), at("14:04:00")),
                new Finding(Finding.Kind.LOCK_HELD, Severity.INFO, "s3://acme-tfstate/production/terraform.tfstate.tflock", "held by run #58 (deploy.yml)",
                        List.of("deploy.yml #58 (bbbbbbb) in progress since 14:01:00, running in deploy-production"), at("14:01:10"), 1058));
        Map<String, SourceHealth> health = Map.of(
                "github", new SourceHealth("github", T, null, null),
                "s3://acme-tfstate", new SourceHealth("s3://acme-tfstate", at("14:03:00"), "503 Service Unavailable", at("14:03:01")));
        return new Snapshot(T, new RepoRef("acme", "infra"), ApiMode.CONCURRENCY_API,
                new RateLimit(5000, 4211, 789, at("14:30:00"), "core"), runs(), groups, locks, stages, findings, health);
    }

    /** A feed holding one snapshot; push() plays the engine's thread. */
    static final class FakeFeed implements SnapshotFeed {
        volatile Snapshot latest;
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

        FakeFeed(Snapshot s, List<Event> events) {
            this.latest = s;
            this.events.addAll(events);
        }

        @Override
        public Snapshot latest() {
            return latest;
        }

        @Override
        public void subscribe(Consumer<Snapshot> listener) {
            listeners.add(listener);
        }

        @Override
        public List<Event> recentEvents(int max) {
            List<Event> all = new ArrayList<>(events);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }

        void push(Snapshot s) {
            latest = s;
            listeners.forEach(l -> l.accept(s));
        }
    }

    /** A command runner that records lines and answers from a function. */
    /**
     * The command runner at the port: lines for the screen's own commands (help, quit, theme, timeline) go to the
     * real command registry (with no repository), which calls back into the screen; every other line and every
     * key's typed request is recorded and answered by {@link #answer}.
     */
    static final class FakeRunner implements CommandRunner {
        private static final java.util.Set<String> SCREEN = java.util.Set.of("help", "quit", "exit", "q", "theme", "timeline");
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<dev.baton.command.Request> requests = new CopyOnWriteArrayList<>();
        final boolean readOnly;
        final dev.baton.command.Commands real;
        Function<String, Result> answer = line -> Result.ok("ran " + line, null);

        FakeRunner(boolean readOnly) {
            this.readOnly = readOnly;
            try {
                String home = java.nio.file.Files.createTempDirectory("baton-fake-runner").toString();
                var env = Map.of("XDG_STATE_HOME", home, "XDG_CONFIG_HOME", home, "XDG_CACHE_HOME", home);
                real = new dev.baton.command.Commands(new dev.baton.command.Baton(env, new dev.baton.command.BatonOptions(null, null, readOnly)),
                        new dev.baton.command.FrontendIo(false, true));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public Result run(String line) {
            lines.add(line);
            if (SCREEN.contains(line.strip().split("\\s+")[0])) return real.run(line);
            return answer.apply(line);
        }

        @Override
        public Result invoke(dev.baton.command.Request request) {
            requests.add(request);
            return answer.apply(String.join(" ", request.words()));
        }

        @Override
        public String help() {
            return real.help();
        }

        @Override
        public void controls(dev.baton.command.FrontendControls c) {
            real.controls(c);
        }

        @Override
        public Completer completer() {
            return new StringsCompleter("status", "groups", "runs", "run", "locks", "logs", "events", "watch", "doctor", "unlock", "cancel");
        }

        @Override
        public boolean readOnly() {
            return readOnly;
        }

        volatile java.util.function.Consumer<String> sink;

        @Override
        public void onStream(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        /** What a streaming command prints as it goes. */
        void stream(String line) {
            if (sink != null) sink.accept(line);
        }

        volatile java.util.function.LongConsumer marks;

        @Override
        public void onMark(java.util.function.LongConsumer sink) {
            this.marks = sink;
        }
    }
}
