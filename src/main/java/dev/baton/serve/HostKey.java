package dev.baton.serve;

import dev.baton.files.PrivateFiles;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;

/**
 * The server's persistent Ed25519 host key, in OpenSSH's format: created owner-only (0600, PrivateFiles) on
 * the first start, read at every other, so operators' known_hosts stay valid across restarts.
 */
public final class HostKey {
    private final KeyPairProvider provider;
    private final KeyPair pair;
    private final boolean created;

    private HostKey(KeyPairProvider provider, KeyPair pair, boolean created) {
        this.provider = provider;
        this.pair = pair;
        this.created = created;
    }

    public static HostKey loadOrCreate(Path file) throws IOException {
        boolean created = false;
        if (!Files.exists(file)) {
            try {
                KeyPair generated = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(generated, "baton serve", null, text);
                PrivateFiles.replace(file, text.toString(StandardCharsets.UTF_8));
                created = true;
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot create the host key " + file + ": " + e.getMessage(), e);
            }
        } else {
            PrivateFiles.tighten(file); // a private key others can read is no secret
        }
        FileKeyPairProvider provider = new FileKeyPairProvider(file);
        KeyPair pair;
        try {
            Iterator<KeyPair> keys = provider.loadKeys(null).iterator();
            if (!keys.hasNext()) throw new IOException(file + ": no key in it");
            pair = keys.next();
        } catch (RuntimeException e) {
            throw new IOException("cannot read the host key " + file + ": " + e.getMessage(), e);
        }
        return new HostKey(provider, pair, created);
    }

    public KeyPairProvider provider() {
        return provider;
    }

    /** SHA256:..., as ssh prints it when it first meets the server. */
    public String fingerprint() {
        return KeyUtils.getFingerPrint(pair.getPublic());
    }

    public String type() {
        return KeyUtils.getKeyType(pair.getPublic());
    }

    public boolean created() {
        return created;
    }
}
