package com.example.wordcount;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.lang3.StringUtils;

/** How a text is cut into words: accents stripped (with commons-lang3), lower case, split at anything else. */
final class Words {

    private Words() {
    }

    /** How often each word of at least {@code minLength} characters occurs in {@code text}. */
    static Map<String, Long> count(String text, int minLength) {
        String plain = StringUtils.lowerCase(StringUtils.stripAccents(text), Locale.ROOT);
        Map<String, Long> counts = new TreeMap<>();
        for (String word : plain.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty() && word.length() >= minLength) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        return counts;
    }
}
