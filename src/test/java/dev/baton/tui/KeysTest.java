package dev.baton.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.baton.command.Exit;
import dev.baton.command.Request;
import dev.baton.command.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys typed into the virtual terminal (addInput) and what the screen does with them. */
class KeysTest {
    @TempDir
    Path tmp;

    @Test
    void tabCyclesPanesAndNumbersJump() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            assertThat(h.view.focus()).isEqualTo(View.Pane.GROUPS);
            h.press(KeyType.Tab);
            assertThat(h.view.focus()).isEqualTo(View.Pane.LOCKS);
            h.press(KeyType.Tab).press(KeyType.Tab);
            assertThat(h.view.focus()).isEqualTo(View.Pane.EVENTS);
            h.press(KeyType.Tab);
            assertThat(h.view.focus()).isEqualTo(View.Pane.GROUPS);
            h.press(KeyType.ReverseTab);
            assertThat(h.view.focus()).isEqualTo(View.Pane.EVENTS);
            h.type("2");
            assertThat(h.view.focus()).isEqualTo(View.Pane.LOCKS);
            assertThat(h.row(3)).contains("VERDICT");
        }
    }

    @Test
    void filterKeepsMatchingRowsAndBangInverts() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("/preprod").press(KeyType.Enter);
            assertThat(h.text()).contains("deploy-preprod").doesNotContain("deploy-production").doesNotContain("deploy-dev");
            assertThat(h.row(2)).contains("/preprod");
            h.type("/");
            for (int i = 0; i < 7; i++) h.press(KeyType.Backspace);
            h.type("!deploy").press(KeyType.Enter);
            assertThat(h.text()).contains("migrate-").doesNotContain("deploy-preprod");
            h.press(KeyType.Escape);
            assertThat(h.text()).contains("deploy-preprod").contains("migrate-");
        }
    }

    @Test
    void badRegexFiltersLiterallyAndSaysSo() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("/${{");
            assertThat(h.row(23)).contains("not a regex");
            h.press(KeyType.Enter);
            assertThat(h.text()).contains("migrate-${{ inputs.env }}").doesNotContain("deploy-preprod");
        }
    }

    @Test
    void lintFindingsOpenInAPaneThatFilters() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.runner.answer = line -> new Result(1, "ERROR deploy-queue-single .github/workflows/deploy-prod.yml:17\n"
                    + "WARN  lock-timeout-missing .github/workflows/deploy-dev.yml:40\n2 findings", null).asReport();
            h.type(":lint").press(KeyType.Enter);
            assertThat(h.runner.lines).containsExactly("lint");
            assertThat(h.view.popupOpen()).isFalse();
            assertThat(h.view.focus()).isEqualTo(View.Pane.LOG);
            assertThat(h.text()).contains(":lint").contains("deploy-queue-single").contains("lock-timeout-missing");
            h.type("/lock-timeout").press(KeyType.Enter);
            assertThat(h.text()).contains("lock-timeout-missing").doesNotContain("deploy-queue-single");
        }
    }

    @Test
    void aReportGoesToAPaneByItsKindNotByTheCommandsName() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            // placed by what the command returned: an alias (or a renamed lint) lands in the pane, an answer in a pop-up
            h.runner.answer = line -> line.startsWith("check")
                    ? new Result(0, "WARN  lock-timeout-missing .github/workflows/deploy-dev.yml:40\nline two", null).asReport()
                    : new Result(0, "lint is a plain answer here\nline two", null);
            h.type(":check .").press(KeyType.Enter);
            assertThat(h.view.popupOpen()).isFalse();
            assertThat(h.view.focus()).isEqualTo(View.Pane.LOG);
            assertThat(h.text()).contains(":check .").contains("lock-timeout-missing");
            h.type(":lint").press(KeyType.Enter);
            assertThat(h.view.popupTitle()).isEqualTo(":lint");
        }
    }

    @Test
    void commandBarCompletesRunsAndShowsOutputInAPopup() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.runner.answer = line -> Result.ok("deploy-production  1 running\ndeploy-preprod  1 running\n", null);
            h.type(":gr").press(KeyType.Tab);
            assertThat(h.row(23)).startsWith(":groups");
            h.press(KeyType.Enter);
            assertThat(h.runner.lines).containsExactly("groups");
            assertThat(h.view.popupTitle()).isEqualTo(":groups");
            assertThat(h.text()).contains("deploy-production  1 running");
            h.press(KeyType.Escape);
            assertThat(h.view.popupOpen()).isFalse();
        }
    }

    @Test
    void severalCandidatesAreListedAndTabCycles() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type(":run").press(KeyType.Tab);
            assertThat(h.row(22)).contains("run").contains("runs");
            h.press(KeyType.Tab);
            assertThat(h.row(23)).startsWith(":run");
            h.press(KeyType.Tab);
            assertThat(h.row(23)).startsWith(":runs");
        }
    }

    @Test
    void historyIsPersistedAndRecalledWithUp() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type(":locks production").press(KeyType.Enter).press(KeyType.Escape);
        }
        Path file = tmp.resolve("state/baton/history");
        assertThat(Files.readString(file)).contains("locks production");
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type(":").press(KeyType.ArrowUp);
            assertThat(h.row(23)).startsWith(":locks production");
        }
    }

    @Test
    void failedCommandShowsExitCodeInThePopupTitle() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.runner.answer = line -> Result.error(Exit.USAGE, "unknown command 'nope'");
            h.type(":nope").press(KeyType.Enter);
            assertThat(h.view.popupTitle()).isEqualTo(":nope  (exit 2)");
            assertThat(h.text()).contains("unknown command 'nope'");
        }
    }

    @Test
    void unlockKeyAsksWhyThenInvokesTheTypedRequestWithTheLockId() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("2G"); // locks pane, last row: production
            h.type("u");
            assertThat(h.runner.requests).as("nothing runs before the reason is given").isEmpty();
            assertThat(h.row(22)).as("what will run, as a script would type it").contains("will run: unlock " + Fixtures.PROD_LOCK);
            h.type("runner crashed");
            assertThat(h.row(23)).isEqualTo("why? runner crashed");
            h.press(KeyType.Enter);
            assertThat(h.runner.requests).containsExactly(new Request.Unlock(Fixtures.PROD_LOCK, Fixtures.PROD_LOCK_ID, "runner crashed"));
            assertThat(h.runner.lines).as("no command line is built and parsed back").isEmpty();
            h.press(KeyType.Escape); // the result's pop-up
            h.type("1jc"); // a run (the first member row), then cancel
            h.type("stuck").press(KeyType.Enter);
            assertThat(h.runner.requests).last().isInstanceOf(Request.Cancel.class)
                    .satisfies(r -> assertThat(r.reason()).isEqualTo("stuck"));
            h.type("u").press(KeyType.Escape);
            assertThat(h.runner.requests).as("Esc drops the request").hasSize(2);
        }
    }

    @Test
    void approveAsksWhyThenInvokesTheTypedRequestAndYCopiesTheRunsUrlOrTheLocksUri() throws Exception {
        List<String> copied = new java.util.ArrayList<>();
        try (Harness h = new Harness(80, 24, new Fixtures.FakeRunner(false), Harness.base(tmp).clipboard(copied::add), Runnable::run)) {
            h.type("1j"); // the first member row
            h.type("y");
            assertThat(copied).singleElement().satisfies(u -> assertThat(u).startsWith("https://github.example/runs/"));
            assertThat(h.view.message()).startsWith("copied the URL of run ");
            long runId = Long.parseLong(copied.get(0).substring("https://github.example/runs/".length()));
            h.type("a");
            assertThat(h.row(22)).contains("will run: approve " + runId);
            h.type("INC-7 hotfix").press(KeyType.Enter);
            assertThat(h.runner.requests).containsExactly(new Request.Approve(runId, "INC-7 hotfix"));
            h.press(KeyType.Escape);
            h.type("2G").type("y"); // locks pane, production's lock
            assertThat(copied).last().isEqualTo(Fixtures.PROD_LOCK);
        }
    }

    @Test
    void readOnlyStripsMutatingKeysAndSaysWhy() throws Exception {
        try (Harness h = new Harness(80, 24, true, tmp)) {
            h.type("2G").type("u");
            assertThat(h.runner.lines).isEmpty();
            assertThat(h.view.message()).contains("read-only");
            h.type("1jc");
            assertThat(h.runner.lines).isEmpty();
            h.type("a");
            assertThat(h.runner.requests).as("approve is stripped too").isEmpty();
            assertThat(h.row(0)).endsWith("READ-ONLY");
        }
    }

    @Test
    void ctrlCAsksBeforeQuittingAndQQuits() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.ctrl('c');
            assertThat(h.text()).contains("Quit baton?");
            h.type("n");
            assertThat(h.view.running()).isTrue();
            assertThat(h.text()).doesNotContain("Quit baton?");
            h.ctrl('c').type("y");
            assertThat(h.view.running()).isFalse();
        }
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("q");
            assertThat(h.view.running()).isFalse();
        }
    }

    @Test
    void themeSwitchesLiveAndUnknownThemeIsOneLine() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            TextColor before = h.vt.getCharacter(2, 0).getBackgroundColor();
            h.type(":theme light").press(KeyType.Enter);
            assertThat(h.view.theme().name()).isEqualTo("light");
            assertThat(h.vt.getCharacter(2, 0).getBackgroundColor()).isNotEqualTo(before);
            h.type(":theme nope").press(KeyType.Enter);
            assertThat(h.view.theme().name()).isEqualTo("light");
            // an error of the registry's theme command, shown as every command's error: one line, exit 2 in the title
            assertThat(h.view.popupTitle()).isEqualTo(":theme nope  (exit 2)");
            assertThat(h.text()).contains("theme: unknown theme 'nope'");
            h.press(KeyType.Escape).type(":theme").press(KeyType.Enter);
            assertThat(h.text()).contains("current: light").contains("available:");
        }
    }

    @Test
    void enterOnARunOpensItsLogWithThemeColoursAndToggles() throws Exception {
        List<String> copied = new ArrayList<>();
        ConsoleOptions o = Harness.base(tmp).clipboard(t -> copied.add(t))
                .logs((run, job) -> List.of(
                        "2026-03-10T14:01:01.0000000Z ##[group]Run terraform apply",
                        "2026-03-10T14:01:02.0000000Z \u001b[31mError:\u001b[0m state locked",
                        "2026-03-10T14:01:03.0000000Z done " + run));
        try (Harness h = new Harness(80, 24, new Fixtures.FakeRunner(false), o, Runnable::run)) {
            h.type("jj").type("j"); // deploy-production's running member #58
            h.press(KeyType.Enter);
            assertThat(h.view.focus()).isEqualTo(View.Pane.LOG);
            assertThat(h.text()).contains("Error: state locked").contains("done 1058").contains("> Run terraform apply");
            TextColor red = h.view.theme().style("ansi.red").fg();
            assertThat(h.cellOf("Error:").getForegroundColor()).isEqualTo(red);
            assertThat(h.text()).doesNotContain("14:01:02");
            h.type("T");
            assertThat(h.text()).contains("14:01:02 Error: state locked");
            h.type("kvky"); // up, mark, up, copy: two lines
            assertThat(copied).containsExactly("14:01:01 > Run terraform apply\n14:01:02 Error: state locked");
            assertThat(h.view.message()).contains("copied 2 lines");
            h.type("/state").press(KeyType.Enter);
            assertThat(h.text()).contains("Error: state locked").doesNotContain("done 1058");
        }
    }

    @Test
    void logErrorsAreOneLineInThePane() throws Exception {
        ConsoleOptions o = Harness.base(tmp).logs((run, job) -> {
            throw new java.io.IOException("HTTP 410: logs expired");
        });
        try (Harness h = new Harness(80, 24, new Fixtures.FakeRunner(false), o, Runnable::run)) {
            h.type("j").press(KeyType.Enter);
            assertThat(h.text()).contains("log: HTTP 410: logs expired");
        }
    }

    @Test
    void evictedRunStaysVisibleWithWhoReplacedIt() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            assertThat(h.text()).contains("#57").contains("evicted by #59");
            h.type("jjjjj").press(KeyType.Enter);
            assertThat(h.text()).contains("replaced: #59");
        }
    }

    @Test
    void timelineOpensOnTheSelectedGroupAndEscGoesBack() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("jjt");
            assertThat(h.view.timelineGroup()).isEqualTo("deploy-production");
            assertThat(h.text()).contains("Timeline deploy-production").contains("✗");
            h.type("-");
            assertThat(h.text()).contains("(last 1h)");
            h.type("]");
            assertThat(h.view.timelineGroup()).isNotEqualTo("deploy-production");
            h.press(KeyType.Escape);
            assertThat(h.view.timelineGroup()).isNull();
            h.type(":timeline DEPLOY-PREPROD").press(KeyType.Enter);
            assertThat(h.view.timelineGroup()).isEqualTo("deploy-preprod");
        }
    }

    @Test
    void resizeSwitchesBetweenSplitAndTabbedLayouts() throws Exception {
        try (Harness h = new Harness(160, 48, false, tmp)) {
            assertThat(h.text()).contains("┌ Locks");
            h.vt.setTerminalSize(new TerminalSize(80, 24));
            h.frame();
            assertThat(h.row(2)).contains("1 Groups").contains("2 Locks");
            h.vt.setTerminalSize(new TerminalSize(160, 48));
            h.frame();
            assertThat(h.text()).contains("┌ Locks");
        }
    }

    @Test
    void snapshotsFromTheEngineThreadAreAppliedOnTheScreenThread() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            var s = Fixtures.snapshot();
            var changed = new dev.baton.model.Snapshot(s.takenAt().plusSeconds(1), s.repo(), s.mode(), s.rateLimit(), s.runs(),
                    s.groups().subList(0, 1), s.locks(), s.stages(), s.findings(), java.util.Map.of("github", s.health().get("github")));
            h.view.post(() -> h.view.onSnapshot(changed));
            h.frame();
            assertThat(h.text()).doesNotContain("deploy-dev").contains("updated just now");
        }
    }

    @Test
    void typedConfirmationBlocksTheCommandThreadUntilAnswered() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        ScreenConfirm confirm = new ScreenConfirm();
        Fixtures.FakeRunner runner = new Fixtures.FakeRunner(false);
        runner.answer = line -> confirm.confirm("Release the lock on production?", "held by runner@fv-az1-1", "9f1c2d3e")
                ? Result.ok("released", null) : Result.error(Exit.REFUSED, "not confirmed");
        try (Harness h = new Harness(80, 24, runner, Harness.base(tmp).confirm(confirm), pool)) {
            confirm.attach(h.view);
            h.type("2Gu").type("stuck").press(KeyType.Enter);
            waitFor(h, () -> h.view.dialogOpen());
            assertThat(h.text()).contains("Release the lock on production?").contains("Type 9f1c2d3e to confirm");
            h.type("9f1c2d3f").press(KeyType.Enter);
            assertThat(h.view.dialogOpen()).isTrue();
            assertThat(h.text()).contains("that is not '9f1c2d3e'");
            for (int i = 0; i < 8; i++) h.press(KeyType.Backspace);
            h.type("9f1c2d3e").press(KeyType.Enter);
            waitFor(h, () -> "released".equals(h.view.message()));
            h.type("u").press(KeyType.Enter);
            waitFor(h, () -> h.view.dialogOpen());
            h.press(KeyType.Escape);
            waitFor(h, () -> h.view.popupOpen());
            assertThat(h.text()).contains("not confirmed");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ctrlCInterruptsARunningCommand() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Fixtures.FakeRunner runner = new Fixtures.FakeRunner(false);
        runner.answer = line -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return Result.ok("too late", null);
        };
        try (Harness h = new Harness(80, 24, runner, Harness.base(tmp), pool)) {
            h.type(":watch deploy-production").press(KeyType.Enter);
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(h.row(23)).contains("running: watch deploy-production");
            h.ctrl('c');
            assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(h.view.message()).isEqualTo("cancelled: watch deploy-production");
            assertThat(h.text()).doesNotContain("Quit baton?").doesNotContain("too late");
            h.ctrl('c');
            assertThat(h.text()).contains("Quit baton?");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sparseSnapshotsRenderWithoutFailing() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            var run = new dev.baton.model.Run(7, null, null, 7, 1, null, null, null, null, null,
                    dev.baton.model.RunStatus.PENDING, dev.baton.model.Conclusion.NONE, null, null, null, null);
            var group = new dev.baton.model.ConcurrencyGroup("g", List.of(new dev.baton.model.GroupMember(7, null, null, null, null, 1)),
                    null, null, false, null);
            var finding = new dev.baton.model.Finding(dev.baton.model.Finding.Kind.RACE, null, "g", "two at once", null, null);
            var sparse = new dev.baton.model.Snapshot(Fixtures.T, new dev.baton.model.RepoRef("o", "r"), null, null, List.of(run),
                    List.of(group), null, null, List.of(finding), null);
            h.view.post(() -> h.view.onSnapshot(sparse));
            h.frame().type("t").press(KeyType.Escape).type("4").press(KeyType.Enter);
            assertThat(h.view.message()).isNull();
            assertThat(h.text()).contains("two at once").contains("groups: ?");
        }
    }

    @Test
    void confirmWithoutAScreenRefuses() {
        assertThat(new ScreenConfirm().confirm("q", "", "yes")).isFalse();
    }

    @Test
    void closingTheScreenRefusesAnOpenDialog() throws Exception {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.view.openDialog("q?", "", "yes", answer);
        }
        assertThat(answer.get(1, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aConfirmationOnANarrowScreenShowsTheWholeLockIdentity() throws Exception {
        String uri = "s3://sentiment-analyzer-terraform-state-sandbox/prod/terraform.tfstate.tflock";
        String id = "6c424e5f-0b7e-3c11-9f1c-2d3e4a5b6c7d";
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.view.openDialog("Force-unlock prod?", "lock:  " + uri + "\nid:    " + id + "\nheld by runner@fv-az483-115, OperationTypeApply, 41m",
                    "unlock", answer);
            String screen = h.frame().text().replaceAll("[│|]", " ");
            // every character of the URI and the ID is on screen, in order, across the wrapped rows
            String joined = screen.lines().map(String::strip).reduce("", (a, b) -> a + b);
            assertThat(joined).contains(uri.replace(" ", ""), id);
            assertThat(screen.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        }
        answer.complete(false);
    }

    @Test
    void aStreamingCommandIsFollowedInTheLogPaneItsRunsMarkedAndItsVerdictPopsUp() throws Exception {
        try (Harness h = new Harness(160, 48, false, tmp)) {
            h.runner.answer = line -> {
                h.runner.stream("dispatched 1/2: deploy.yml -> run 1059");
                h.runner.marks.accept(1059); // #59, pending in deploy-production in the fixture
                h.runner.stream("dispatched 2/2: deploy.yml -> run 1061");
                return Result.ok("PASS: one member in progress at a time\ndeploy-production: 2 runs", null);
            };
            h.type(":rapid-fire deploy.yml --count 2").press(KeyType.Enter);
            String screen = h.frame().frame().text();
            assertThat(screen).contains("Log :rapid-fire deploy.yml --count 2", "dispatched 1/2: deploy.yml -> run 1059",
                    "dispatched 2/2: deploy.yml -> run 1061");
            assertThat(screen).contains("┌ :rapid-fire deploy.yml --count 2").contains("PASS: one member in progress at a time");
            assertThat(screen.lines().filter(l -> l.contains("#59")).findFirst().orElseThrow()).contains("rapid-fire");
            assertThat(screen.lines().filter(l -> l.contains("#58")).findFirst().orElseThrow()).doesNotContain("rapid-fire");
            h.runner.stream("a line after the command ended");
            assertThat(h.frame().text()).doesNotContain("a line after the command ended");
        }
    }

    private static void waitFor(Harness h, java.util.function.BooleanSupplier cond) throws InterruptedException {
        for (int i = 0; i < 500 && !cond.getAsBoolean(); i++) {
            Thread.sleep(5);
            h.frame();
        }
        assertThat(cond.getAsBoolean()).as("condition reached").isTrue();
    }
}
