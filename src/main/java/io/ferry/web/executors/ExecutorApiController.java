package io.ferry.web.executors;

import io.ferry.sandbox.FileDownload;
import io.ferry.web.NotFoundException;
import io.ferry.web.JsonApi;
import io.ferry.web.ReadParameters;
import io.ferry.web.TextChunk;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/executors}: the executor runs, and their stdout and stderr. A request names a run and
 * {@code file=stdout|stderr}; the path read is the run's own sandbox's, never one from the request.
 */
@RestController
@JsonApi
@RequestMapping("/api/executors")
class ExecutorApiController {

    private final ExecutorRuns runs;
    private final ExecutorLogs logs;

    ExecutorApiController(ExecutorRuns runs, ExecutorLogs logs) {
        this.runs = runs;
        this.logs = logs;
    }

    /** Running ones first, then the newest. */
    @GetMapping
    List<ExecutorRun> list() {
        return runs.all();
    }

    @GetMapping("/{id}")
    ExecutorRun run(@PathVariable String id) {
        return find(id);
    }

    /**
     * A piece of the file: without {@code offset} its last {@code length} bytes (64 KiB unless told), else from
     * {@code offset} on. To follow the file, ask again from {@code nextOffset}.
     */
    @GetMapping("/{id}/logs")
    TextChunk logs(@PathVariable String id, @RequestParam(required = false) String file,
                   @RequestParam(required = false) String offset, @RequestParam(required = false) String length) {
        LogFile which = LogFile.of(file);
        Long from = ReadParameters.offset(offset);
        int bytes = ReadParameters.length(length);
        ExecutorRun run = find(id);
        return from == null ? logs.tail(run, which, bytes) : logs.read(run, which, from, bytes);
    }

    /**
     * The whole file, passed on from the agent's {@code /files/download} as it comes: a piece at a time, so a
     * log of any size goes through in a few buffers of memory.
     */
    @GetMapping("/{id}/logs/download")
    void download(@PathVariable String id, @RequestParam(required = false) String file, HttpServletResponse response)
            throws IOException {
        LogFile which = LogFile.of(file);
        ExecutorRun run = find(id);
        try (FileDownload download = logs.download(run, which)) {
            response.setContentType("text/plain");
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(run.executorId() + "-" + run.id() + "-" + which.fileName() + ".log").build().toString());
            if (download.length() >= 0) {
                response.setContentLengthLong(download.length());
            }
            download.body().transferTo(response.getOutputStream());
        }
    }

    private ExecutorRun find(String id) {
        return runs.find(id).orElseThrow(() -> new NotFoundException(id, "no executor run " + id));
    }
}
