package dev.baton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, item 13: bad configuration and bad option values are an error at once (exit 2, one line naming the
 * file and the key, or the option), not a busy loop, a NullPointerException (exit 3) or a Java message.
 */
class ConfigValidationTest {
    @TempDir
    Path home;

    private Path config(String yaml) throws Exception {
        return Files.writeString(home.resolve("config.yaml"), yaml);
    }

    /** `baton --config FILE audit`: audit reads only the local journal, so the config is all that can fail. */
    private Cli.Outcome withConfig(String yaml) throws Exception {
        return Cli.run(Cli.env(home), "--config", config(yaml).toString(), "audit");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "refresh: 0s                                         | refresh: must be at least 250ms, got 0s",
            "refresh: -5s                                        | refresh: must not be negative, got -5s",
            "refresh: 100ms                                      | refresh: must be at least 250ms, got 100ms",
            "refresh: soon                                       | refresh: 'soon' is not a duration (e.g. 5s, 2m, 1h)",
            "stale_lock_after: -1h                               | stale_lock_after: must not be negative, got -1h",
            "stale_lock_after: 0s                                | stale_lock_after: must be more than 0, got 0s",
            "serve: {idle_timeout: 0s}                          | serve.idle_timeout: must be more than 0, got 0s",
            "serve: {idle-timeout: later}                       | serve.idle_timeout: 'later' is not a duration (e.g. 5s, 2m, 1h)",
            "repositories: [{}]                                  | repositories[0]: missing repo (OWNER/NAME)",
            "repositories: [null]                                | repositories[0]: empty entry (each needs repo: OWNER/NAME)",
            "repositories: [{repo: acme}]                        | repositories[0].repo: repository must be OWNER/NAME, got 'acme'",
            "repositories: [{repo: a/b, environments: [{}]}]     | repositories[0].environments[0]: missing name",
            "repositories: [{repo: a/b, environments: [{name: p, locks: [tf-locks]}]}] | repositories[0].environments[0].locks[0]: 'tf-locks' is not s3://BUCKET/KEY or dynamodb://TABLE/LOCKID",
            "repositories: [{repo: a/b, environments: [{name: p, locks: ['s3://bucket']}]}] | repositories[0].environments[0].locks[0]: 's3://bucket' names no key after the bucket or table",
            "repositories: [{repo: a/b, groups: [null]}]         | repositories[0].groups[0]: empty entry",
    })
    void aBadValueIsOneLineNamingFileAndKey(String yaml, String message) throws Exception {
        String line = withConfig(yaml).oneLineError(2);
        assertThat(line).isEqualTo("baton: " + home.resolve("config.yaml") + ": " + message);
    }

    @Test
    void anEmptyOrCommentOnlyConfigIsValid() throws Exception {
        for (String yaml : new String[]{"", "\n", "# nothing configured yet\n# every key is optional\n", "---\n"}) {
            Cli.Outcome r = withConfig(yaml);
            assertThat(r.code()).as("config '" + yaml + "': " + r.err()).isZero();
            assertThat(r.out()).contains("no audit records");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "watch --timeout -5s                    | watch: --timeout: must not be negative, got -5s",
            "watch --timeout 0s                     | watch: --timeout: must be more than 0, got 0s",
            "events --since -1h                     | events: --since: must not be negative, got -1h",
            "events --since 0m                      | events: --since: must be more than 0, got 0m",
            "audit --limit -5                       | audit: --limit must be positive, got -5",
            "audit --limit 0                        | audit: --limit must be positive, got 0",
            "simulate --scenario idle --speed 0     | simulate: --speed takes max or a positive number, not '0'",
            "simulate --scenario idle --speed -2    | simulate: --speed takes max or a positive number, not '-2'",
            "sandbox --speed 0                      | sandbox: --speed takes a positive number, not '0'",
            "--demo --speed -1 status               | --speed takes a positive number, not '-1'",
    })
    void aMeaninglessOptionValueIsAUsageError(String command, String message) throws Exception {
        java.util.Map<String, String> env = Cli.env(home);
        env.put("BATON_REPO", "acme/deployments"); // so that nothing but the option can be wrong
        env.put("GITHUB_API_URL", "http://127.0.0.1:9"); // and nothing reaches the network if it were not refused
        String line = Cli.run(env, command.split(" ")).oneLineError(2);
        assertThat(line).isEqualTo("baton" + (message.startsWith("sandbox:") ? " " : ": ") + message);
    }
}
