package dev.baton;

import dev.baton.command.Exit;
import dev.baton.sandbox.Sandbox;
import dev.baton.sandbox.SandboxException;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** `baton sandbox` (standalone, prints export lines) and `--demo` (in-process): the only place that wires the sandbox in. */
final class SandboxMain {
    private SandboxMain() {
    }

    /** An in-process sandbox and the environment variables that point baton at it. */
    interface Demo extends AutoCloseable {
        Map<String, String> exports();

        /**
         * The sandbox's clock. Its timestamps run at the scenario's speed, ahead of the wall clock, so baton
         * must read this clock to show ages ("running 2m", a lock's age) that are not all "0s".
         */
        java.time.Clock clock();

        /** Sim seconds per real second. */
        double speed();

        @Override
        void close();
    }

    static final String USAGE = "usage: baton sandbox [--scenario NAME] [--speed N] [--port P] [--s3-port P] [--overlay NAME] [--auto-approve D]"
            + " [--api api.github.com|ghes-3.17|ghes-3.18|ghes-3.19] [--repos N]"
            + " [--github-limits] [--rate-limit N] [--app-key FILE] [--app-token-lifetime D] [--env-file FILE] [--config-file FILE]";

    static int serve(List<String> args, PrintStream out, PrintStream err) {
        // real time unless asked: a baton in another process dates ages by its own clock (and GitHub's Date headers),
        // so only at speed 1 do its ages and times agree with the runs and locks it reads; --demo reads sim time
        Sandbox.Options options = Sandbox.Options.defaults().withSpeed(1.0);
        java.nio.file.Path envFile = null;
        java.nio.file.Path configFile = null;
        boolean githubLimits = false;
        java.nio.file.Path appKey = null;
        java.time.Duration appLifetime = null;
        int rateLimit = 0;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String v = i + 1 < args.size() ? args.get(i + 1) : null;
                switch (a) {
                    case "--scenario" -> options = options.withScenario(need(v, a));
                    case "--speed" -> options = options.withSpeed(positive(need(v, a), a));
                    case "--port" -> options = options.withGithubPort(port(need(v, a), a));
                    case "--s3-port" -> options = options.withS3Port(port(need(v, a), a));
                    case "--overlay" -> options = options.withOverlays(List.of(need(v, a).split(",")));
                    case "--auto-approve" -> options = options.withAutoApprove(duration(need(v, a), a));
                    case "--api" -> options = options.withApi(dev.baton.sandbox.ApiFlavour.parse(need(v, a)));
                    case "--env-file" -> envFile = java.nio.file.Path.of(need(v, a));
                    case "--config-file" -> configFile = java.nio.file.Path.of(need(v, a));
                    case "--app-key" -> appKey = java.nio.file.Path.of(need(v, a));
                    case "--app-token-lifetime" -> appLifetime = duration(need(v, a), a);
                    case "--rate-limit" -> rateLimit = count(need(v, a), a, Integer.MAX_VALUE);
                    case "--github-limits" -> {
                        githubLimits = true;
                        i--; // a flag: no value
                    }
                    case "--repos" -> options = options.withRepos(count(need(v, a), a, dev.baton.sandbox.FleetRepo.MAX));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return Exit.OK;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            err.println("baton sandbox: " + e.getMessage());
            return Exit.USAGE;
        }
        if (appLifetime != null && appKey == null) {
            err.println("baton sandbox: --app-token-lifetime needs --app-key FILE (where the App's private key goes)");
            return Exit.USAGE;
        }
        if (appKey != null) options = options.withApp(appLifetime != null ? appLifetime : java.time.Duration.ofHours(1));
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options);
        } catch (SandboxException | IllegalArgumentException e) {
            err.println("baton sandbox: " + e.getMessage());
            return Exit.USAGE;
        }
        // GitHub's limits: the primary budget per token and hour, the secondary ones (900 points a minute, 100 in flight)
        if (rateLimit > 0) sandbox.server().budget().limit(rateLimit);
        if (githubLimits) sandbox.server().secondary().limits(dev.baton.sandbox.SecondaryLimits.Limits.GITHUB);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "baton-sandbox-stop"));
        List<String> lines = new java.util.ArrayList<>(sandbox.exportLines());
        if (appKey != null) {
            // the App's private key for baton (0600); its three variables make baton authenticate as the App
            try {
                sandbox.appExports(appKey).forEach((k, val) -> lines.add("export " + k + "=" + val));
            } catch (java.io.IOException e) {
                err.println("baton sandbox: cannot write " + appKey + ": " + e.getMessage());
                sandbox.close();
                return Exit.USAGE;
            }
        }
        // stdout carries only the export lines, so `eval "$(baton sandbox ...)"` and `. file` work
        lines.forEach(out::println);
        out.flush();
        if (configFile != null) {
            try {
                dev.baton.files.PrivateFiles.replace(configFile, sandbox.fleetConfig());
            } catch (java.io.IOException e) {
                err.println("baton sandbox: cannot write " + configFile + ": " + e.getMessage());
                sandbox.close();
                return Exit.USAGE;
            }
        }
        if (envFile != null) {
            // whole or absent, never half-written: `until [ -f FILE ]` then `. FILE` cannot read it early (0600: it holds a token)
            try {
                dev.baton.files.PrivateFiles.replace(envFile, String.join("\n", lines) + "\n");
            } catch (java.io.IOException e) {
                err.println("baton sandbox: cannot write " + envFile + ": " + e.getMessage());
                sandbox.close();
                return Exit.USAGE;
            }
        }
        String what = sandbox.repos().size() > 1 ? sandbox.repos().size() + " repositories of " + sandbox.org() + " (" + sandbox.repo() + " first)" : sandbox.repo();
        err.println("baton sandbox: serving " + what + " (scenario " + sandbox.scenario().name() + ", API "
                + options.api().id() + ") until Ctrl-C");
        double speed = sandbox.engine().speed();
        if (speed != 1) {
            // the HTTP server dates its answers by the wall clock, so a client cannot learn sim time from Date
            err.printf(java.util.Locale.ROOT, "baton sandbox: sim time runs %sx the wall clock: a separate baton reads ages on its own"
                    + " clock (too short); baton --demo reads sim time%n", speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed));
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Exit.OK;
    }

    static Demo startDemo(String scenario, Double speed) {
        return startDemo(scenario, speed, 1);
    }

    /** repos: how many repositories the sandbox serves (docs/sandbox.md, "A fleet"). */
    static Demo startDemo(String scenario, Double speed, int repos) {
        Sandbox.Options options = Sandbox.Options.defaults().withSpeed(speed).withRepos(repos);
        if (scenario != null) options = options.withScenario(scenario);
        Sandbox sandbox = Sandbox.start(options);
        Map<String, String> env = sandbox.exports(); // the same variables `baton sandbox` prints
        return new Demo() {
            @Override
            public Map<String, String> exports() {
                return env;
            }

            @Override
            public java.time.Clock clock() {
                return new dev.baton.sandbox.EngineClock(sandbox.engine());
            }

            @Override
            public double speed() {
                return sandbox.engine().speed();
            }

            @Override
            public void close() {
                sandbox.close();
            }
        };
    }

    private static String need(String v, String option) {
        if (v == null) throw new IllegalArgumentException(option + " needs a value");
        return v;
    }

    private static double positive(String v, String option) {
        try {
            double d = Double.parseDouble(v);
            if (d > 0) return d;
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException(option + " takes a positive number, not '" + v + "'");
    }

    /** A sim-time delay such as 30s or 2m. */
    private static java.time.Duration duration(String v, String option) {
        try {
            return dev.baton.command.Config.duration(v, null, option);
        } catch (dev.baton.command.Config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static int count(String v, String option, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException(option + " takes a number from 1 to " + max + ", not '" + v + "'");
    }

    private static int port(String v, String option) {
        try {
            int p = Integer.parseInt(v);
            if (p >= 0 && p < 65536) return p;
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new IllegalArgumentException(option + " takes a port number, not '" + v + "'");
    }
}
