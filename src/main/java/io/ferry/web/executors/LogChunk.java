package io.ferry.web.executors;

/**
 * A piece of an executor's stdout or stderr, as {@code GET /api/executors/{id}/logs} answers it.
 *
 * @param data       the bytes from {@code offset} to {@code nextOffset}, as UTF-8 text
 * @param offset     where in the file {@code data} begins
 * @param nextOffset where the next piece begins: ask for it to follow the file
 * @param size       the file's size when it was read
 */
record LogChunk(String data, long offset, long nextOffset, long size) {

    /** Whether there is more before this piece. */
    public boolean hasEarlier() {
        return offset > 0;
    }

    /** Whether the file had more after this piece when it was read. */
    public boolean hasLater() {
        return nextOffset < size;
    }
}
