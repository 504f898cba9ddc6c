package com.example.wordcount;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words of all texts, merged.
 *
 * @param words     how often each word occurs, over all texts
 * @param countedBy where each text was counted, in the order of the texts
 */
public record WordCount(Map<String, Long> words, List<CountedBy> countedBy) {

    static WordCount merge(List<TextCount> parts) {
        Map<String, Long> words = new TreeMap<>();
        for (TextCount part : parts) {
            part.words().forEach((word, n) -> words.merge(word, n, Long::sum));
        }
        return new WordCount(words, parts.stream().map(TextCount::countedBy).toList());
    }
}
