package dev.baton;

import dev.baton.lock.LockInfoCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Issue 10's fuzz suite: bad configuration, workflows, scenarios, lock bodies and keys, command lines and
 * scripts, each run as a user would (the real CLI against the sandbox). For every case: the documented exit
 * code, one clean line on stderr (no stack trace, no exception's class name), within a bound, and nothing in
 * the bucket deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputFuzzTest {
    /** Per case: generous for a 2-core CI machine; a hang or a quadratic parse goes far beyond. */
    static final Duration BOUND = Duration.ofSeconds(20);

    Path home;
    LoopbackFixture box;
    S3Client s3;
    String bucket;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("baton-fuzz");
        box = new LoopbackFixture(30, home);
        s3 = box.s3.newClient();
        bucket = box.engine.stateBuckets().iterator().next();
        s3.putObject(b -> b.bucket(bucket).key("dev/terraform.tfstate"), RequestBody.fromString("{\"version\": 4}"));
    }

    @AfterAll
    void stop() {
        s3.close();
        box.close();
    }

    // ---- the one check every case makes ------------------------------------------------------------------

    /** Runs baton with args; asserts the exit code is one of codes, a clean stderr, the bound, and no deletion. */
    private LoopbackFixture.Outcome expect(String[] args, int... codes) {
        Set<String> before = keys();
        LoopbackFixture.Outcome o = assertTimeoutPreemptively(BOUND, () -> box.baton(args), () -> "took longer than " + BOUND);
        String err = o.err();
        assertThat(codes).as("exit code of %s; stderr: %s", List.of(args), err).contains(o.code());
        assertThat(err).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("Error:")
                .doesNotContain("NullPointer").doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b");
        if (o.code() != 0 && o.code() != 1) {
            assertThat(err.strip()).as("one line for %s", List.of(args)).isNotEmpty();
            assertThat(err.strip().lines().count()).as("one line for %s: %s", List.of(args), err).isEqualTo(1);
        }
        assertThat(keys()).as("nothing deleted").containsAll(before);
        return o;
    }

    private Set<String> keys() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).encodingType(software.amazon.awssdk.services.s3.model.EncodingType.URL)).contents().stream().map(o -> o.key()).collect(Collectors.toCollection(TreeSet::new));
    }

    private DynamicTest test(String name, Runnable body) {
        return DynamicTest.dynamicTest(name.length() > 80 ? name.substring(0, 80) + "..." : name, body::run);
    }

    // ---- command lines ------------------------------------------------------------------------------------

    static final List<String> COMMANDS = List.of("status", "groups", "runs", "run", "locks", "logs", "events", "watch", "doctor",
            "lint", "simulate", "unlock", "cancel", "dispatch", "probe-lock", "audit", "rapid-fire");

    @TestFactory
    List<DynamicTest> commandLines() {
        List<DynamicTest> out = new ArrayList<>();
        Random random = new Random(10);
        for (String c : COMMANDS) {
            String junk = "--" + Long.toHexString(random.nextLong());
            out.add(test(c + " " + junk, () -> expect(new String[]{c, junk}, 2)));
        }
        Map<String, String[]> usage = new LinkedHashMap<>();
        usage.put("unknown command", new String[]{"nosuch"});
        usage.put("near miss", new String[]{"stauts"});
        usage.put("empty command", new String[]{""});
        usage.put("unlock without a target", new String[]{"unlock"});
        usage.put("unlock a lock by a bad URI", new String[]{"unlock", "s3://", "--id", "x", "--yes"});
        usage.put("runs --limit abc", new String[]{"runs", "--limit", "abc"});
        usage.put("run abc", new String[]{"run", "abc"});
        usage.put("logs abc", new String[]{"logs", "abc"});
        usage.put("watch --until nonsense", new String[]{"watch", "--until", "nonsense"});
        usage.put("watch --timeout -5s", new String[]{"watch", "--timeout", "-5s"});
        usage.put("watch --timeout banana", new String[]{"watch", "--timeout", "banana"});
        usage.put("events --since -1h", new String[]{"events", "--since", "-1h"});
        usage.put("audit --limit -5", new String[]{"audit", "--limit", "-5"});
        usage.put("unbalanced quote in -c", new String[]{"-c", "status \"unterminated"});
        usage.put("unknown global option", new String[]{"--nope", "status"});
        usage.put("-o yaml", new String[]{"-o", "yaml", "status"});
        usage.put("--speed zero", new String[]{"--speed", "0", "status"});
        usage.put("a control character as a command", new String[]{"\u001b]52;c;aGk=\u0007"});
        usage.put("a very long argument", new String[]{"nosuch" + "x".repeat(100_000)});
        usage.forEach((name, args) -> out.add(test(name, () -> expect(args, 2))));
        // a lock address that is not a lock: refused by name, never deleted
        out.add(test("unlock the state file", () -> expect(new String[]{"unlock", "s3://" + bucket + "/dev/terraform.tfstate", "--id", "x", "--yes"}, 4)));
        out.add(test("unlock a missing lock", () -> expect(new String[]{"unlock", "s3://" + bucket + "/nope/terraform.tfstate.tflock", "--id", "x", "--yes"}, 4)));
        return out;
    }

    // ---- scripts ------------------------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> scripts() throws Exception {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("binary garbage", randomBytes(4096, 1));
        bodies.put("NUL bytes", "status\u0000\u0000\n".getBytes(StandardCharsets.UTF_8));
        bodies.put("unbalanced quotes", "locks \"dev\nstatus\n".getBytes(StandardCharsets.UTF_8));
        bodies.put("an unknown command first", "nosuch\nstatus\n".getBytes(StandardCharsets.UTF_8));
        bodies.put("a bad flag", "groups --zzz\n".getBytes(StandardCharsets.UTF_8));
        bodies.put("a 200 KB line", ("nosuch " + "y".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8));
        bodies.put("10,000 bad lines", "nosuch\n".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        List<DynamicTest> out = new ArrayList<>();
        for (var e : bodies.entrySet()) {
            Path file = Files.write(home.resolve("script-" + out.size() + ".baton"), e.getValue());
            out.add(test(e.getKey(), () -> expect(new String[]{"--script", file.toString()}, 2)));
        }
        out.add(test("a script that does not exist", () -> expect(new String[]{"--script", home.resolve("nope").toString()}, 2)));
        return out;
    }

    // ---- configuration ------------------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> configurations() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("unclosed flow sequence", "refresh: [");
        bad.put("refresh 0s", "refresh: 0s");
        bad.put("refresh negative", "refresh: -1s");
        bad.put("refresh nonsense", "refresh: soon");
        bad.put("stale_lock_after negative", "stale_lock_after: -1h");
        bad.put("an empty repository entry", "repositories: [{}]");
        bad.put("a null repository entry", "repositories: [null]");
        bad.put("repositories a number", "repositories: 5");
        bad.put("a bad lock address", "repositories:\n  - repo: a/b\n    environments:\n      - name: dev\n        locks: [ftp://x]\n");
        bad.put("tabs", "\trefresh: 1s");
        bad.put("a list at the top", "- 1\n- 2\n");
        bad.put("binary", new String(randomBytes(512, 2), StandardCharsets.ISO_8859_1));
        bad.put("a 5 MB line", "refresh: \"" + "9".repeat(5_000_000) + "\"");
        bad.put("deep nesting", "a: " + "[".repeat(10_000));
        List<DynamicTest> out = new ArrayList<>();
        bad.forEach((name, yaml) -> out.add(test("config: " + name, () -> {
            Path file = write("config-" + name.hashCode() + ".yaml", yaml);
            expect(new String[]{"--config", file.toString(), "status"}, 2);
        })));
        Map<String, String> fine = Map.of("empty", "", "a comment only", "# nothing here\n", "a document marker", "---\n");
        fine.forEach((name, yaml) -> out.add(test("config: " + name + " is valid", () -> {
            Path file = write("config-ok-" + name.hashCode() + ".yaml", yaml);
            expect(new String[]{"--config", file.toString(), "status"}, 0);
        })));
        return out;
    }

    // ---- workflows and scenarios -------------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> workflowsAndScenarios() {
        Map<String, String> workflows = new LinkedHashMap<>();
        workflows.put("unclosed", "on: [");
        workflows.put("jobs a number", "on: push\njobs: 5\n");
        workflows.put("unterminated expression", "on: push\nconcurrency:\n  group: ${{ github.ref\njobs: {}\n");
        workflows.put("2,000-term ||", "on: push\nconcurrency:\n  group: ${{ " + "a || ".repeat(2000) + "b }}\njobs: {}\n");
        workflows.put("1000x1000 matrix", "on: push\njobs:\n  j:\n    runs-on: x\n    strategy:\n      matrix:\n        a: ["
                + numbers(1000) + "]\n        b: [" + numbers(1000) + "]\n    steps:\n      - run: echo\n");
        workflows.put("a 2 MB line", "on: push\nname: " + "n".repeat(2_000_000) + "\njobs: {}\n");
        workflows.put("deep nesting", "on: push\njobs: " + "[".repeat(10_000) + "\n");
        workflows.put("binary", new String(randomBytes(2048, 3), StandardCharsets.ISO_8859_1));
        List<DynamicTest> out = new ArrayList<>();
        workflows.forEach((name, yaml) -> {
            out.add(test("lint: " + name, () -> {
                Path repo = checkout("lint-" + name.hashCode(), yaml);
                expect(new String[]{"lint", repo.toString()}, 0, 1, 2); // lint reports what it can, as findings
            }));
            out.add(test("simulate: " + name, () -> {
                Path repo = checkout("sim-" + name.hashCode(), yaml);
                var o = expect(new String[]{"simulate", repo.toString(), "--scenario", "incident", "--speed", "max"}, 0, 2);
                // GitHub runs nothing from a file it cannot load: neither does the simulation, and it says so
                if (o.code() == 0) assertThat(o.out()).contains("did not load");
            }));
        });
        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("unclosed", "events: [");
        scenarios.put("events a number", "events: 5\n");
        scenarios.put("negative time", "events:\n  - at: -5m\n    dispatch: deploy-dev.yml\n");
        scenarios.put("unknown event", "events:\n  - at: 1m\n    explode: now\n");
        scenarios.put("binary", new String(randomBytes(1024, 4), StandardCharsets.ISO_8859_1));
        scenarios.forEach((name, yaml) -> out.add(test("scenario: " + name, () -> {
            Path file = write("scenario-" + name.hashCode() + ".yaml", yaml);
            expect(new String[]{"simulate", "--scenario", file.toString(), "--speed", "max"}, 2);
        })));
        out.add(test("scenario: no such name", () -> expect(new String[]{"simulate", "--scenario", "nosuch-scenario", "--speed", "max"}, 2)));
        return out;
    }

    // ---- lock bodies and keys -----------------------------------------------------------------------------

    @TestFactory
    List<DynamicTest> lockBodiesAndKeys() throws Exception {
        String good = LockInfoCodec.encode(LockInfoCodec.newLock("OperationTypeApply", "", "runner@x", "1.11.4",
                bucket + "/fuzz/terraform.tfstate", Instant.now()));
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("empty", new byte[0]);
        bodies.put("a BOM", ("\uFEFF" + good).getBytes(StandardCharsets.UTF_8));
        bodies.put("stray bytes after the JSON", (good + "}}").getBytes(StandardCharsets.UTF_8));
        bodies.put("two objects", (good + good).getBytes(StandardCharsets.UTF_8));
        bodies.put("an array", ("[" + good + "]").getBytes(StandardCharsets.UTF_8));
        bodies.put("a number", "42".getBytes(StandardCharsets.UTF_8));
        bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
        bodies.put("no ID", "{\"Who\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        bodies.put("ID a number", "{\"ID\":5,\"Who\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        bodies.put("ID an object", "{\"ID\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8));
        bodies.put("ID empty", "{\"ID\":\"\"}".getBytes(StandardCharsets.UTF_8));
        bodies.put("Created garbage", good.replaceFirst("\"Created\":\"[^\"]*\"", "\"Created\":\"yesterday\"").getBytes(StandardCharsets.UTF_8));
        bodies.put("UTF-16", good.getBytes(StandardCharsets.UTF_16));
        bodies.put("gzip", gzip(good.getBytes(StandardCharsets.UTF_8)));
        bodies.put("invalid UTF-8", new byte[]{'{', '"', 'I', 'D', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.put("NUL bytes", ("\u0000" + good).getBytes(StandardCharsets.UTF_8));
        bodies.put("deep nesting", "[".repeat(50_000).getBytes(StandardCharsets.UTF_8));
        bodies.put("200 KB", ("{\"ID\":\"" + "z".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        bodies.put("control characters in Who", good.replace("runner@x", "\\u001b]52;c;aGk=\\u0007\\u001b[2J").getBytes(StandardCharsets.UTF_8));
        bodies.put("binary", randomBytes(300, 5));
        // each unlock case puts its own lock and takes it away after: with the other 27 in the bucket too, each unlock's
        // first poll read all of them (~170 ms of a ~280 ms case); the listing case reads them all at once
        Map<String, String> keys = new LinkedHashMap<>();
        int i = 0;
        for (String name : bodies.keySet()) keys.put(name, "fuzz" + i++ + "/terraform.tfstate.tflock");
        Map<String, byte[]> all = new LinkedHashMap<>();
        keys.forEach((name, key) -> all.put(key, bodies.get(name)));
        for (String odd : List.of("esc\u001b[2J/terraform.tfstate.tflock", "sp ace/terraform.tfstate.tflock", "ünï/terraform.tfstate.tflock",
                "long-" + "k".repeat(900) + ".tflock")) {
            all.put(odd, good.getBytes(StandardCharsets.UTF_8));
        }
        List<DynamicTest> out = new ArrayList<>();
        out.add(test("every odd lock is listed, the bucket is not blind", () -> withLocks(all, () -> {
            String json = expect(new String[]{"locks", "--json"}, 0).out();
            for (String key : keys.values()) assertThat(json).contains(key);
            assertThat(json).contains("sp ace/").contains("ünï/").contains("long-kkkk");
        })));
        keys.forEach((name, key) -> out.add(test("unlock a lock whose body is " + name + " with a wrong id and --yes",
                () -> withLocks(Map.of(key, bodies.get(name)), () -> {
                    expect(new String[]{"unlock", "s3://" + bucket + "/" + key, "--id", "00000000-0000-0000-0000-000000000000", "--yes"}, 4);
                    assertThat(keys()).contains(key);
                }))));
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Puts these objects (key -> body), runs the case, then deletes them: the case's own, the bucket as it was after. */
    private void withLocks(Map<String, byte[]> objects, Runnable body) {
        objects.forEach((key, bytes) -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)));
        try {
            body.run();
        } finally {
            objects.keySet().forEach(key -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
        }
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(home.resolve(name), text, StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)
                    ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path checkout(String name, String workflow) {
        try {
            Path repo = home.resolve(name);
            Files.createDirectories(repo.resolve(".github/workflows"));
            Files.writeString(repo.resolve(".github/workflows/deploy.yml"), workflow, StandardCharsets.ISO_8859_1);
            return repo;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String numbers(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] gzip(byte[] bytes) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
