package dev.baton.tui;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small pure parts: ANSI colours, OSC 52, filters, terminal refusals, evictions, text fitting. */
class PartsTest {
    @Test
    void ansiSgrMapsToThemeRolesAndShowsOtherEscapes() {
        List<Line.Seg> segs = Ansi.parse("a\u001b[1;31mred\u001b[0m\u001b[2Kb\u001b[38;5;10mgreen\u001b[39m\u001b[38;2;1;2;3mx", "text");
        assertThat(segs).containsExactly(
                new Line.Seg("a", "text", false),
                new Line.Seg("red", "ansi.red", true),
                new Line.Seg("\\x1b[2Kb", "text", false),
                new Line.Seg("green", "ansi.bright_green", false),
                new Line.Seg("x", "text", false));
        assertThat(Ansi.strip("\u001b[32mok\u001b[0m\ttab\u0007")).isEqualTo("ok tab\\x07");
    }

    @Test
    void aLogLineKeepsItsColoursButShowsClipboardWritesAndScreenClears() {
        // OSC 52 (set the clipboard), CSI 2J (clear), a one-character C1 CSI, DEL, an unterminated CSI
        String line = "\u001b[32mok\u001b[0m \u001b]52;c;cm0gLXJmIC8=\u0007\u001b[2J\u009b31m\u007f\u001b[1;31\u0007mX\u001b[3";
        List<Line.Seg> segs = Ansi.parse(line, "text");
        assertThat(segs).first().isEqualTo(new Line.Seg("ok", "ansi.green", false));
        String shown = Ansi.strip(line);
        assertThat(shown).isEqualTo("ok \\x1b]52;c;cm0gLXJmIC8=\\x07\\x1b[2J\\x9b31m\\x7f\\x1b[1;31\\x07mX\\x1b[3");
        assertThat(shown.chars().noneMatch(c -> c < 0x20 || c >= 0x7f && c < 0xa0)).isTrue();
    }

