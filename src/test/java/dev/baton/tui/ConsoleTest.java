package dev.baton.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.baton.testkit.VirtualScreen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The real run loop on a virtual terminal: first frame, snapshots from another thread, quit, terminal restored. */
class ConsoleTest {
    @TempDir
    Path tmp;

    @Test
    void runsUntilQuitAndRestoresTheTerminal() throws Exception {
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(100, 30));
        Fixtures.FakeFeed feed = new Fixtures.FakeFeed(Fixtures.snapshot(), Fixtures.events());
        ConsoleOptions o = Harness.base(tmp);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Console.run(vt, feed, new Fixtures.FakeRunner(false), o));
        waitForText(vt, "deploy-production");
        var s = Fixtures.snapshot();
        feed.push(new dev.baton.model.Snapshot(s.takenAt(), s.repo(), s.mode(), s.rateLimit(), s.runs(),
                s.groups(), s.locks(), s.stages(), s.findings(), java.util.Map.of()));
        waitForGone(vt, "503");
        vt.addInput(new KeyStroke('q', false, false));
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        // leaving private mode brings back the normal buffer: the screen's text is gone
        assertThat(text(vt)).doesNotContain("deploy-production");
    }

    /**
     * Keys go first: a key read while a snapshot is being rebuilt is handled and drawn before the next snapshot that
     * waits behind it (under baton serve every screen rebuilds every snapshot; an echo queued behind one was the tail).
     * Here the second snapshot's rebuild blocks until the key's frame is seen: drawn after it, it never would be.
     */
    @Test
    void aKeysFrameGoesOutBeforeASnapshotThatWaitsBehindIt() throws Exception {
        java.util.concurrent.CountDownLatch inFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseSecond = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch keyTaken = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger rebuilds = new AtomicInteger();
        Fixtures.FakeFeed fake = new Fixtures.FakeFeed(Fixtures.snapshot(), Fixtures.events());
        dev.baton.watch.SnapshotFeed feed = new dev.baton.watch.SnapshotFeed() {
            @Override public dev.baton.model.Snapshot latest() { return fake.latest(); }
            @Override public void subscribe(java.util.function.Consumer<dev.baton.model.Snapshot> l) { fake.subscribe(l); }
            @Override public java.util.List<dev.baton.model.Event> recentEvents(int max) {
                int n = rebuilds.incrementAndGet(); // 1: the first frame's; 2: the first pushed snapshot; 3: the second
                try {
                    if (n == 2) {
                        inFirst.countDown();
                        releaseFirst.await(30, TimeUnit.SECONDS);
                    } else if (n == 3) {
                        releaseSecond.await(30, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fake.recentEvents(max);
            }
        };
        AtomicInteger keysGiven = new AtomicInteger();
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(100, 30)) {
            @Override
            public synchronized KeyStroke pollInput() {
                KeyStroke k = super.pollInput();
                if (k != null) keysGiven.incrementAndGet();
                else if (keysGiven.get() > 0) keyTaken.countDown(); // the reader came back: the key is queued for the screen
                return k;
            }
        };
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Console.run(vt, feed, new Fixtures.FakeRunner(false), Harness.base(tmp)));
        try {
            waitForText(vt, "deploy-production");
            assertThat(text(vt)).doesNotContain("VERDICT");
            fake.push(Fixtures.snapshot());
            assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue(); // the screen is rebuilding the first snapshot
            vt.addInput(new KeyStroke('2', false, false)); // the Locks tab
            assertThat(keyTaken.await(30, TimeUnit.SECONDS)).isTrue();
            fake.push(Fixtures.snapshot()); // waits behind the first, after the key
            releaseFirst.countDown();
            waitForText(vt, "VERDICT"); // drawn before the second snapshot's rebuild, which is held until the end
        } finally {
            releaseFirst.countDown();
            releaseSecond.countDown();
            vt.addInput(new KeyStroke('q', false, false));
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void endOfInputQuitsToo() throws Exception {
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Console.run(vt,
                new Fixtures.FakeFeed(Fixtures.snapshot(), Fixtures.events()), new Fixtures.FakeRunner(true), Harness.base(tmp)));
        waitForText(vt, "READ-ONLY");
        vt.addInput(new KeyStroke(KeyType.EOF));
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aFrameWithNothingChangedSendsNothing() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            AtomicInteger flushes = h.flushes();
            h.frame().frame();
            assertThat(flushes.get()).isZero();
            h.type("j");
            assertThat(flushes.get()).isEqualTo(1);
        }
    }

    private static String text(DefaultVirtualTerminal vt) {
        return VirtualScreen.text(vt);
    }

    private static void waitForText(DefaultVirtualTerminal vt, String s) throws InterruptedException {
        for (int i = 0; i < 1000 && !text(vt).contains(s); i++) Thread.sleep(5);
        assertThat(text(vt)).contains(s);
    }

    private static void waitForGone(DefaultVirtualTerminal vt, String s) throws InterruptedException {
        for (int i = 0; i < 1000 && text(vt).contains(s); i++) Thread.sleep(5);
        assertThat(text(vt)).doesNotContain(s);
    }
}
