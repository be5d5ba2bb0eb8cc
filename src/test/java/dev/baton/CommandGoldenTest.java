package dev.baton;

import dev.baton.command.Commands;
import dev.baton.testkit.GoldenFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static dev.baton.GoldenIncident.crashed;
import static dev.baton.GoldenIncident.evicted;
import static dev.baton.GoldenIncident.name;
import static dev.baton.GoldenIncident.own;
import static dev.baton.GoldenIncident.pending;
import static dev.baton.GoldenIncident.run;
import static dev.baton.GoldenIncident.running;

/**
 * Every command's text and --json output on one incident ({@link GoldenIncident}), compared with golden files in
 * src/test/resources/golden/commands (-Dgolden.update=true rewrites them; review the diff). First the forms that
 * poll on their own (the fleet forms, doctor: the rate limit they show counts every request before them), then the
 * reads on a baton that polled once, then the mutations, refused and carried out, on an operator's baton of its
 * own, in the order an incident would see them, and last the audit records and events they left. The order is
 * fixed (@Order): a later step sees what an earlier one changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandGoldenTest {
    /** A script of an operator's: its own audit journal, event journal and leases. */
    static Commands operatorScript;
    /** The fleet forms' script and a read-only one, each on a baton with state of its own. */
    static Commands fleetScript;
    static Commands readOnlyScript;

    @BeforeAll
    static void incident() throws Exception {
        GoldenIncident.start();
        operatorScript = own("operator-state", false);
        fleetScript = own("fleet-state", false);
        readOnlyScript = own("read-only-state", true);
    }

    @AfterAll
    static void stop() {
        GoldenIncident.stop();
    }

    /** The fleet forms poll on their own (here on a baton of their own); one repository is watched, named first. */
    @Order(1)
    @ParameterizedTest
    @ValueSource(strings = {"status --all", "locks --all", "groups --all", "status --all --json", "locks --all --json", "groups --all --json"})
    void fleet(String line) throws Exception {
        GoldenFile.check("commands", file(line, ""), run(fleetScript, line));
    }

    /** doctor reads everything live and probes the bucket (a scratch key, journalled): on a baton of its own. */
    @Order(2)
    @ParameterizedTest
    @ValueSource(strings = {"", " --json"})
    void doctor(String json) throws Exception {
        GoldenFile.check("commands", "doctor" + (json.isEmpty() ? "" : ".json") + ".txt", run(own("doctor-state", false), "doctor" + json));
    }

    @Order(3)
    @ParameterizedTest
    @ValueSource(strings = {"status", "groups", "groups terraform-deploy-dev", "locks", "locks prod", "runs", "runs --limit 3", "events",
            "audit", "lint --repo acme/sentiment-analyzer", "lint --repo acme/sentiment-analyzer --format sarif", "simulate --scenario rapid-merges",
            "repo", "repo acme/sentiment-analyzer",
            "timeline", "theme", "quit"})
    void text(String line) throws Exception {
        GoldenFile.check("commands", name(line) + ".txt", run(line));
    }

    @Order(4)
    @ParameterizedTest
    @ValueSource(strings = {"status", "groups", "locks", "runs --limit 3", "events", "audit", "lint --repo acme/sentiment-analyzer",
            "simulate --scenario rapid-merges", "repo"})
    void json(String line) throws Exception {
        GoldenFile.check("commands", name(line) + ".json.txt", run(line + " --json"));
    }

    /** run ID: the evicted run, its jobs and where it stands (nowhere: evicted). */
    @Order(5)
    @ParameterizedTest
    @ValueSource(strings = {"", " --json"})
    void oneRun(String json) throws Exception {
        GoldenFile.check("commands", "run-evicted" + (json.isEmpty() ? "" : ".json") + ".txt", run("run " + evicted.id() + json));
    }

    /** logs RUN: a finished job's log, a running job's steps, and why an evicted or a pending run has none. */
    static Stream<Arguments> logs() {
        return Stream.of(Arguments.of("logs-crashed.txt", "logs " + crashed.id()), Arguments.of("logs-crashed.json.txt", "logs " + crashed.id() + " --json"),
                Arguments.of("logs-running.txt", "logs " + running.id()), Arguments.of("logs-running.json.txt", "logs " + running.id() + " --json"),
                Arguments.of("logs-evicted.txt", "logs " + evicted.id()), Arguments.of("logs-pending.json.txt", "logs " + pending.id() + " --json"));
    }

    @Order(6)
    @ParameterizedTest
    @MethodSource
    void logs(String file, String line) throws Exception {
        GoldenFile.check("commands", file, run(line));
    }

    /**
     * watch starts the engine's own polling, so it runs on a baton of its own (the sandbox's clock stands
     * still: its snapshots are those the others see) with its own journals: the others' output stays as it is.
     * It states where the group stands, prints the events of its first snapshot, and stops there: the run it
     * waits for (the crashed one) is done. (A timeout would race the first poll against wall time.)
     */
    @Order(7)
    @ParameterizedTest
    @ValueSource(strings = {"", " --json"})
    void watch(String json) throws Exception {
        String line = "watch terraform-deploy-dev --until done:" + crashed.id() + json;
        GoldenFile.check("commands", "watch-until-done" + (json.isEmpty() ? "" : ".json") + ".txt", run(own("watch-state", false), line));
    }

    /**
     * A guarded action's answer in JSON (OutcomeView): its keys in one order at every run (they were a Map.of,
     * whose order changes from run to run). A script cannot confirm, so the dispatch is refused; on a baton with
     * journals of its own, so the audit file the others read stays as it is.
     */
    @Order(8)
    @Test
    void aGuardedActionsJsonKeepsItsKeyOrder() throws Exception {
        String out = run(own("dispatch-state", false), "dispatch deploy-dev.yml --reason golden --json");
        GoldenFile.check("commands", "dispatch-refused.json.txt", out);
        org.assertj.core.api.Assertions.assertThat(out.indexOf("\"outcome\"")).isPositive().isLessThan(out.indexOf("\"message\""));
    }

    /** A read-only baton refuses every mutation before it reads anything, and its help lists none of them. */
    static Stream<Arguments> readOnly() {
        return Stream.of(Arguments.of("unlock", "unlock prod --id 9300952d --yes"), Arguments.of("cancel", "cancel " + pending.id()),
                Arguments.of("cancel.json", "cancel " + pending.id() + " --json"), Arguments.of("approve", "approve " + pending.id()),
                Arguments.of("dispatch", "dispatch deploy-dev.yml --yes"), Arguments.of("rapid-fire", "rapid-fire deploy-dev.yml --dry-run"),
                Arguments.of("probe-lock", "probe-lock prod"), Arguments.of("help", "help"), Arguments.of("audit.json", "audit --json"));
    }

    @Order(9)
    @ParameterizedTest
    @MethodSource
    void readOnly(String file, String line) throws Exception {
        GoldenFile.check("commands", "read-only-" + file + ".txt", run(readOnlyScript, line));
    }

    /**
     * An operator's script through the incident: each mutation refused (no confirmation in a script, a run that
     * could hold the lock, a run in progress, nothing to approve, production, a name nothing declares, a run that
     * does not exist) with its evidence, then carried out: production's stale lock released with its id given as
     * the script's confirmation, dave's pending run cancelled, a dispatch confirmed.
     */
    static Stream<Arguments> operator() {
        return Stream.of(
                Arguments.of("unlock-without-id.txt", "unlock prod"),
                Arguments.of("unlock-unconfirmed.txt", "unlock prod --id 9300952d"),
                Arguments.of("unlock-held.txt", "unlock dev --id fbed1e52 --yes"),
                Arguments.of("unlock-held.json.txt", "unlock dev --id fbed1e52 --yes --json"),
                Arguments.of("unlock-undeclared.txt", "unlock prodd --yes"),
                Arguments.of("cancel-running.txt", "cancel " + running.id()),
                Arguments.of("cancel-completed.json.txt", "cancel " + crashed.id() + " --json"),
                Arguments.of("cancel-not-found.txt", "cancel 999 --yes"),
                Arguments.of("approve-pending.txt", "approve " + pending.id()),
                Arguments.of("approve-completed.json.txt", "approve " + crashed.id() + " --json"),
                Arguments.of("dispatch-unconfirmed.txt", "dispatch deploy-dev.yml --reason golden"),
                Arguments.of("dispatch-unknown.txt", "dispatch deploy-dve.yml --yes"),
                Arguments.of("rapid-fire-production.txt", "rapid-fire deploy-prod.yml"),
                Arguments.of("rapid-fire-sets-off-production.txt", "rapid-fire deploy-dev.yml --count 3"),
                Arguments.of("rapid-fire-dry-run.txt", "rapid-fire deploy-dev.yml --dry-run"),
                Arguments.of("rapid-fire-dry-run.json.txt", "rapid-fire deploy-dev.yml --dry-run --json"),
                Arguments.of("probe-lock-prod.txt", "probe-lock prod"),
                Arguments.of("note.txt", "note rolling back prod"),
                Arguments.of("note.json.txt", "note --json unlocking prod after the crash"),
                Arguments.of("unlock-released.json.txt", "unlock prod --id 9300952d --yes --reason golden --json"),
                Arguments.of("unlock-gone.txt", "unlock prod --id 9300952d --yes"),
                Arguments.of("cancel-pending.txt", "cancel " + pending.id() + " --reason golden"),
                Arguments.of("dispatch-confirmed.txt", "dispatch deploy-dev.yml --yes --reason golden"));
    }

    @Order(10)
    @ParameterizedTest
    @MethodSource
    void operator(String file, String line) throws Exception {
        GoldenFile.check("commands", file, run(operatorScript, line));
    }

    /**
     * erin's production deploy waits for a reviewer (the sandbox's clock moves until it does, a few seconds): the
     * operator's script is refused without a confirmation, then approves it with --yes.
     */
    @Order(11)
    @Test
    void approveAWaitingDeployment() throws Exception {
        long run = GoldenIncident.engine.state().dispatch("deploy-prod.yml", "main", java.util.Map.of(), "erin").id();
        for (int s = 0; GoldenIncident.engine.state().run(run).orElseThrow().status() != dev.baton.model.RunStatus.WAITING; s++) {
            org.assertj.core.api.Assertions.assertThat(s).as("run %d never waited for approval", run).isLessThan(15);
            GoldenIncident.engine.advance(java.time.Duration.ofSeconds(1));
        }
        GoldenFile.check("commands", "approve-unconfirmed.txt", run(operatorScript, "approve " + run));
        GoldenFile.check("commands", "approve-approved.json.txt", run(operatorScript, "approve " + run + " --yes --reason golden --json"));
    }

    /** The record of all of it: every attempt in the audit journal and as an ACTION event, refusals included. */
    @Order(12)
    @ParameterizedTest
    @ValueSource(strings = {"audit", "audit --json", "events", "events --json"})
    void theRecord(String line) throws Exception {
        GoldenFile.check("commands", file(line, "-operator"), run(operatorScript, line));
    }

    /** The golden file of a line that may end in --json: status --all --json is status-all.json.txt. */
    static String file(String line, String suffix) {
        boolean json = line.endsWith(" --json");
        return name(json ? line.substring(0, line.length() - " --json".length()) : line) + suffix + (json ? ".json" : "") + ".txt";
    }
}
