package dev.baton.render;

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
import dev.baton.model.StateLock;
import dev.baton.watch.LockVerdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The words each renderer owns, where the old copies disagreed (issue 11): one wording per noun. */
class RenderTest {
    static final Instant T = Instant.parse("2026-03-10T14:05:00Z");
    static final StateLock LOCK = new StateLock(new LockLocation(LockLocation.Kind.S3, "state", "prod/terraform.tfstate.tflock", null, null),
            new LockInfo("9f1c2d3e-aaaa", "OperationTypeApply", "", "runner@fv-az1", "1.9.8", T.toString(), T, "state/prod/terraform.tfstate"),
            "{}", "\"etag\"", T, null);

    static Run run(long id, long number, RunStatus st) {
        return new Run(id, "Deploy", ".github/workflows/deploy.yml", number, 1, "push", "bob", "bbbbbbb0123", "main", "t",
                st, Conclusion.NONE, T.minusSeconds(120), T.minusSeconds(90), T.minusSeconds(60), null);
    }

    static Snapshot snap(List<Run> runs, List<ConcurrencyGroup> groups, List<Finding> findings, Map<String, SourceHealth> health) {
        return new Snapshot(T, new RepoRef("acme", "infra"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN, runs, groups, List.of(LOCK),
                List.of(), findings, health);
    }

    @Test
    void anEmptyLockListSaysWhetherItIsHeldUnreadOrNeverLookedFor() {
        SourceHealth github = new SourceHealth("github", T, null, null);
        SourceHealth s3 = new SourceHealth("s3://b", T, null, null);
        SourceHealth s3Down = new SourceHealth("s3://b", T.minusSeconds(60), "503", T);
        assertThat(LockRender.none(snap(List.of(), List.of(), List.of(), Map.of("github", github, "s3://b", s3)))).isEqualTo("no locks held");
        assertThat(LockRender.none(snap(List.of(), List.of(), List.of(), Map.of("github", github, "s3://b", s3Down)))).isEqualTo("no locks read");
        assertThat(LockRender.none(snap(List.of(), List.of(), List.of(), Map.of("github", github))))
                .as("no store known: nothing was looked at").isEqualTo("no lock location known");
    }

    @Test
    void aHeldLockNamesItsRunAsTheScreenDoesAndTheJsonCarriesItsId() {
        Finding held = new Finding(Finding.Kind.LOCK_HELD, Severity.INFO, LOCK.location().uri(), "held by run #58 (deploy.yml)", List.of(), T, 1058);
        Snapshot s = snap(List.of(run(1058, 58, RunStatus.IN_PROGRESS)), List.of(), List.of(held), Map.of());
        assertThat(LockRender.verdict(s, LOCK)).isEqualTo(Cell.of("held by #58", "lock.held"));
        LockRender.LockView v = LockRender.view(s, LOCK);
        assertThat(v.verdict()).isEqualTo(LockVerdict.State.HELD);
        assertThat(v.runId()).isEqualTo(1058L);
        LockRender.LockRow row = LockRender.row(s, LOCK, T.plusSeconds(65));
        assertThat(List.of(row.env().text(), row.operation().text(), row.age().text(), row.id().text())).containsExactly("-", "Apply", "1m05s", "9f1c2d3e");
    }

    @Test
    void withoutGitHubTheVerdictIsUnknownNeverNoLiveRun() {
        SourceHealth down = new SourceHealth("github", T.minusSeconds(300), "503 Service Unavailable", T.minusSeconds(60));
        Snapshot unread = snap(List.of(), List.of(), List.of(), Map.of("github", down));
        assertThat(LockRender.verdict(unread, LOCK).text()).isEqualTo("unknown: GitHub unread");
        assertThat(LockRender.view(unread, LOCK).verdict()).isEqualTo(LockVerdict.State.UNKNOWN);
        Snapshot read = snap(List.of(), List.of(), List.of(), Map.of());
        assertThat(LockRender.verdict(read, LOCK).text()).isEqualTo("no live run");
        assertThat(LockRender.view(read, LOCK).runId()).isNull();
    }

    @Test
    void aMemberReadsTheSameWordsOnTheScreenAndInGroups() {
        GroupMember running = new GroupMember(1058, "Deploy", null, null, RunStatus.IN_PROGRESS, 0);
        GroupMember waiting = new GroupMember(1059, "Deploy", null, null, RunStatus.PENDING, 1);
        Run r58 = run(1058, 58, RunStatus.IN_PROGRESS);
        Run r59 = run(1059, 59, RunStatus.WAITING);
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(running, waiting), null, GroupSource.API, false, List.of("deploy.yml"));
        Finding evicted = new Finding(Finding.Kind.EVICTED, Severity.WARNING, "Deploy-Production", "deploy.yml #57 evicted by deploy.yml #59",
                List.of(), T, 1057);
        Snapshot s = snap(List.of(r58, r59), List.of(g), List.of(evicted), Map.of());
        assertThat(GroupRender.since(running, r58)).isEqualTo(r58.startedAt());
        // the rows every frontend shows: the header's counts, then each member in its place, then the evicted run
        GroupRender.GroupRows rows = GroupRender.rows(s, List.of(g), T, '!').get(0);
        assertThat(rows.head().cells().stream().map(Cell::text).toList())
                .containsExactly("deploy-production", "", "1 running, 1 waiting for approval, 1 evicted");
        assertThat(rows.runs().stream().map(r -> r.cells().stream().map(Cell::text).toList()).toList()).containsExactly(
                List.of("0", "#58", "deploy.yml", "bbbbbbb", "bob", "", "running 1m30s"),
                List.of("1", "#59", "deploy.yml", "bbbbbbb", "bob", "", "waiting for approval 2m"),
                List.of("", "run 1057", "-", "-", "-", "", "evicted"));
        assertThat(rows.runs()).extracting(GroupRender.RunRow::kind)
                .containsExactly(GroupRender.Kind.RUNNING, GroupRender.Kind.PENDING, GroupRender.Kind.EVICTED);
        assertThat(rows.runs().get(1).state().role()).isEqualTo("pending");
        assertThat(GroupRender.view(s, g).evictions()).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo(1057);
            assertThat(e.summary()).contains("evicted by deploy.yml #59");
        });
    }

    @Test
    void eventsAreObjectsWithoutARunWhenTheyNameNone() {
        Event lock = new Event(T, Event.Kind.LOCK_ACQUIRED, LOCK.location().uri(), null, 0);
        assertThat(EventRender.view(lock).runId()).isNull();
        assertThat(EventRender.line(lock)).isEqualTo("14:05:00  lock acquired  " + LOCK.location().uri()); // no "null" detail
        assertThat(EventRender.view(new Event(T, Event.Kind.RUN_STARTED, "g", "started", 1058)).runId()).isEqualTo(1058L);
    }

    @Test
    void aLockEventRowSaysWhichLockWithinEightyColumns() {
        Event lock = new Event(T, Event.Kind.LOCK_RELEASED, "s3://sentiment-analyzer-terraform-state-sandbox/prod/terraform.tfstate.tflock", null, 0);
        assertThat(EventRender.rowSubject(lock)).isEqualTo("prod/terraform.tfstate.tflock");
        assertThat(EventRender.line(lock)).as("scripts keep the whole URI").contains("s3://sentiment-analyzer-terraform-state-sandbox/prod/");
        Event group = new Event(T, Event.Kind.RUN_STARTED, "deploy-production", "started", 7);
        assertThat(EventRender.rowSubject(group)).isEqualTo("deploy-production");
        // an operator's action on a lock: at 80 columns the row must still reach "bob unlock refused"
        Event action = new Event(T, Event.Kind.ACTION, "s3://sentiment-analyzer-terraform-state-sandbox/prod/terraform.tfstate.tflock",
                "bob unlock refused: alice is unlocking prod since 17:14:54", 0);
        assertThat(EventRender.rowSubject(action)).isEqualTo("prod/terraform.tfstate.tflock");
        Event fleet = new Event(T, Event.Kind.LOCK_RELEASED, "acme/service-002: s3://acme-terraform-state-01/service-002/dev/terraform.tfstate.tflock", null, 0);
        assertThat(EventRender.rowSubject(fleet)).isEqualTo("acme/service-002: service-002/dev/terraform.tfstate.tflock");
    }

    @Test
    void offsetsAndTimesAreTheOneFormattersWords() {
        assertThat(TimeRender.offset(T, T.plusSeconds(65))).isEqualTo("+1m05s");
        assertThat(TimeRender.offset(T, null)).isEqualTo("-");
        assertThat(TimeRender.utc(T)).isEqualTo("14:05:00 UTC");
        Finding f = new Finding(Finding.Kind.STALE_LOCK, Severity.WARNING, "s3://state/x", "old", List.of("created 13:00:00"), T);
        assertThat(FindingRender.details(f, ZoneOffset.ofHours(1))).contains("first seen 15:05:00", "evidence:\n  created 13:00:00");
        assertThat(FindingRender.lines(List.of(f))).containsExactly("14:05:00 WARNING STALE LOCK  s3://state/x: old", "    - created 13:00:00");
    }

    /** `runs`' row and the screen's member row read one run through one renderer: the same label, sha and actor. */
    @Test
    void aRunIsWordedOnceForTheRunsTableAndTheScreensRows() {
        Run done = new Run(1057, "Deploy", ".github/workflows/deploy.yml", 57, 1, "push", "alice", "aaaaaaa0123", "main", "t",
                RunStatus.COMPLETED, Conclusion.CANCELLED, T.minusSeconds(120), T.minusSeconds(90), T.minusSeconds(60), null);
        Snapshot s = snap(List.of(done, run(1058, 58, RunStatus.IN_PROGRESS)), List.of(), List.of(), Map.of());
        assertThat(RunRender.row(done).stream().map(Cell::text).toList())
                .containsExactly("1057", "deploy.yml #57", "cancelled", "aaaaaaa", "alice", "push", "14:03:00");
        assertThat(RunRender.state(run(1058, 58, RunStatus.IN_PROGRESS))).isEqualTo("in_progress");
        ConcurrencyGroup one = new ConcurrencyGroup("g", List.of(new GroupMember(1058, "Deploy", null, null, RunStatus.IN_PROGRESS, 0)), null,
                GroupSource.API, false, List.of());
        GroupRender.MemberView m = GroupRender.view(s, one).members().get(0);
        RunRender.RunCells c = RunRender.cells(m.runId(), m.runNumber(), m.workflow(), m.headSha(), m.actor(), "running", "text");
        assertThat(List.of(c.label(), c.workflow(), c.sha(), c.actor())).containsExactly(Cell.of("#58", "running"),
                Cell.of("deploy.yml", "text"), Cell.of("bbbbbbb", "text"), Cell.of("bob", "muted"));
        // a run the snapshot lost: its id, "-" for what is not known, as every table says it
        RunRender.RunCells gone = RunRender.cells(999, 0, null, null, null, "evicted", "muted");
        assertThat(gone.label().text()).isEqualTo("run 999");
        assertThat(List.of(gone.workflow().text(), gone.sha().text(), gone.actor().text())).containsExactly("-", "-", "-");
    }
}
