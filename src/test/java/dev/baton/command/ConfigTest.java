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
                .isEqualTo("unknown key 'repositories[0].grups' (known here: api_url, backend_dirs, environments, groups, repo)");
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
}
