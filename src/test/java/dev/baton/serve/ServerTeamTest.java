package dev.baton.serve;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.Operator;
import dev.baton.command.Team;
import dev.baton.model.Lease;
import dev.baton.model.Presence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A serve session's place in the team: a screen is present, a command only holds leases, leaving ends both. */
class ServerTeamTest {
    @TempDir
    Path tmp;

    @Test
    void aSessionThatLeavesReleasesItsLeasesAndLeavesThePresenceLine() {
        try (Baton baton = new Baton(Map.of("XDG_STATE_HOME", tmp.toString(), "XDG_CONFIG_HOME", tmp.toString()),
                new BatonOptions("acme/deploy", null, false))) {
            Server server = new Server(baton, new ServeOptions("127.0.0.1", 0, tmp.resolve("keys"), tmp.resolve("host"), null, 8, false),
                    null, null);
            Operator alice = new Operator("alice", Operator.Role.OPERATOR, "ssh", "SHA256:a");
            Operator bob = new Operator("bob", Operator.Role.VIEWER, "socket", "uid of bob");
            Server.Session screen = server.enter(alice, "screen", why -> { });
            Server.Session script = server.enter(bob, "exec", why -> { });
            assertThat(baton.team().presence()).extracting(Presence::operator).as("a command is not listed").containsExactly("alice");

            Commands aliceCommands = server.commands(screen, true);
            assertThat(aliceCommands.io().seat()).isSameAs(screen.seat());
            Team.Target prod = Team.Target.workflow("deploy.yml");
            assertThat(screen.seat().acquire("dispatch", List.of(prod))).isNull();
            assertThat(script.seat().acquire("dispatch", List.of(prod))).extracting(Lease::operator).isEqualTo("alice");

            server.leave(screen); // the client went away mid-dialog
            assertThat(baton.team().leases()).isEmpty();
            assertThat(baton.team().presence()).isEmpty();
            assertThat(script.seat().acquire("dispatch", List.of(prod))).isNull();
            server.leave(script);
            assertThat(baton.team().leases()).isEmpty();
        }
    }
}
