package io.ferry.samples;

import io.ferry.api.TaskFuture;
import io.ferry.api.TaskService;
import io.ferry.task.Task;
import io.ferry.task.TaskOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Launches sample tasks through the same {@link TaskService} application code uses. */
@Service
public class SampleLauncher {

    private final TaskService tasks;

    public SampleLauncher(TaskService tasks) {
        this.tasks = tasks;
    }

    /** Launches the tasks of a (validated) request and returns their ids, in order. */
    public List<String> launch(SampleRequest request) {
        SampleKind kind = SampleKind.parse(request.kind());
        TaskOptions options = tasks.defaultOptions()
                .withName("sample-" + kind.name().toLowerCase())
                .withLabels(Map.of("sample", kind.name().toLowerCase()));
        List<String> ids = new ArrayList<>(request.countOrDefault());
        for (int i = 0; i < request.countOrDefault(); i++) {
            TaskFuture<?> future = tasks.submit(task(kind, request, i), options);
            ids.add(future.taskId());
        }
        return ids;
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
