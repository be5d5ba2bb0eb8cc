package dev.baton.github;

import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHFileNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The repository's files as GitHub serves them (workflows, backend configs): what the workflow catalog is read from. */
final class RepoContents {
    /** Reads the repository's files four at a time; daemon threads that end when idle. */
    private static final ExecutorService FILE_READS = fileReads();

    private final GitHubTransport t;
    /**
     * path -> the text last read and its blob sha: a file the folder's listing names with the same sha is not read
     * again (its text cannot have changed), so the catalog's refresh costs one request a folder, not one a file.
     */
    private final Map<String, Read> read = new java.util.concurrent.ConcurrentHashMap<>();

    private record Read(String sha, String text) {
    }

    /**
     * How long a read handed on ({@link #filesHandedOn}) stands for the next reader: the age the watch lets its
     * catalog reach before it reads it again (watch/GitHubPoll's refresh), so a handed-on read is never staler than
     * one the watch would keep. A fleet's start takes minutes to poll every repository the judging read.
     */
    static final Duration HANDED_ON_FOR = Duration.ofMinutes(10);

    private final Clock clock;
    /** folder and suffixes -> a read left for the next read of them (once), and when it was read. */
    private final Map<String, HandedOn> handedOn = new java.util.concurrent.ConcurrentHashMap<>();

    private record HandedOn(Instant at, Map<String, String> files) {
    }

    RepoContents(GitHubTransport transport) {
        this(transport, Clock.systemUTC());
    }

    /** clock: what a handed-on read's age is measured on (tests: a manual one). */
    RepoContents(GitHubTransport transport, Clock clock) {
        this.t = transport;
        this.clock = clock;
    }

    /**
     * The files as {@link #files} reads them, this answer left for the next read of the same folder and suffixes
     * (once, for {@link #HANDED_ON_FOR}): a fleet's judging reads a repository's workflows through the client its
     * watch will poll with, and the watch's first catalog is then that read, not the folder listed a second time.
     */
    Map<String, String> filesHandedOn(String folder, String... suffixes) {
        Map<String, String> out = read(folder, suffixes);
        handedOn.put(handOnKey(folder, suffixes), new HandedOn(clock.instant(), new LinkedHashMap<>(out)));
        return out;
    }

    Map<String, String> files(String folder, String... suffixes) {
        HandedOn h = handedOn.remove(handOnKey(folder, suffixes));
        if (h != null && Duration.between(h.at(), clock.instant()).compareTo(HANDED_ON_FOR) <= 0) {
            return new LinkedHashMap<>(h.files()); // in the folder's order, as read
        }
        return read(folder, suffixes);
    }

    private static String handOnKey(String folder, String... suffixes) {
        return folder + "|" + String.join("|", suffixes);
    }

    private Map<String, String> read(String folder, String... suffixes) {
        return GitHubErrors.call("files in " + folder, () -> {
            Map<String, String> out = new LinkedHashMap<>();
            List<GHContent> entries;
            try {
                entries = t.repository().getDirectoryContent(folder);
            } catch (GHFileNotFoundException e) {
                return out;
            }
            List<GHContent> wanted = entries.stream()
                    .filter(c -> c.isFile() && Arrays.stream(suffixes).anyMatch(c.getName()::endsWith)).toList();
            // one request per file: at GitHub's 100-300 ms each, reading them one after another was most
            // of the first snapshot's wait; a few at a time, kept in the listing's order
            RequestScheduler.Priority priority = RequestScheduler.currentPriority(); // a poll's reads stay polls on the pool
            List<CompletableFuture<String>> reads = wanted.stream().map(c -> {
                Read known = read.get(c.getPath());
                if (known != null && c.getSha() != null && c.getSha().equals(known.sha())) return CompletableFuture.completedFuture(known.text());
                return CompletableFuture.supplyAsync(RequestScheduler.withPriority(priority, () -> text(c)), FILE_READS);
            }).toList();
            for (int i = 0; i < wanted.size(); i++) {
                try {
                    GHContent c = wanted.get(i);
                    String text = reads.get(i).join();
                    out.put(c.getPath(), text);
                    if (c.getSha() != null) read.put(c.getPath(), new Read(c.getSha(), text));
                } catch (CompletionException e) {
                    if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
                    throw e;
                }
            }
            java.util.Set<String> listed = new java.util.HashSet<>();
            entries.forEach(c -> listed.add(c.getPath()));
            read.keySet().removeIf(p -> p.startsWith(folder + "/") && p.indexOf('/', folder.length() + 1) < 0 && !listed.contains(p));
            return out;
        });
    }

    private static ExecutorService fileReads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "baton-github-files");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static String text(GHContent c) {
        try (InputStream in = c.read()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
