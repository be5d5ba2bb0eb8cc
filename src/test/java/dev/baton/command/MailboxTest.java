package dev.baton.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A streaming command that stops reading keeps a few snapshots, the newest, never an unbounded queue. */
class MailboxTest {
    @Test
    void aReaderThatFallsBehindKeepsTheNewestWithinTheBound() throws InterruptedException {
        Mailbox<Integer> box = new Mailbox<>(4);
        for (int i = 1; i <= 10_000; i++) box.put(i); // a day of polls while the client does not read
        assertThat(box.size()).isEqualTo(4);
        assertThat(box.poll(0)).as("the oldest kept").isEqualTo(9_997);
        box.poll(0);
        box.poll(0);
        assertThat(box.poll(0)).as("the newest").isEqualTo(10_000);
        assertThat(box.poll(10)).as("then nothing, after a short wait").isNull();
    }
}
