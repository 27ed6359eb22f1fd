package io.pgmq.codegen.manifest;

import java.util.List;
import java.util.Objects;

/**
 * The roles that may send to and receive from a channel.
 *
 * <p>Immutable and thread-safe. Lists keep the manifest's order and hold no duplicates.
 *
 * @param send roles granted send, possibly empty
 * @param receive roles granted receive, possibly empty
 */
public record Grants(List<String> send, List<String> receive) {

    /** No grants. */
    public static final Grants NONE = new Grants(List.of(), List.of());

    /** Copies the lists and rejects duplicates. */
    public Grants {
        send = List.copyOf(Objects.requireNonNull(send, "send"));
        receive = List.copyOf(Objects.requireNonNull(receive, "receive"));
        if (send.stream().distinct().count() != send.size()) {
            throw new IllegalArgumentException("send roles must be distinct, were " + send);
        }
        if (receive.stream().distinct().count() != receive.size()) {
            throw new IllegalArgumentException("receive roles must be distinct, were " + receive);
        }
    }
}
