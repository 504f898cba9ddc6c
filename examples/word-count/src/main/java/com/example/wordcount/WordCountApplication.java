package com.example.wordcount;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Counts words on Mesos with Ferry. With {@code ferry.mesos.master} unset it starts Ferry's embedded local cluster,
 * so {@code java -jar} alone is enough to try it:
 *
 * <pre>
 * curl -s -H 'Content-Type: application/json' -d '["Crème brûlée", "brûlée again"]' localhost:8080/word-count
 * </pre>
 */
@SpringBootApplication
public class WordCountApplication {

    public static void main(String[] args) {
        SpringApplication.run(WordCountApplication.class, args);
    }
}
