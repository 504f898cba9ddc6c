package com.example.wordcount;

import io.ferry.api.TaskService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/** Counts the words of each text in a task of its own on the cluster, in parallel, and merges the counts. */
@Service
public class WordCounter {

    private final TaskService tasks;

    public WordCounter(TaskService tasks) {
        this.tasks = tasks;
    }

    public CompletableFuture<WordCount> count(List<String> texts, int minLength) {
        List<CompletableFuture<TextCount>> parts = new ArrayList<>();
        for (String text : texts) {
            // The task captures the locals text and minLength only. Had it used a field of this bean, it would
            // capture the bean itself, which cannot be serialized: submit would refuse it, naming WordCounter.
            parts.add(tasks.submit(() -> new TextCount(Words.count(text, minLength), CountedBy.here())));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> WordCount.merge(parts.stream().map(CompletableFuture::join).toList()));
    }
}
