package com.example.wordcount;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /word-count} with a JSON array of texts: the merged count, once every task has come back. */
@RestController
class WordCountController {

    private final WordCounter counter;

    WordCountController(WordCounter counter) {
        this.counter = counter;
    }

    @PostMapping("/word-count")
    CompletableFuture<WordCount> count(@RequestBody List<String> texts,
                                       @RequestParam(defaultValue = "1") int minLength) {
        return counter.count(texts, minLength);
    }
}
