package dev.baton.command;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.baton.github.GitHubPort;
import dev.baton.lock.BackendProbe;
import dev.baton.lock.LockStore;
import dev.baton.lock.SafeRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** Read-only mode removes every mutating command, and no command can mutate without saying so. */
class ReadOnlyTest {
    @TempDir
    Path tmp;

    Commands commands(boolean readOnly) {
        Map<String, String> env = Map.of("BATON_REPO", "acme/deploy", "XDG_STATE_HOME", tmp.toString(),
                "XDG_CONFIG_HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.toString(), "GH_TOKEN", "t");
        return new Commands(new Baton(env, new BatonOptions(null, null, readOnly)), FrontendIo.script());
    }

    @Test
    void everyMutatingCommandIsRefusedWithExit4AndHiddenFromHelp() throws Exception {
        Commands ro = commands(true);
        List<String> mutating = new ArrayList<>();
        for (Class<? extends BaseCommand> c : Commands.ALL) {
            if (!Commands.mutating(c)) continue;
            String name = c.getAnnotation(Command.class).name();
            mutating.add(name);
            // arguments that parse for each: the refusal must come before any connection is made
            List<String> args = switch (name) {
                case "unlock" -> List.of(name, "prod", "--id", "x", "--reason", "read-only probe");
                case "cancel", "approve" -> List.of(name, "1");
                case "dispatch", "probe-lock" -> List.of(name, "x");
                default -> List.of(name);
            };
            Commands.Execution ex = ro.execute(args);
            assertThat(ex.result().exitCode()).as(name).isEqualTo(Exit.REFUSED);
            assertThat(ex.result().text()).as(name).contains("read-only");
            assertThat(ro.names()).doesNotContain(name);
            assertThat(ro.help()).doesNotContain(name + " ");
        }
        assertThat(mutating).contains("unlock", "cancel", "approve", "dispatch");
        assertThat(commands(false).names()).containsAll(mutating);
        // issue 10 item 8: refusals are attempts too, and on the record with the reason given
        var audit = new AuditJournal(tmp.resolve("baton/repos/api.github.com/acme/deploy/audit.jsonl")).read(100);
        assertThat(audit).extracting(e -> e.get("action")).containsExactlyElementsOf(mutating);
        assertThat(audit).allSatisfy(e -> assertThat(e.get("outcome")).isEqualTo("refused"));
        assertThat(audit).filteredOn(e -> e.get("action").equals("unlock")).singleElement()
                .satisfies(e -> assertThat(e.get("reason")).isEqualTo("read-only probe"))
                .satisfies(e -> assertThat(e.get("target")).as("the lock, not the options").isEqualTo("prod"));
    }

    @Test
    void readOnlyAlsoComesFromTheEnvironment() {
        Baton s = new Baton(Map.of("BATON_READ_ONLY", "1", "XDG_CONFIG_HOME", tmp.toString()),
                new BatonOptions("acme/deploy", null, false));
        assertThat(s.readOnly()).isTrue();
    }

    /** BATON_READ_ONLY fails closed: `on`, `yes`, `2`, ` 1` and `enabled` left baton writable, with no word said. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "1|true|false", "true|true|false", "TRUE|true|false", "yes|true|false", "on|true|false", "' 1'|true|false", "y|true|true",
            "2|true|true", "enabled|true|true", "0|false|false", "false|false|false", "no|false|false", "OFF|false|false", "''|false|false"})
    void anyValueButAnExplicitFalseIsReadOnly(String value, boolean readOnly, boolean warned) {
        Map<String, String> env = Map.of("BATON_READ_ONLY", value, "XDG_CONFIG_HOME", tmp.toString(), "XDG_STATE_HOME", tmp.toString());
        Baton s = new Baton(env, new BatonOptions("acme/deploy", null, false));
        assertThat(s.readOnly()).as("BATON_READ_ONLY='%s'", value).isEqualTo(readOnly);
        assertThat(s.warnings()).as("warnings for '%s'", value).hasSize(warned ? 1 : 0);
        if (warned) assertThat(s.warnings().get(0)).contains("'" + value + "'", "read-only");
        s.sleeper(d -> { }); // a writable unlock goes on to a GitHub that is not there: its retries need not wait
        Commands.Execution ex = new Commands(s, FrontendIo.script()).execute(List.of("unlock", "prod", "--id", "x"));
        if (readOnly) assertThat(ex.result().exitCode()).as("unlock with BATON_READ_ONLY='%s'", value).isEqualTo(Exit.REFUSED);
    }

    @Test
    void onlyMutatingCommandsReachTheMutatingCalls() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.baton.command");
        noClasses().that().areAssignableTo(BaseCommand.class).and().areNotAnnotatedWith(Mutating.class)
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a mutating call", call ->
                        (call.getTargetOwner().isAssignableTo(GitHubPort.class)
                                && List.of("dispatch", "cancel", "reviewDeployments").contains(call.getName()))
                                || call.getTargetOwner().isAssignableTo(SafeRelease.class)
                                || call.getTargetOwner().isAssignableTo(BackendProbe.class)
                                || (call.getTargetOwner().isAssignableTo(LockStore.class)
                                && List.of("createIfAbsent", "deleteIfUnchanged", "deleteUnconditionally").contains(call.getName()))))
                .because("read-only mode strips only @Mutating commands")
                .check(classes);
    }
}
