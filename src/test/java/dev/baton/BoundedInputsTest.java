package dev.baton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, item 11: input that is too big or too deep is a one-line error within a second (exit 2 for a
 * refusal, a lint finding where GitHub would refuse the workflow too), never a StackOverflowError, an
 * OutOfMemoryError or minutes of parsing. Runs the CLI with the launcher's stack size (see {@link Cli}).
 */
class BoundedInputsTest {
    @TempDir
    Path home;

    private Map<String, String> env() {
        return Cli.env(home);
    }

    private Path workflow(String name, String text) throws Exception {
        Path dir = Files.createDirectories(home.resolve("repo/.github/workflows"));
        return Files.writeString(dir.resolve(name), text);
    }

    /** A workflow whose concurrency group and job if: are the same long expression: lint walks both. */
    private static String job(String expression) {
        return "on: push\nconcurrency:\n  group: deploy-${{ " + expression + " }}\njobs:\n  a:\n    if: " + expression
                + "\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n";
    }

    /** Lint's text report wraps at 80 columns: compare it as one line. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static String chain(String op, int terms) {
        return String.join(" " + op + " ", Collections.nCopies(terms, "github.actor == 'x'"));
    }

    @Test
    void orAndAndChainsWithinGitHubsLimitAreLinted() throws Exception {
        // 900 terms of 23 characters: 20,700 characters, just within GitHub's 21,000
        Path ok = workflow("ok.yml", job(chain("||", 900)));
        Cli.Outcome r = Cli.run(env(), "lint", ok.toString());
        assertThat(r.code()).as(r.err() + r.out()).isIn(0, 1);
        assertThat(flat(r.out())).doesNotContain("workflow-invalid");

        Path and = workflow("and.yml", job(chain("&&", 900)));
        r = Cli.run(env(), "lint", and.toString());
        assertThat(r.code()).as(r.err() + r.out()).isIn(0, 1);
        assertThat(flat(r.out())).doesNotContain("workflow-invalid");
    }

    @Test
    void aTwoThousandTermOrIsAFindingNotAStackOverflow() throws Exception {
        Path f = workflow("long.yml", job(chain("||", 2000)));
        Cli.Outcome r = Cli.run(env(), "lint", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(flat(r.out())).contains("long.yml:3").contains("workflow-invalid").contains("exceeds 21000 characters");
        assertThat(r.took()).isLessThan(Cli.BOUND);
    }

    @Test
    void nestingDeeperThanGitHubsLimitIsAFinding() throws Exception {
        String deep = "(".repeat(60) + "github.actor == 'x'" + ")".repeat(60);
        Path f = workflow("deep.yml", job(deep));
        Cli.Outcome r = Cli.run(env(), "lint", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(flat(r.out())).contains("deep.yml:3").contains("nested more than 50 levels");
        String comparisons = String.join(" == ", Collections.nCopies(2000, "true"));
        f = workflow("deep.yml", job(comparisons));
        r = Cli.run(env(), "lint", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(flat(r.out())).contains("deep.yml:3").contains("nested more than 50 levels");
    }

    /** 2 MiB of comment lines: a script that would do nothing, but is over the limit. */
    private static String bigScript() {
        return "# nothing to do here, just a long comment line of about sixty characters\n".repeat((2 << 20) / 72);
    }

    @Test
    void aScriptFileOverOneMiBIsRefused() throws Exception {
        Path script = Files.writeString(home.resolve("big.txt"), bigScript());
        String line = Cli.run(env(), "--script", script.toString()).oneLineError(2);
        assertThat(line).isEqualTo("baton: " + script + ": a script of 2.0 MiB is over baton's limit of 1 MiB");
    }

