package dev.baton.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * Manual try-out until the lead's `baton sandbox` exists: the engine (real S3 through s3proxy) and
 * the GitHub server on loopback, for curl or gh. Args: [port] [speed]. Prints export lines.
 */
public final class GitHubServerDemo {
    private GitHubServerDemo() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        double speed = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        S3Sandbox s3 = S3Sandbox.start();
        SimEngine engine = SimEngine.create(EngineOptions.realtime(speed).withS3(s3.newClient()));
        GitHubServer server = new GitHubServer(engine.state(), port, "ghp_sandbox").start();
        System.out.println("export GITHUB_API_URL=" + server.baseUrl());
        System.out.println("export GH_TOKEN=ghp_sandbox");
        System.out.println("export BATON_REPO=" + engine.state().repo().fullName());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            engine.close();
            s3.close();
            done.countDown();
        }));
        done.await();
    }
}
