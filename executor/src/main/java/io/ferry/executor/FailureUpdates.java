package io.ferry.executor;

import com.google.protobuf.ByteString;
import io.ferry.task.RemoteError;
import io.ferry.wire.JavaSerialization;
import java.io.IOException;
import java.util.Arrays;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Turns a task's throwable into its {@code TASK_FAILED} update: the Java-serialized {@link RemoteError} in
 * {@code data} and its {@code toString()}, cut short, in {@code message}. A failure must be reported even when its
 * details cannot be: an error too large for the result limit is sent trimmed, and failing that with no data.
 */
final class FailureUpdates {

    /** Longest {@code TaskStatus.message}: it is for people and logs; the full error travels in {@code data}. */
    static final int MAX_MESSAGE_CHARS = 1024;
    /** Frames and message length kept per throwable in the trimmed fallback error. */
    private static final int TRIMMED_FRAMES = 64;
    private static final int TRIMMED_MESSAGE_CHARS = 16 * 1024;

    private final int maxResultBytes;

    FailureUpdates(int maxResultBytes) {
        this.maxResultBytes = maxResultBytes;
    }

    TaskUpdate update(String taskId, Throwable t) {
        String message = t.toString();
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        }
        return new TaskUpdate(taskId, TaskState.TASK_FAILED, serialize(withoutPoolFrames(RemoteError.of(t))),
                message);
    }

    /**
     * The error without the frames below the task's start, the executor's thread pool's: they say nothing about
     * the task and take room in every failure (a limit of a few hundred bytes must still carry a short error).
     */
    static RemoteError withoutPoolFrames(RemoteError error) {
        if (error == null) {
            return null;
        }
        StackTraceElement[] frames = error.stackTrace();
        int end = frames.length;
        for (int i = frames.length - 1; i >= 0; i--) {
            if (TASK_START_CLASS.equals(frames[i].getClassName()) && "run".equals(frames[i].getMethodName())) {
                end = i + 1;
                break;
            }
        }
        return new RemoteError(error.className(), error.message(), Arrays.copyOf(frames, end),
                withoutPoolFrames(error.cause()));
    }

    /** Where a task's thread enters the task: the last frame a remote stack keeps. */
    private static final String TASK_START_CLASS = TaskExecution.class.getName();

    /** The error, else a trimmed copy, else nothing. */
    private ByteString serialize(RemoteError error) {
        for (RemoteError candidate : new RemoteError[]{error, trim(error)}) {
            try {
                return JavaSerialization.serializeToByteString(candidate, maxResultBytes);
            } catch (IOException | RuntimeException e) {
                // try the next, smaller form
            }
        }
        return ByteString.EMPTY;
    }

    static RemoteError trim(RemoteError error) {
        if (error == null) {
            return null;
        }
        String message = error.message();
        if (message != null && message.length() > TRIMMED_MESSAGE_CHARS) {
            message = message.substring(0, TRIMMED_MESSAGE_CHARS) + "... (cut by Ferry)";
        }
        StackTraceElement[] frames = error.stackTrace();
        return new RemoteError(error.className(), message,
                Arrays.copyOf(frames, Math.min(frames.length, TRIMMED_FRAMES)), trim(error.cause()));
    }
}
