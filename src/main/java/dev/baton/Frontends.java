package dev.baton;

import dev.baton.command.Commands;

import java.io.PrintStream;

final class Frontends {
    static int shell(Commands commands, PrintStream out, PrintStream err) {
        err.println("baton: shell not wired yet");
        return 2;
    }

    static int screen(Commands commands, String theme, boolean ascii, PrintStream out, PrintStream err) {
        var r = commands.run("status");
        out.println(r.text());
        return r.exitCode();
    }
}