    @Test
    void osc52IsBase64AndWrappedForTmux() {
        String plain = Osc52.sequence("héllo", false);
        assertThat(plain).isEqualTo("\u001b]52;c;" + Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)) + "\u0007");
        String tmux = Osc52.sequence("x", true);
        assertThat(tmux).isEqualTo("\u001bPtmux;\u001b\u001b]52;c;eA==\u0007\u001b\\");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(Osc52.forEnvironment(out, Map.of("TMUX", "/tmp/tmux-0/default,1,0")).copy("x")).isTrue();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(tmux);
    }

    @Test
    void filterIsCaseInsensitiveRegexAndBangInverts() {
        assertThat(Filter.parse("PROD.*n").keeps("deploy-production")).isTrue();
        assertThat(Filter.parse("!prod").keeps("deploy-production")).isFalse();
        assertThat(Filter.parse("!prod").keeps("deploy-dev")).isTrue();
        assertThat(Filter.parse("[").error()).isNotNull();
        assertThat(Filter.parse("[").keeps("a[b")).isTrue();
        assertThat(Filter.parse("").active()).isFalse();
    }

    @Test
    void dumbOrMissingTerminalsAreRefusedInOneLine() {
        assertThatThrownBy(() -> Terminals.refuseWhy(Map.of("TERM", "xterm"), false))
                .isInstanceOf(Terminals.Unavailable.class).hasMessageStartingWith("the full-screen view needs a terminal")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> Terminals.refuseWhy(Map.of("TERM", "dumb"), true)).hasMessageContaining("TERM=dumb");
        assertThatThrownBy(() -> Terminals.refuseWhy(Map.of(), true)).hasMessageContaining("TERM=(unset)");
    }

    @Test
    void sttySizeIsRowsThenColumns() {
        assertThat(Terminals.parseSttySize("30 100\n")).isEqualTo(new com.googlecode.lanterna.TerminalSize(100, 30));
        assertThat(Terminals.parseSttySize("0 0")).isNull();
        assertThat(Terminals.parseSttySize("stty: not a tty")).isNull();
    }

    /** An EVICTED finding as the watch makes it: runId the evicted run, byRunId the one that took its place. */
    private static dev.baton.model.Finding eviction(String group, String summary, long runId, long byRunId) {
        return new dev.baton.model.Finding(dev.baton.model.Finding.Kind.EVICTED, dev.baton.model.Severity.WARNING, group, summary,
                List.of(), Fixtures.at("14:03:00"), runId, byRunId);
    }

    @Test
    void anEvictionNamesTheReplacingRunFromTheFindingsData() {
        var s = Fixtures.snapshot();
        assertThat(dev.baton.render.EvictionRender.replacedBy(s, eviction("deploy-production", "words that name no run", 1057, 1059))).isEqualTo("#59");
        assertThat(dev.baton.render.EvictionRender.replacedBy(s, eviction("g", null, 1057, 4242))).isEqualTo("run 4242");
        // the summary's words are never read back: a finding without the replacing run names none
        var none = eviction("g", "replaced by #1059", 5, 0);
        assertThat(dev.baton.render.EvictionRender.replacedBy(s, none)).isNull();
        assertThat(dev.baton.render.EvictionRender.state(s, none).text()).isEqualTo("evicted");
    }

    @Test
    void anEvictedRowNamesAReplacerOfAnotherWorkflowAndSaysItDeployedNothing() {
        var s = Fixtures.snapshot();
        var skipped = Fixtures.run(1060, 4, "deploy-auto.yml", "bot", "eeeeeee", dev.baton.model.RunStatus.COMPLETED,
                dev.baton.model.Conclusion.SKIPPED, "14:02:50", "14:02:51", "14:02:52");
        List<dev.baton.model.Run> runs = new java.util.ArrayList<>(s.runs());
        runs.add(skipped);
        var with = new dev.baton.model.Snapshot(s.takenAt(), s.repo(), s.mode(), s.rateLimit(), runs, s.groups(), s.locks(), s.stages(),
                s.findings(), s.health());
        var finding = eviction("deploy-production", "deploy.yml #57 (aaaaaaa) evicted by deploy-auto.yml #4 (eeeeeee); commit aaaaaaa skipped", 1057, 1060);
        assertThat(dev.baton.render.EvictionRender.replacedBy(with, finding)).isEqualTo("deploy-auto.yml #4 (deployed nothing: if: false)");
        // a replacer of the same workflow that deployed: the member rows above show it as "#59"
        var same = eviction("deploy-production", "deploy.yml #57 (aaaaaaa) evicted by deploy.yml #59 (ccccccc); commit aaaaaaa skipped", 1057, 1059);
        assertThat(dev.baton.render.EvictionRender.replacedBy(with, same)).isEqualTo("#59");
    }

    /**
     * #59 waits for a reviewer of production (GitHub's run status waiting) while pending in the group; #58
     * deploys to production-auto. The rows say so: GitHub's environment, "waiting for approval", and the
     * header no longer calls pending members "waiting".
     */
    @Test
    void membersShowGitHubsEnvironmentAndARunHeldForAReviewerWaitsForApproval() {
        var s = Fixtures.snapshot();
        List<dev.baton.model.Run> runs = s.runs().stream().map(r -> r.id() != 1059 ? r
                : Fixtures.run(1059, 59, "deploy.yml", "carol", "ccccccc", dev.baton.model.RunStatus.WAITING, dev.baton.model.Conclusion.NONE,
                "14:03:00", "14:03:00", "14:03:00")).toList();
        var with = new dev.baton.model.Snapshot(s.takenAt(), s.repo(), s.mode(), s.rateLimit(), runs, s.groups(), s.locks(), s.stages(),
                s.findings(), s.health(), Map.of(1058L, "production-auto", 1059L, "production"));
        List<String> rows = Rows.groups(with, Fixtures.T, Glyphs.UNICODE, java.util.Set.of()).stream().map(Line::text).toList();
        assertThat(rows).anyMatch(r -> r.startsWith("deploy-production") && r.contains("1 running, 1 waiting for approval"));
        assertThat(rows).anyMatch(r -> r.contains("#58") && r.contains("production-auto ") && r.contains("running"));
        assertThat(rows).anyMatch(r -> r.contains("#59") && r.contains("production ") && r.contains("waiting for approval"))
                .noneMatch(r -> r.contains("#59") && r.contains("pending"));
    }

    @Test
    void aNewestFirstListShowsNewRowsUnlessTheOperatorMovedDown() {
        ListPane events = new ListPane("Events", true, l -> true);
        events.setLines(List.of(Line.of("b", "text"), Line.of("a", "text")));
        events.setLines(List.of(Line.of("c", "text"), Line.of("b", "text"), Line.of("a", "text")));
        assertThat(events.selectedLine().text()).isEqualTo("c");
        events.move(1);
        events.setLines(List.of(Line.of("d", "text"), Line.of("c", "text"), Line.of("b", "text"), Line.of("a", "text")));
        assertThat(events.selectedLine().text()).isEqualTo("b");
        ListPane groups = new ListPane("Groups");
        groups.setLines(List.of(Line.of("b", "text")));
        groups.setLines(List.of(Line.of("a", "text"), Line.of("b", "text")));
        assertThat(groups.selectedLine().text()).isEqualTo("b");
    }

    @Test
    void aPanesCountIsItsItemsNotItsRows() {
        ListPane groups = new ListPane("Groups", false, l -> l.payload() instanceof Rows.GroupRef);
        groups.setLines(List.of(new Line(List.of(new Line.Seg("deploy-production", "text")), "g:p", new Rows.GroupRef("deploy-production")),
                new Line(List.of(new Line.Seg("  #3 evicted", "text")), "e:p:3", "member"),
                new Line(List.of(new Line.Seg("deploy-preprod", "text")), "g:pp", new Rows.GroupRef("deploy-preprod"))));
        assertThat(groups.count()).isEqualTo(2);
        assertThat(groups.decoratedTitle()).isEqualTo("Groups (2)");
        groups.setFilter(Filter.parse("preprod"));
        assertThat(groups.decoratedTitle()).startsWith("Groups (1/2)");
        ListPane events = new ListPane("Events");
        events.setLines(List.of(Line.of("no events yet", "muted")));
        assertThat(events.count()).isZero();
    }

    @Test
    void aFindingStillListedIsNotRepeatedByTheEventOfItsFirstSighting() {
        dev.baton.model.Snapshot s = Fixtures.snapshot();
        dev.baton.model.Finding f = s.findings().stream().filter(x -> x.kind() != dev.baton.model.Finding.Kind.LOCK_HELD).findFirst().orElseThrow();
        dev.baton.model.Event sighting = dev.baton.watch.SnapshotDiff.sighting(f, Fixtures.T);
        dev.baton.model.Event gone = new dev.baton.model.Event(Fixtures.T, dev.baton.model.Event.Kind.FINDING, "s3://b/old.tflock", "STALE_LOCK: no live run", 0);
        List<Line> rows = Rows.events(s, List.of(gone, sighting), java.time.ZoneOffset.UTC, Glyphs.UNICODE);
        assertThat(rows).filteredOn(l -> l.payload() == sighting).isEmpty();
        assertThat(rows).filteredOn(l -> l.payload() == f).hasSize(1);
        assertThat(rows).filteredOn(l -> l.payload() == gone).hasSize(1); // a finding no longer listed keeps its record
    }

    @Test
    void anEventsRunIsItsNumberWhenTheSnapshotHasItAndNothingElseWhenNot() {
        dev.baton.model.Snapshot s = Fixtures.snapshot();
        dev.baton.model.Run known = s.runs().get(0);
        dev.baton.model.Event mine = new dev.baton.model.Event(Fixtures.T, dev.baton.model.Event.Kind.RUN_STARTED, "deploy-production", "started", known.id());
        // a fleet's other repository: its run is in that repository's snapshot, not this one; its detail names it
        dev.baton.model.Event theirs = new dev.baton.model.Event(Fixtures.T, dev.baton.model.Event.Kind.RUN_STARTED, "acme/service-002: deploy-production",
                "deploy-prod.yml #2 (225abbc) started", 12020000039L);
        List<Line> rows = Rows.events(s, List.of(mine, theirs), java.time.ZoneOffset.UTC, Glyphs.UNICODE);
        assertThat(rows).filteredOn(l -> l.payload() == mine).singleElement().satisfies(l -> assertThat(l.text()).contains("deploy-production #" + known.runNumber()));
        assertThat(rows).filteredOn(l -> l.payload() == theirs).singleElement().satisfies(l -> assertThat(l.text())
                .contains("acme/service-002: deploy-production  deploy-prod.yml #2 (225abbc) started").doesNotContain("12020000039"));
    }

    @Test
    void theHeaderNamesTheBudgetsResetWhereItFitsOrWhenTheBudgetRunsLow() {
        dev.baton.model.Snapshot s = Fixtures.snapshot(); // 4211 of 5000 left, reset 14:30
        java.util.function.IntFunction<String> header = w -> String.join("", Rows.header(s, Fixtures.T, Duration.ofSeconds(10), false,
                java.time.ZoneOffset.UTC, w).stream().map(Line.Seg::text).toList());
        assertThat(header.apply(200)).contains("API 4211/5000 (reset 14:30)");
        assertThat(header.apply(80)).contains("API 4211/5000").doesNotContain("(reset");
        dev.baton.model.Snapshot low = new dev.baton.model.Snapshot(s.takenAt(), s.repo(), s.mode(),
                new dev.baton.model.RateLimit(5000, 120, 4880, s.rateLimit().reset(), "core"), s.runs(), s.groups(), s.locks(), s.stages(), s.findings(), s.health());
        assertThat(String.join("", Rows.header(low, Fixtures.T, Duration.ofSeconds(10), false, java.time.ZoneOffset.UTC, 80).stream()
                .map(Line.Seg::text).toList())).contains("API 120/5000 (reset 14:30)");
    }

    @Test
    void aHoldOnGitHubsRequestsIsSaidWithinTheFirst80Columns() {
        dev.baton.model.Snapshot s = Fixtures.snapshot();
        dev.baton.model.Snapshot held = new dev.baton.model.Snapshot(s.takenAt(), s.repo(), s.mode(),
                s.rateLimit().limitedUntil(Fixtures.T.plusSeconds(40)), s.runs(), s.groups(), s.locks(), s.stages(), s.findings(),
                java.util.Map.of("github", new dev.baton.model.SourceHealth("github", s.takenAt(), null, null)));
        String header = String.join("", Rows.header(held, Fixtures.T, Duration.ofSeconds(10), false, java.time.ZoneOffset.UTC, 80)
                .stream().map(Line.Seg::text).toList());
        String until = "rate limited until " + dev.baton.render.TimeRender.clock(Fixtures.T.plusSeconds(40), java.time.ZoneOffset.UTC);
        assertThat(header).as(header).contains(until);
        assertThat(header.indexOf(until) + until.length()).as("before the mode and budget, which 80 columns cut: " + header).isLessThanOrEqualTo(80);
    }

    @Test
    void aLongRowWrapsAtSpacesKeepingItsColoursAndEveryCharacter() {
        Line l = new Line(List.of(new Line.Seg("evidence: ", "muted"), new Line.Seg("deploy-prod.yml #5 (61fb227) is in_progress since 23:31:48", "warn")), "k", "p");
        List<Line> rows = l.wrap(30);
        assertThat(rows).allSatisfy(r -> assertThat(r.text().length()).isLessThanOrEqualTo(30));
        assertThat(rows.get(0).text()).isEqualTo("evidence: deploy-prod.yml #5 ");
        assertThat(rows.get(1).text()).startsWith("  ");
        assertThat(String.join("", rows.stream().map(r -> r.text().replaceFirst("^  ", "")).toList())).isEqualTo(l.text());
        assertThat(rows.get(1).segs()).extracting(Line.Seg::role).contains("warn");
        assertThat(rows).extracting(Line::payload).containsOnly("p");
        String unbroken = "s3://bucket/" + "x".repeat(60);
        List<Line> cut = Line.of(unbroken, "text").wrap(30);
        assertThat(cut).hasSize(3); // no space: cut at the width, continued at column 0 so a selection joins it back
        assertThat(String.join("", cut.stream().map(Line::text).toList())).isEqualTo(unbroken);
        // a URI that fits a row is never broken, even when the last space is early in the row
        String uri = "s3://b/prod/tf.tflock";
        List<Line> held = Line.of("held by lock " + uri + " since 12:03", "text").wrap(24);
        assertThat(held).extracting(Line::text).containsExactly("held by lock ", "  " + uri + " ", "  since 12:03");
        assertThat(Line.of("short", "text").wrap(30)).singleElement().extracting(Line::text).isEqualTo("short");
    }

    @Test
    void textFitsAndDurationsRead() {
        assertThat(Text.fit("abcdef", 4)).isEqualTo("abc~");
        assertThat(Text.fit("ab", 4)).isEqualTo("ab  ");
        assertThat(Text.cutLeft("production/terraform.tfstate", 10)).isEqualTo("~m.tfstate");
        assertThat(dev.baton.model.Times.duration(java.time.Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(dev.baton.model.Times.duration(java.time.Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(dev.baton.model.Times.duration(java.time.Duration.ofSeconds(3 * 86400 + 4 * 3600))).isEqualTo("3d04h");
        assertThat(Text.printable("a\u001b[2Jb\tc\u009b\u007f")).isEqualTo("a\\x1b[2Jb c\\x9b\\x7f");
        assertThat(Text.printable("\uFEFFlog\u200b line \u202Eevil")).isEqualTo("log line \\u202eevil");
        assertThat(Text.fit("a\u001bb", 6)).isEqualTo("a\\x1bb"); // columns counted as shown
    }

    @Test
    void theDataAgeStaysStillWhileSnapshotsArriveAndIdleAgesMoveByTheMinute() {
        var f = Fixtures.snapshot();
        var s = new dev.baton.model.Snapshot(f.takenAt(), f.repo(), f.mode(), f.rateLimit(), f.runs(), f.groups(), f.locks(), f.stages(),
                f.findings(), java.util.Map.of("github", f.health().get("github"))); // every source answers
        java.time.Duration stale = java.time.Duration.ofSeconds(15);
        assertThat(Rows.age(s, s.takenAt().plusSeconds(9), stale)).isEqualTo("updated just now");
        assertThat(Rows.age(s, s.takenAt().plusSeconds(12), stale)).isEqualTo("updated 10s ago");
        assertThat(Rows.age(s, s.takenAt().plusSeconds(23), stale)).isEqualTo("updated 20s ago");
        assertThat(Rows.age(s, s.takenAt().plusSeconds(125), stale)).isEqualTo("updated 2m ago");
        // a failing source's data is as old as its last answer, however fresh the snapshot is
        assertThat(Rows.age(f, f.takenAt().plusSeconds(2), stale)).isEqualTo("updated 2m ago");
        assertThat(Rows.stale(f, f.takenAt().plusSeconds(2), stale)).isTrue();
        assertThat(Rows.stale(s, s.takenAt().plusSeconds(2), stale)).isFalse();
        var never = new dev.baton.model.Snapshot(f.takenAt(), f.repo(), f.mode(), f.rateLimit(), f.runs(), f.groups(), List.of(), f.stages(),
                f.findings(), java.util.Map.of("dynamodb://t", new dev.baton.model.SourceHealth("dynamodb://t", null, "403", f.takenAt())));
        assertThat(Rows.age(never, never.takenAt(), stale)).isEqualTo("no data from dynamodb://t");
        assertThat(dev.baton.model.Times.roughly(java.time.Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(dev.baton.model.Times.roughly(java.time.Duration.ofSeconds(24 * 60 + 57))).isEqualTo("24m");
        assertThat(dev.baton.model.Times.roughly(java.time.Duration.ofSeconds(3 * 3600 + 5 * 60 + 30))).isEqualTo("3h05m");
    }

    @Test
    void readOnlyStripsEveryMutatingActionFromTheTable() {
        Keymap rw = Keymap.standard(false);
        Keymap ro = Keymap.standard(true);
        assertThat(rw.actions()).anyMatch(KeyAction::mutating);
        assertThat(ro.actions()).noneMatch(KeyAction::mutating);
        assertThat(ro.find(KeyAction.Scope.LOCKS, "u")).isNull();
        assertThat(ro.strippedKey("u")).isTrue();
        assertThat(rw.find(KeyAction.Scope.LOCKS, "u").mutating()).isTrue();
        assertThat(rw.find(KeyAction.Scope.LOG, "q").help()).isEqualTo("quit");
    }

    @Test
    void theGuideListsEveryKeyOfTheTable() throws Exception {
        String guide = java.nio.file.Files.readString(java.nio.file.Path.of("docs/guide.md"));
        for (KeyAction a : Keymap.standard(false).actions()) {
            for (String k : a.keys()) assertThat(guide).as("docs/guide.md lists key %s", k).contains("`" + k + "`");
            assertThat(guide).as("docs/guide.md explains '%s'", a.help()).contains(a.help());
        }
        assertThat(guide).contains("set -s escape-time 10");
    }
}
