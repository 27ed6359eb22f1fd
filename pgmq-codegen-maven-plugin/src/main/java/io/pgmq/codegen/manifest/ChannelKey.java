package io.pgmq.codegen.manifest;

import java.util.Set;

/**
 * A key of a manifest entry, as the settings table lists it: a {@link Setting} holding one value, or a {@link Block}
 * grouping settings under one key ({@code backoff: { base: 1s, max: 5m }}).
 */
public sealed interface ChannelKey permits Setting, Block {

    /** Returns the key's full name, dotted inside a block: {@code lease}, {@code backoff}, {@code backoff.base}. */
    String key();

    /** Returns what the key means, one or a few sentences for the reference and the JSON Schema. */
    String meaning();

    /** Returns an example value as the manifest spells it, e.g. {@code 30s} or {@code { base: 1s, max: 5m }}. */
    String example();

    /** Returns the payload types whose channels may use the key. */
    Set<PayloadType> payloadTypes();
}
