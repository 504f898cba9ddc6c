package com.example.wordcount;

import java.io.Serializable;
import java.util.Map;

/**
 * What one task sends back: the words of one text and where they were counted.
 *
 * @param words     how often each word occurs
 * @param countedBy where the task ran
 */
public record TextCount(Map<String, Long> words, CountedBy countedBy) implements Serializable {
}
