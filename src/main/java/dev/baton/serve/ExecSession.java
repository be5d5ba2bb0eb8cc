package dev.baton.serve;

import dev.baton.command.Commands;
import dev.baton.command.Exit;
import dev.baton.command.Operator;
import dev.baton.command.ScriptRunner;
import dev.baton.workflow.InputLimits;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A session without the screen: `ssh bastion status --json` runs the words as `baton status --json` would
 * (a leading "baton" is allowed), several commands with ';' as `-c` does, and a shell without a pty
 * (`ssh -T bastion < script`) runs stdin as a script. Same output, same exit codes (sent as the channel's
 * exit status), same guard - as this session's operator.
 */
final class ExecSession extends ChannelCommand {
    private final String commandLine;

    /** commandLine null: the script comes on stdin. */
    ExecSession(Server server, String commandLine) {
        super(server);
        this.commandLine = commandLine;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Operator operator = channel.getSession().getAttribute(SshDoor.OPERATOR);
        boolean pty = SshDoor.hasPty(env);
        spawn("", operator, () -> run(operator, pty));
    }

    private void run(Operator operator, boolean pty) {
        int code;
        PrintStream o = new PrintStream(pty ? new CrlfOutputStream(out) : out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(pty ? new CrlfOutputStream(err) : err, true, StandardCharsets.UTF_8);
        Server.Session session = operator == null ? null : server.enter(operator, commandLine == null ? "script" : "exec", why -> {
            e.println("baton: " + why);
            interrupt();
        });
        try {
            if (session == null) {
                e.println("baton: refused, " + server.maxSessions() + " sessions are connected already (--max-sessions)");
                code = Exit.REFUSED;
            } else {
                Commands commands = server.commands(session, false);
                ScriptRunner runner = new ScriptRunner(commands, o, e);
                code = commandLine == null ? runScript(runner, e) : runner.runText(withoutBaton(commandLine));
            }
        } catch (RuntimeException ex) { // the same line and code as the CLI's for the same failure
            e.println("baton: " + Exit.line(ex));
            code = Exit.of(ex);
        } finally {
            server.leave(session);
        }
        o.flush();
        e.flush();
        exit.onExit(code);
    }

    private int runScript(ScriptRunner runner, PrintStream e) {
        try {
            return runner.runReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (InputLimits.TooLarge | InputLimits.NotText ex) {
            e.println("baton: " + ex.getMessage());
            return Exit.USAGE;
        } catch (IOException ex) {
            e.println("baton: cannot read the script: " + ex.getMessage());
            return Exit.USAGE;
        }
    }

    /** `ssh bastion baton status` reads as naturally as `ssh bastion status`. */
    static String withoutBaton(String line) {
        String s = line.strip();
        List<List<String>> words;
        try {
            words = ScriptRunner.split(s);
        } catch (IllegalArgumentException e) {
            return s; // the runner says what is wrong
        }
        if (!words.isEmpty() && !words.get(0).isEmpty() && words.get(0).get(0).equals("baton")) return s.substring("baton".length());
        return s;
    }
}
