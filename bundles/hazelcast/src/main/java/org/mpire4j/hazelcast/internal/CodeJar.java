package org.mpire4j.hazelcast.internal;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One jar of a worker's code as it travels to a member: the parent's bundles (the task's, the
 * engine's, and what they are wired to), identified by the SHA-256 of their content, so a member
 * stores each version once and a redeployed bundle is a new jar.
 *
 * @param sha256 the content's hash, hex
 * @param name the jar's file name, for messages
 * @param bytes the content, or {@code null} when only the identity travels (the member has it)
 */
record CodeJar(String sha256, String name, byte[] bytes) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Reads a jar. */
    static CodeJar read(Path jar) throws IOException {
        byte[] bytes = Files.readAllBytes(jar);
        return new CodeJar(sha256(bytes), jar.getFileName().toString(), bytes);
    }

    /** This jar's identity without its content. */
    CodeJar withoutContent() {
        return bytes == null ? this : new CodeJar(sha256, name, null);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
