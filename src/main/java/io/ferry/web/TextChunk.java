package io.ferry.web;

/**
 * A piece of a text file in a sandbox (an executor's stdout or stderr, a task's own), as the JSON API answers it:
 * {@code {"data": "…", "offset": 0, "nextOffset": 120, "size": 120}}.
 *
 * @param data       the bytes from {@code offset} to {@code nextOffset}, as UTF-8 text
 * @param offset     where in the file {@code data} begins
 * @param nextOffset where the next piece begins: ask for it to follow the file
 * @param size       the file's size when it was read
 */
public record TextChunk(String data, long offset, long nextOffset, long size) {

    /** A file with nothing in it, or none at all: what a task that printed nothing has. */
    public static TextChunk empty() {
        return new TextChunk("", 0, 0, 0);
    }

    /** Whether there is more before this piece. */
    public boolean hasEarlier() {
        return offset > 0;
    }

    /** Whether the file had more after this piece when it was read. */
    public boolean hasLater() {
        return nextOffset < size;
    }
}