    @Test
    void aScriptOnStdinOverOneMiBIsRefused() throws Exception {
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream(bigScript().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            String line = Cli.run(env()).oneLineError(2);
            assertThat(line).isEqualTo("baton: stdin: a script of more than 1 MiB is over baton's limit of 1 MiB");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void aWorkflowWithAMultiMegabyteLineIsRefusedAtOnce() throws Exception {
        // SnakeYAML's time grows with the square of a line: 5 MB took over 90 s
        Path f = workflow("huge.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo " + "x".repeat(5_000_000) + "\n");
        String line = Cli.run(env(), "lint", f.toString()).oneLineError(2);
        assertThat(line).isEqualTo("baton: lint: " + f + ": a workflow file of 4.8 MiB is over baton's limit of 1 MiB");
    }

    @Test
    void aWorkflowLineOver64KiBIsRefused() throws Exception {
        workflow("long-line.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo " + "x".repeat(200_000) + "\n");
        String line = Cli.run(env(), "lint", home.resolve("repo").toString()).oneLineError(2);
        assertThat(line).isEqualTo("baton: lint: .github/workflows/long-line.yml:6: a line of 200018 characters is over baton's limit "
                + "of 65536 (64 KiB) for a workflow file");
    }

    @Test
    void aBackendFileLineOver64KiBIsRefused() throws Exception {
        Files.createDirectories(home.resolve("repo/infrastructure/terraform"));
        Files.writeString(home.resolve("repo/infrastructure/terraform/backend-prod.hcl"), "bucket = \"b\"\nkey = \"" + "k".repeat(100_000) + "\"\n");
        String line = Cli.run(env(), "lint", home.resolve("repo").toString()).oneLineError(2);
        assertThat(line).startsWith("baton: lint: infrastructure/terraform/backend-prod.hcl:2: a line of 100008 characters");
    }

    private static String matrixWorkflow(int a, int b, String extra) {
        String xs = String.join(", ", java.util.stream.IntStream.range(0, a).mapToObj(i -> "a" + i).toList());
        String ys = String.join(", ", java.util.stream.IntStream.range(0, b).mapToObj(i -> "b" + i).toList());
        return "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        x: [" + xs + "]\n        y: [" + ys
                + "]\n" + extra + "    steps:\n      - run: echo ${{ matrix.x }} ${{ matrix.y }}\n";
    }

    @Test
    void simulateRefusesAThousandByThousandMatrix() throws Exception {
        workflow("matrix.yml", matrixWorkflow(1000, 1000, ""));
        String line = Cli.run(env(), "simulate", home.resolve("repo").toString(), "--scenario", "rapid-merges").oneLineError(2);
        assertThat(line).isEqualTo("baton: simulate: .github/workflows/matrix.yml:6: job 'build': matrix of 1000000 jobs exceeds "
                + "GitHub's limit of 256 jobs (GitHub fails the run: \"Strategy expansion exceeded 256 results\")");
    }

    @Test
    void lintCountsAMatrixWithItsExcludes() throws Exception {
        // 17 x 16 = 272 combinations, 16 excluded: 256 jobs, within the limit
        workflow("ok.yml", matrixWorkflow(17, 16, "        exclude:\n          - x: a16\n"));
        Cli.Outcome r = Cli.run(env(), "lint", home.resolve("repo").toString());
        assertThat(flat(r.out())).as(r.err()).doesNotContain("matrix of");
        workflow("ok.yml", matrixWorkflow(17, 16, "        exclude:\n          - {x: a16, y: b0}\n"));
        r = Cli.run(env(), "lint", home.resolve("repo").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(flat(r.out())).contains("ok.yml:6").contains("workflow-invalid").contains("matrix of 271 jobs exceeds GitHub's limit of 256 jobs");
    }

    @Test
    void deeplyNestedHclIsAFindingNotAStackOverflow() throws Exception {
        Files.createDirectories(home.resolve("repo/infrastructure/terraform"));
        Files.writeString(home.resolve("repo/infrastructure/terraform/backend-prod.hcl"), "a {\n".repeat(20_000) + "}\n".repeat(20_000));
        Cli.Outcome r = Cli.run(env(), "lint", home.resolve("repo").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(flat(r.out())).contains("backend-prod.hcl:33").contains("blocks nested more than 32 levels");
        assertThat(r.took()).isLessThan(Cli.BOUND);
    }
}
