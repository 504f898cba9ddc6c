package io.ferry.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.sandbox.FileChunk;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How a piece of a file is cut into whole UTF-8 characters, whatever the offset and length asked: offsets stay
 * exact bytes of the file, no piece holds a broken character, and a follower that reads on from each
 * {@code nextOffset}, a few bytes at a time, gets the file's text exactly.
 */
class SandboxTextTest {

    /** 1, 2, 3 and 4 bytes long characters, and a line feed. */
    private static final String TEXT = "héllo wörld ✓ 日本 😀\n";
    private static final byte[] FILE = TEXT.getBytes(StandardCharsets.UTF_8);

    /** What {@link SandboxText#read} makes of a read from {@code offset} (the agent gives 6 bytes more). */
    private static TextChunk read(int offset, int length) {
        int end = Math.min(FILE.length, offset + length + 6);
        return SandboxText.chunk(new FileChunk(offset, Arrays.copyOfRange(FILE, offset, end)), length, FILE.length);
    }

    @Test
    void aCharacterTheLengthWouldCutIsLeftToTheNextPiece() {
        TextChunk piece = read(0, 2); // "h" and the first byte of "é"
        assertThat(piece.data()).isEqualTo("h");
        assertThat(piece.offset()).isZero();
        assertThat(piece.nextOffset()).isEqualTo(1);
        assertThat(read(1, 2).data()).isEqualTo("é");
    }

    @Test
    void anOffsetInsideACharacterBeginsAtTheNextOne() {
        int check = TEXT.indexOf('✓');
        int at = TEXT.substring(0, check).getBytes(StandardCharsets.UTF_8).length + 1;
        TextChunk piece = read(at, 5);
        assertThat(piece.offset()).as("after the rest of ✓").isEqualTo(at + 2);
        assertThat(piece.data()).isEqualTo(" ");
        assertThat(piece.nextOffset()).as("before 日, which the length cuts").isEqualTo(at + 3);
    }

    @Test
    void aLengthShorterThanTheCharacterGivesTheCharacterWhole() {
        int emoji = TEXT.substring(0, TEXT.indexOf("😀")).getBytes(StandardCharsets.UTF_8).length;
        TextChunk piece = read(emoji, 1);
        assertThat(piece.data()).isEqualTo("😀");
        assertThat(piece.nextOffset()).isEqualTo(emoji + 4);
    }

    @Test
    void aFollowerReadingAFewBytesAtATimeGetsTheTextExactly() {
        for (int length = 1; length <= 7; length++) {
            StringBuilder text = new StringBuilder();
            long offset = 0;
            while (offset < FILE.length) {
                TextChunk piece = read((int) offset, length);
                assertThat(piece.offset()).isEqualTo(offset);
                assertThat(piece.nextOffset()).as("a read of %d bytes at %d gets on", length, offset)
                        .isGreaterThan(offset);
                text.append(piece.data());
                offset = piece.nextOffset();
            }
            assertThat(text.toString()).as("read %d bytes at a time", length).isEqualTo(TEXT);
        }
    }

    @Test
    void theEndOfAFileBeingWrittenStopsBeforeAnUnfinishedCharacter() {
        byte[] partial = Arrays.copyOf(FILE, FILE.length - 4); // "😀" cut after its first byte, and no line feed
        TextChunk piece = SandboxText.chunk(new FileChunk(0, partial), partial.length, partial.length);
        assertThat(piece.data()).isEqualTo(TEXT.substring(0, TEXT.indexOf("😀")));
        assertThat(piece.nextOffset()).isEqualTo(partial.length - 1);
    }

    @Test
    void aTailThatBeginsInsideACharacterBeginsAtTheNextOne() {
        int start = 2; // the second byte of "é"
        byte[] end = Arrays.copyOfRange(FILE, start, FILE.length);
        TextChunk tail = SandboxText.chunk(new FileChunk(start, end), end.length, FILE.length);
        assertThat(tail.offset()).isEqualTo(3);
        assertThat(tail.data()).isEqualTo(TEXT.substring(2)).doesNotContain("\uFFFD");
    }
}
