package dev.baton.github;

import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHFileNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    RepoContents(GitHubTransport transport) {
        this.t = transport;
    }

    Map<String, String> files(String folder, String... suffixes) {
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
