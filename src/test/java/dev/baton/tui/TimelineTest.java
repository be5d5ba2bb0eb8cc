package dev.baton.tui;

import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.GroupMember;
import dev.baton.model.GroupSource;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {
    private static final ConcurrencyGroup PROD = Fixtures.snapshot().groups().get(0);

    @Test
    void barsShowWaitingRunningAndEvicted() {
        List<String> lines = dev.baton.render.TimelineRender.group(PROD, Fixtures.runs(), Fixtures.events(), Fixtures.at("13:55:00"),
                Fixtures.at("14:05:00"), 70, ZoneOffset.UTC, Glyphs.ASCII.marks());
        assertThat(lines.get(0)).startsWith("deploy-production  13:55:00 - 14:05:00");
        String bob = lines.stream().filter(l -> l.startsWith("#58 bob")).findFirst().orElseThrow();
        String alice = lines.stream().filter(l -> l.startsWith("#57 alice")).findFirst().orElseThrow();
        String carol = lines.stream().filter(l -> l.startsWith("#59 carol")).findFirst().orElseThrow();
        // #58 queued 13:59:30, started 14:01:00 and still running: waiting then running to the end
        assertThat(bob.strip()).matches("#58 bob bbbbbbb +\\.+#+");
        assertThat(alice.strip()).matches("#57 alice aaaaaaa +\\.+X");
        assertThat(carol.strip()).matches("#59 carol ccccccc +\\.+");
        assertThat(lines).noneMatch(l -> l.startsWith("overlap"));
        assertThat(lines).noneMatch(l -> l.startsWith("#61")); // another group's run
        assertThat(lines).allMatch(l -> l.length() <= 70);
    }

    @Test
    void twoRunningMembersShowAsOverlap() {
        List<Run> runs = List.of(
                Fixtures.run(1, 1, "deploy.yml", "a", "1111111", RunStatus.IN_PROGRESS, Conclusion.NONE, "14:00:00", "14:00:00", "14:04:00"),
                Fixtures.run(2, 2, "deploy.yml", "b", "2222222", RunStatus.IN_PROGRESS, Conclusion.NONE, "14:02:00", "14:02:00", "14:04:00"));
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(1, "Deploy", null, null, RunStatus.IN_PROGRESS, 0),
                new GroupMember(2, "Deploy", null, null, RunStatus.IN_PROGRESS, 0)), null, GroupSource.API, false, List.of());
        List<Event> events = List.of(new Event(Fixtures.at("14:00:00"), Event.Kind.RUN_STARTED, "deploy-production", null, 1),
                new Event(Fixtures.at("14:02:00"), Event.Kind.RUN_STARTED, "deploy-production", null, 2));
        List<String> lines = dev.baton.render.TimelineRender.group(g, runs, events, Fixtures.at("14:00:00"), Fixtures.at("14:04:00"), 60, ZoneOffset.UTC, Glyphs.ASCII.marks());
        String overlap = lines.stream().filter(l -> l.startsWith("overlap")).findFirst().orElseThrow();
        // label 14 columns (the longest label, at least "overlap (RACE)") + 1, then 45 columns for 240 s: the overlap
        // starts half-way, at column 15 + 22
        assertThat(overlap.indexOf('!', 14)).isBetween(36, 38);
        assertThat(lines.stream().filter(l -> l.startsWith("#1 a")).findFirst().orElseThrow()).contains("#!");
    }

    @Test
    void aRunWhoseJobsWereAllSkippedDrawsNoBar() {
        List<Run> runs = List.of(
                Fixtures.run(1, 1, "deploy.yml", "bob", "1111111", RunStatus.COMPLETED, Conclusion.SKIPPED, "14:01:00", "14:01:00", "14:01:01"),
                Fixtures.run(2, 2, "deploy.yml", "alice", "2222222", RunStatus.IN_PROGRESS, Conclusion.NONE, "14:02:00", "14:02:00", "14:03:00"));
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(2, "Deploy", null, null, RunStatus.IN_PROGRESS, 0)), null, GroupSource.API, false, List.of());
        List<Event> events = List.of(new Event(Fixtures.at("14:01:00"), Event.Kind.RUN_STARTED, "deploy-production", null, 1),
                new Event(Fixtures.at("14:02:00"), Event.Kind.RUN_STARTED, "deploy-production", null, 2));
        List<String> lines = dev.baton.render.TimelineRender.group(g, runs, events, Fixtures.at("14:00:00"), Fixtures.at("14:04:00"), 60, ZoneOffset.UTC, Glyphs.ASCII.marks());
        String bob = lines.stream().filter(l -> l.startsWith("#1 bob")).findFirst().orElseThrow();
        assertThat(bob).as("it deployed nothing: no running or waiting cells").contains("skipped (if:)");
        assertThat(bob.substring("#1 bob 1111111".length())).doesNotContain("#").doesNotContain(".");
        assertThat(lines.stream().filter(l -> l.startsWith("#2 alice")).findFirst().orElseThrow()).contains("#");
    }

    @Test
    void aHandOffInsideOneColumnIsNotARace() {
        // #1 ends at 14:10:05, #2 starts at 14:10:07: 30 minutes in 44 columns put both in one column
        List<Run> runs = List.of(
                Fixtures.run(1, 1, "deploy.yml", "a", "1111111", RunStatus.COMPLETED, Conclusion.SUCCESS, "14:00:00", "14:00:00", "14:10:05"),
                Fixtures.run(2, 2, "deploy.yml", "b", "2222222", RunStatus.IN_PROGRESS, Conclusion.NONE, "14:05:00", "14:10:07", "14:12:00"));
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(2, "Deploy", null, null, RunStatus.IN_PROGRESS, 0)), null, GroupSource.API, false, List.of());
        List<Event> events = List.of(new Event(Fixtures.at("14:00:00"), Event.Kind.RUN_STARTED, "deploy-production", null, 1),
                new Event(Fixtures.at("14:10:07"), Event.Kind.RUN_STARTED, "deploy-production", null, 2));
        List<String> lines = dev.baton.render.TimelineRender.group(g, runs, events, Fixtures.at("13:50:00"), Fixtures.at("14:20:00"), 60, ZoneOffset.UTC, Glyphs.ASCII.marks());
        assertThat(lines).noneMatch(l -> l.startsWith("overlap")).noneMatch(l -> l.matches("#[12] .*!.*"));
        assertThat(lines.stream().filter(l -> l.startsWith("#1 a")).findFirst().orElseThrow()).contains("#");
        assertThat(lines.stream().filter(l -> l.startsWith("#2 b")).findFirst().orElseThrow()).contains("#");
    }

    @Test
    void anEmptyWindowSaysSo() {
        ConcurrencyGroup idle = new ConcurrencyGroup("deploy-dev", List.of(), null, GroupSource.API, false, List.of());
        assertThat(dev.baton.render.TimelineRender.group(idle, List.of(), List.of(), Fixtures.at("14:00:00"), Fixtures.at("14:30:00"), 80, ZoneOffset.UTC, Glyphs.UNICODE.marks()))
                .anyMatch(l -> l.contains("no runs in this window"));
    }
}
