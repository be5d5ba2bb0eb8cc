package dev.baton.watch;

import dev.baton.github.GitHubException;
import dev.baton.github.GroupDetail;
import dev.baton.model.Conclusion;
import dev.baton.model.GroupMember;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.baton.watch.FindingsTest.PROD;
import static dev.baton.watch.FindingsTest.T0;
import static dev.baton.watch.FindingsTest.lock;
import static dev.baton.watch.FindingsTest.run;

/**
 * A real engine over a scripted GitHub, one lock source and a clock the script moves: deploy-prod.yml #1
 * runs and holds prod's lock while #2 waits; #3 arrives and evicts #2; #1 crashes and leaves its lock
 * behind. For the engine's tests and the screen's.
 */
public final class EvictionThenStaleLock implements AutoCloseable {
    /** A clock the script moves. */
    public static final class MovingClock extends Clock {
        volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** A GitHub with one group, deploy-production, whose runs and members the script sets before each poll. */
    static final class ScriptedGitHub extends WatchEngineThreadsTest.HangingGitHub {
        volatile List<Run> runs = List.of();
        volatile List<GroupMember> members = List.of();
        volatile boolean down;
        volatile Map<String, String> files = Map.of();

        @Override public Map<String, String> files(String folder, String... suffixes) { return files; }

        @Override
        public List<Run> recentRuns(int perPage) {
            if (down) throw new GitHubException(502, "502 Bad Gateway");
            return runs;
        }

        @Override
        public Optional<List<String>> activeGroupNames() {
            return Optional.of(members.isEmpty() ? List.of() : List.of("deploy-production"));
        }

        @Override
        public Optional<GroupDetail> group(String name) {
            return Optional.of(new GroupDetail(name, members));
        }
    }

    public final MovingClock clock = new MovingClock(T0);
    final ScriptedGitHub github = new ScriptedGitHub();
    volatile List<StateLock> locks = List.of();
    final LockSource s3 = new LockSource() {
        @Override public String name() { return "s3://state"; }
        @Override public List<StateLock> list() { return locks; }
    };
    public final WatchEngine engine = new WatchEngine(new RepoRef("acme", "deploy"), github,
            Topology.fixed(new Topology.Layout(List.of(PROD), List.of(s3), List.of())), List.of(),
            WatchSettings.defaults(), clock, null);

    static final Run FIRST = run(1, "deploy-prod.yml", RunStatus.IN_PROGRESS, Conclusion.NONE, T0, T0, T0.plusSeconds(30), "aaaaaaa");
    static final Run SECOND = run(2, "deploy-prod.yml", RunStatus.PENDING, Conclusion.NONE, T0.plusSeconds(10), null, T0.plusSeconds(10), "bbbbbbb");
    static final Run SECOND_CANCELLED = run(2, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.CANCELLED, T0.plusSeconds(10), null,
            T0.plusSeconds(41), "bbbbbbb");
    static final Run THIRD = run(3, "deploy-prod.yml", RunStatus.PENDING, Conclusion.NONE, T0.plusSeconds(40), null, T0.plusSeconds(40), "ccccccc");

    /** At T0+30s: #1 deploys and holds the lock, #2 waits in the group. */
    public Snapshot held() {
        clock.now = T0.plusSeconds(30);
        github.runs = List.of(SECOND, FIRST);
        github.members = List.of(new GroupMember(1, "Deploy", null, null, RunStatus.IN_PROGRESS, 0),
                new GroupMember(2, "Deploy", null, null, RunStatus.PENDING, 1));
        locks = List.of(lock("1111", T0.plusSeconds(5)));
        return engine.pollOnce();
    }

    /** 15 s later: #3 arrived and evicted #2. */
    public Snapshot evicted() {
        clock.advance(Duration.ofSeconds(15));
        github.runs = List.of(THIRD, SECOND_CANCELLED, FIRST);
        github.members = List.of(new GroupMember(1, "Deploy", null, null, RunStatus.IN_PROGRESS, 0),
                new GroupMember(3, "Deploy", null, null, RunStatus.PENDING, 1));
        return engine.pollOnce();
    }

    /** after: #1 failed 20 s ago and left its lock behind; #3 still waits. */
    public Snapshot crashed(Duration after) {
        clock.advance(after);
        Run crashed = run(1, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.FAILURE, T0, T0, clock.now.minusSeconds(20), "aaaaaaa");
        github.runs = List.of(THIRD, SECOND_CANCELLED, crashed);
        github.members = List.of(new GroupMember(3, "Deploy", null, null, RunStatus.PENDING, 1));
        return engine.pollOnce();
    }

    /** Another poll, after: nothing else changed. */
    public Snapshot later(Duration after) {
        clock.advance(after);
        return engine.pollOnce();
    }

    @Override
    public void close() {
        engine.close();
    }
}
