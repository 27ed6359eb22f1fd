package io.pgmq.example;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Stand-ins for product photos and the resizing of them: the demo cares about the bytes travelling, not pixels. */
final class Photos {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int SIZE = 4096;
    private static final int FACTOR = 8;

    private Photos() {
    }

    /** A deterministic 4 KiB "photo" starting with the PNG signature. */
    static byte[] fake(String name) {
        byte[] image = new byte[SIZE];
        System.arraycopy(PNG_SIGNATURE, 0, image, 0, PNG_SIGNATURE.length);
        byte[] seed = name.getBytes(StandardCharsets.UTF_8);
        for (int i = PNG_SIGNATURE.length; i < SIZE; i++) {
            image[i] = (byte) (seed[i % seed.length] * i);
        }
        return image;
    }

    /** Keeps every eighth byte, after checking the PNG signature. */
    static byte[] shrink(byte[] image) {
        if (image.length < PNG_SIGNATURE.length
                || !Arrays.equals(image, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            throw new IllegalArgumentException("not a PNG image (" + image.length + " bytes)");
        }
        byte[] thumbnail = new byte[image.length / FACTOR];
        for (int i = 0; i < thumbnail.length; i++) {
            thumbnail[i] = image[i * FACTOR];
        }
        return thumbnail;
    }
}
