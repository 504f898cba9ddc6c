package io.ferry.samples;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The batches launched lately, newest kept: at most {@value #MAX_BATCHES} of them and {@value #MAX_TASK_IDS} task ids
 * in all, the oldest batches forgotten first, so that launching all day holds no more memory than that (the ids are
 * mostly the very strings the scheduler's history holds anyway). Thread-safe.
 */
@Component
public class Batches {

    static final int MAX_BATCHES = 1000;
    static final int MAX_TASK_IDS = 100_000;

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private int taskIds;

    /** A new batch id, unique in this run of the app. */
    String newId() {
        return "b" + sequence.incrementAndGet();
    }

    synchronized void add(Batch batch) {
        batches.put(batch.id(), batch);
        taskIds += batch.taskIds().size();
        for (Iterator<Batch> oldest = batches.values().iterator();
                oldest.hasNext() && (batches.size() > MAX_BATCHES || taskIds > MAX_TASK_IDS); ) {
            Batch gone = oldest.next();
            if (gone == batch) {
                break; // the newest stays, however large
            }
            taskIds -= gone.taskIds().size();
            oldest.remove();
        }
    }

    public synchronized Optional<Batch> get(String id) {
        return Optional.ofNullable(batches.get(id));
    }
}
