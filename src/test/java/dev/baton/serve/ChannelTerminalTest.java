package dev.baton.serve;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The channel's terminal reads keys as a local tty hands them over. */
class ChannelTerminalTest {
    @Test
    void aClientsCarriageReturnIsEnterAsOnALocalTty() throws Exception {
        ChannelTerminal t = new ChannelTerminal(new ByteArrayInputStream("a\rb\n".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), 80, 24);
        KeyStroke a = t.readInput();
        KeyStroke cr = t.readInput();
        KeyStroke b = t.readInput();
        KeyStroke nl = t.readInput();
        assertThat(a.getCharacter()).isEqualTo('a');
        assertThat(cr.getKeyType()).as("raw-mode ssh sends CR for Enter").isEqualTo(KeyType.Enter);
        assertThat(b.getCharacter()).isEqualTo('b');
        assertThat(nl.getKeyType()).isEqualTo(KeyType.Enter);
    }
}
