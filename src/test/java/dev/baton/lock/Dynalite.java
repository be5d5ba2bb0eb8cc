package dev.baton.lock;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dynalite 4.0.0 (a DynamoDB-compatible server, in memory) on a free loopback port, for tests.
 * Found in -Dbaton.dynalite, else $BATON_DYNALITE, else ${XDG_CACHE_HOME:-~/.cache}/baton/dynalite
 * (where .ci/install-test-deps puts it). Missing: the test fails under CI=true, else it is skipped.
 */
public final class Dynalite implements AutoCloseable {
    private final Process process;
    private final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Path installDir() {
        String dir = System.getProperty("baton.dynalite");
        if (dir == null || dir.isBlank()) dir = System.getenv("BATON_DYNALITE");
        if (dir == null || dir.isBlank()) {
            String cache = System.getenv("XDG_CACHE_HOME");
            Path base = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
            return base.resolve("baton").resolve("dynalite");
        }
        return Path.of(dir);
    }

    /** Where .ci/install-test-deps puts dynalite's command. */
    static Path cli() {
        return installDir().resolve("node_modules").resolve(".bin").resolve("dynalite");
    }

    public static Dynalite start() {
        Path dir = installDir();
        Path cli = cli();
        if (!Files.exists(cli)) {
            String message = "dynalite is not installed in " + dir + ": run .ci/install-test-deps (or set BATON_DYNALITE)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(message);
            Assumptions.abort(message);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Process p = new ProcessBuilder(List.of("node", cli.toString(), "--host", "127.0.0.1", "--port", String.valueOf(port),
                        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (awaitListening(p, port)) return new Dynalite(p, port);
                p.destroyForcibly();
                last = new IOException("dynalite did not listen on port " + port);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("cannot start dynalite from " + dir + ": " + last.getMessage(), last);
    }

    /** Creates Terraform's lock table (hash key LockID, a string) and waits until it exists. */
    public static void createLockTable(software.amazon.awssdk.services.dynamodb.DynamoDbClient client, String table) {
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(a -> a.attributeName("LockID").attributeType(software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("LockID").keyType(software.amazon.awssdk.services.dynamodb.model.KeyType.HASH))
                .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));
        client.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private static boolean awaitListening(Process p, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
