package dev.baton.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A broken config file is one line that names the place or the key, never a parser's stack of lines or a Java class. */
class ConfigTest {
    @TempDir
    Path dir;

    String error(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("config.yaml"), yaml);
        Config.ConfigException e = catchThrowableOfType(() -> Config.load(f), Config.ConfigException.class);
        assertThat(e).as("a config error for:\n" + yaml).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("dev.baton").doesNotContain("java.").startsWith(f.toString());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void brokenYamlNamesLineAndColumn() throws Exception {
        assertThat(error("repositories:\n  - repo: acme/x\n    groups: [a, b\n")).startsWith("line 4, column 1: invalid YAML: expected ',' or ']'");
    }

    @Test
    void aTypoIsAnUnknownKeyWithTheKnownOnes() throws Exception {
        assertThat(error("repositories:\n  - repo: acme/x\n    grups: [a]\n"))
                .isEqualTo("unknown key 'repositories[0].grups' (known here: api_url, backend_dirs, environments, groups, repo, token_env)");
    }

    @Test
    void aWrongTypeSaysWhatWasExpected() throws Exception {
        assertThat(error("repositories:\n  - repo: acme/x\n    groups: {a: 1}\n")).isEqualTo("repositories[0].groups is not a list");
        assertThat(error("read_only: maybe\n")).isEqualTo("read_only: 'maybe' is not true or false");
    }

    @Test
    void aGoodFileLoads() throws Exception {
        Path f = Files.writeString(dir.resolve("ok.yaml"), "read_only: true\nrepositories:\n  - repo: acme/x\n    groups: [a]\n");
        assertThat(Config.load(f).readOnly()).isTrue();
    }

    @Test
    void orgsAndTokenEnvLoadAndAreChecked() throws Exception {
        Path f = Files.writeString(dir.resolve("orgs.yaml"), "orgs:\n  - org: acme\n  - org: platform\n    api_url: https://ghe.example.com/api/v3\n"
                + "    token_env: GHE_TOKEN\nrepositories:\n  - repo: acme/x\n    token_env: X_TOKEN\n");
        Config c = Config.load(f);
        assertThat(c.orgsOrEmpty()).extracting(Config.Org::org).containsExactly("acme", "platform");
        assertThat(c.orgsOrEmpty().get(1).tokenEnv()).isEqualTo("GHE_TOKEN");
        assertThat(c.repositoriesOrEmpty().get(0).tokenEnv()).isEqualTo("X_TOKEN");
        assertThat(error("orgs:\n  - api_url: https://x\n")).isEqualTo("orgs[0].org: missing (NAME)");
        assertThat(error("orgs:\n  - org: a/b\n")).isEqualTo("orgs[0].org: 'a/b' is not an organisation name");
        assertThat(error("repositories:\n  - repo: acme/x\n    token_env: ''\n")).isEqualTo("repositories[0].token_env: must not be empty");
    }
}
