package io.ferry.samples;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.task.Task;
import io.ferry.task.TaskOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Launches sample tasks through the same {@link TaskService} application code uses, as one {@link Batch}. */
@Service
public class SampleLauncher {

    private final TaskService tasks;
    private final Batches batches;

    public SampleLauncher(TaskService tasks, Batches batches) {
        this.tasks = tasks;
        this.batches = batches;
    }

    /**
     * Launches the tasks of a (validated) request as a new batch. When the queue refuses a task, the batch keeps
     * the tasks launched before it (they run), and the refusal is thrown.
     */
    public Batch launch(SampleRequest request) {
        SampleKind kind = SampleKind.parse(request.kind());
        String name = kind.name().toLowerCase();
        String id = batches.newId();
        TaskOptions options = options(request).withName("sample-" + name)
                .withLabels(Map.of("sample", name, Batch.LABEL, id));
        List<String> ids = new ArrayList<>(request.countOrDefault());
        Instant created = Instant.now();
        Batch batch = null;
        try {
            for (int i = 0; i < request.countOrDefault(); i++) {
                TaskFuture<?> future = tasks.submit(task(kind, request, i), options);
                ids.add(future.taskId());
            }
        } finally {
            if (!ids.isEmpty()) {
                batch = new Batch(id, name, created, ids);
                batches.add(batch);
            }
        }
        return batch;
    }

    private TaskOptions options(SampleRequest request) {
        TaskOptions options = tasks.defaultOptions();
        if (request.cpus() != null) {
            options = options.withCpus(request.cpus());
        }
        if (request.mem() != null) {
            options = options.withMemMb(request.mem());
        }
        if (request.retries() != null) {
            options = options.withMaxRetries(request.retries());
        }
        return options;
    }

    private static Task<?> task(SampleKind kind, SampleRequest request, int i) {
        return switch (kind) {
            case HELLO -> new HelloTask(i);
            case PI -> new PiTask(request.samplesOrDefault(), i);
            case SLEEP -> new SleepTask(request.secondsOrDefault());
            case FAIL -> new FailTask("task " + i);
        };
    }
}
