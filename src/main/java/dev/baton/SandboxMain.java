package dev.baton;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

final class SandboxMain {
    interface Demo extends AutoCloseable {
        Map<String, String> exports();
    }

    static int serve(List<String> args, PrintStream out, PrintStream err) {
        err.println("baton: sandbox not wired yet");
        return 2;
    }

    static Demo startDemo(String scenario, double speed) {
        throw new IllegalStateException("sandbox not wired yet");
    }
}
